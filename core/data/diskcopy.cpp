#include "diskcopy.h"

#include "base/diskcapacity.h"
#include "journalcommitter.h"
#include "resumejournal.h"
#include "sequentialdigest.h"
#include "sink.h"
#include "verifier.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Ferry {

DiskCopy::DiskCopy(DiskReport report, QUrl url, std::unique_ptr<Sink> sink)
    : m_report(std::move(report))
    , m_url(std::move(url))
    , m_sink(std::move(sink))
{
    m_report.target = m_sink->target();
    m_report.format = m_sink->format();
}

DiskCopy::~DiskCopy()
{
    // The digest and commit threads use the sink: stop them before the sink goes.
    m_digest.reset();
    m_committer.reset();
}

Result<DiskTransferSpec> DiskCopy::prepare(qint64 chunkSize, bool resume)
{
    // Before the sink sizes anything from it (a written-block map, a qcow2 image).
    if (auto valid = DiskCapacity::check(m_report.capacity); !valid)
        return std::unexpected(valid.error().prefixed(m_report.label));
    const ResumeJournal::Source source{m_url.toString(QUrl::RemoveUserInfo), m_report.capacity, chunkSize, {}};
    const bool resuming = resume && QFileInfo::exists(m_sink->target()) && QFileInfo::exists(ResumeJournal::pathFor(m_sink->target()));
    if (auto opened = m_sink->open(m_report.capacity, resuming ? Sink::OpenMode::Resume : Sink::OpenMode::Create); !opened)
        return std::unexpected(opened.error());
    auto journal = resuming ? ResumeJournal::resume(m_sink->target(), source) : ResumeJournal::create(m_sink->target(), source);
    if (!journal)
        return std::unexpected(journal.error());
    m_journal = std::move(*journal);
    m_committer = std::make_unique<JournalCommitter>(*m_sink, *m_journal);
    m_committer->start();

    auto reader = m_sink->createReader();
    if (!reader)
        return std::unexpected(reader.error());
    m_digest = std::make_unique<SequentialDigest>(m_report.capacity, std::move(*reader),
                                                  [this](const ChunkDigest &chunk) { chunkDigested(chunk); });

    DiskTransferSpec spec;
    spec.label = m_report.label;
    spec.source = m_report.source;
    spec.url = m_url;
    spec.capacity = m_report.capacity;
    spec.sink = m_sink.get();
    spec.recorder = this;
    for (const ChunkDigest &chunk : m_journal->completedChunks()) {
        spec.completedChunks.insert(chunk.offset / chunkSize);
        m_report.bytesResumed += chunk.length;
        // A chunk kept by a part record has no chain yet: the digest reads it back and
        // gives it one (journaled then), and --verify checks the target against that.
        if (!chunk.chain.isEmpty()) {
            m_resumedOffsets.insert(chunk.offset);
            m_chunks.append(chunk);
        }
        m_digest->chunkCompleted(chunk);
    }
    for (const ChunkProgress &part : m_journal->partialChunks()) {
        spec.partialChunks.insert(part.offset / chunkSize, part.written);
        m_report.bytesResumed += part.written;
    }
    m_digest->start();
    return spec;
}

void DiskCopy::chunkCompleted(const ChunkDigest &chunk)
{
    // The engine reports a disk's last chunk before diskFinished, and finish() or abandon()
    // run only after it; the lock keeps a broken order from touching a digest being reset.
    std::lock_guard lock(m_chunksMutex);
    Q_ASSERT(!m_closed);
    if (m_closed)
        return;
    m_copiedAny = true;
    // Chunks finish out of order and the digest journals only its contiguous prefix: the
    // whole chunk is kept now, its digested record follows (and replaces this one when
    // both fall into the same group commit).
    m_committer->chunkProgress({chunk.index, chunk.offset, chunk.length, chunk.length});
    m_digest->chunkCompleted(chunk);
}

void DiskCopy::chunkProgress(const ChunkProgress &progress)
{
    std::lock_guard lock(m_chunksMutex);
    Q_ASSERT(!m_closed);
    if (!m_closed)
        m_committer->chunkProgress(progress);
}

void DiskCopy::chunkDigested(const ChunkDigest &chunk)
{
    // A resumed chunk keeps the chain its journal recorded, so --verify compares the
    // target with what was fetched, not with itself.
    if (m_resumedOffsets.contains(chunk.offset))
        return;
    {
        std::lock_guard lock(m_chunksMutex);
        m_chunks.append(chunk);
    }
    m_committer->chunkWritten(chunk);
}

void DiskCopy::close()
{
    std::lock_guard lock(m_chunksMutex);
    m_closed = true;
}

std::optional<Error> DiskCopy::recordError() const
{
    return m_committer ? m_committer->error() : std::nullopt;
}

Result<void> DiskCopy::finish(const DiskTransferStats &stats, bool verify, const std::atomic<bool> *cancelled)
{
    m_report.bytesFetched = stats.bytesFetched;
    m_report.bytesZero = stats.bytesZero;
    m_report.seconds = stats.seconds;
    m_report.retries = stats.retries;
    m_report.responses503 = stats.responses503;
    m_report.bottleneck = stats.bottleneck;
    close();

    // The engine reported every chunk it will: a missing one fails the digest, not hangs it.
    m_digest->allChunksReported();
    auto digest = m_digest->finalHex(cancelled);
    m_digest.reset();
    // The digest handed every record it reached to the committer. They are committed even
    // if the digest or the verification fails: abandon() keeps the partial target and
    // --resume should not fetch them again.
    if (auto committed = m_committer->stop(true); !committed)
        return committed;
    if (!digest)
        return std::unexpected(digest.error());
    m_report.sha256 = *digest;
    if (verify) {
        if (auto checked = this->verify(cancelled); !checked)
            return checked;
    }
    if (auto committed = m_sink->commit(); !committed)
        return committed;
    // The target is complete and synced; the journal has done its job.
    return m_journal->remove();
}

Result<void> DiskCopy::verify(const std::atomic<bool> *cancelled)
{
    auto reader = m_sink->createReader();
    if (!reader)
        return std::unexpected(reader.error());
    Verifier verifier(**reader);
    verifier.setCancelFlag(cancelled);
    QList<ChunkDigest> chunks;
    {
        std::lock_guard lock(m_chunksMutex);
        chunks = m_chunks;
    }
    auto report = verifier.verify(chunks);
    if (!report)
        return std::unexpected(report.error());
    m_report.mismatches = report->mismatches;
    m_report.verified = report->ok();
    if (!report->ok()) {
        const VerifyMismatch &first = report->mismatches.first();
        return fail(ErrorCode::Integrity,
                    u"%1: %2 chunk(s) read back differ from what was hashed during the copy, the first at offset %3"_s.arg(m_report.label)
                        .arg(report->mismatches.size())
                        .arg(first.offset),
                    u"expected sha256 %1, found %2"_s.arg(first.expected, first.actual));
    }
    return {};
}

void DiskCopy::abandon(const Error &error, bool keepPartial)
{
    m_report.error = error.toString();
    close();
    if (m_digest) {
        // Kept for --resume: let the digest reach the end of the contiguous prefix first,
        // since only digested chunks (with their chain) are journaled. It fails at the
        // first gap, which is expected here. Nothing new to journal when this run copied
        // no chunk (e.g. it stopped before the copy began): then a resumed prefix is not
        // read back again for nothing.
        bool copiedAny = false;
        {
            std::lock_guard lock(m_chunksMutex);
            copiedAny = m_copiedAny;
        }
        if (keepPartial && copiedAny) {
            m_digest->allChunksReported();
            (void)m_digest->finalHex();
        }
        m_digest->cancel();
        m_digest.reset();
    }
    // Committing pending chunks syncs the sink first; after a sink failure that sync
    // fails and nothing more is recorded, which is what --resume needs.
    if (m_committer)
        (void)m_committer->stop(keepPartial);
    m_sink->discard(keepPartial);
    if (m_journal && !keepPartial)
        (void)m_journal->remove();
    if (m_journal && keepPartial)
        m_report.bytesKept = m_journal->bytesKept();
    m_journal.reset();
}

const DiskReport &DiskCopy::report() const
{
    return m_report;
}

} // namespace Ferry
