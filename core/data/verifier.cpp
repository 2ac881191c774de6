#include "verifier.h"

#include "sha256.h"

#include <QElapsedTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
constexpr qint64 kProgressIntervalMs = 100;
}

Verifier::Verifier(SinkReader &reader)
    : m_reader(reader)
{
}

void Verifier::setProgressCallback(Progress progress)
{
    m_progress = std::move(progress);
}

void Verifier::setCancelFlag(const std::atomic<bool> *cancelled)
{
    m_cancelled = cancelled;
}

Result<QString> Verifier::digestOf(const ChunkDigest &chunk, char *buffer)
{
    Sha256 sha;
    for (qint64 done = 0; done < chunk.length;) {
        if (m_cancelled && m_cancelled->load())
            return fail(ErrorCode::Cancelled, u"Verification was cancelled."_s);
        const qint64 piece = std::min(chunk.length - done, kReadBlock);
        if (auto read = m_reader.read(chunk.offset + done, std::span<char>(buffer, size_t(piece))); !read)
            return std::unexpected(read.error().prefixed(u"Cannot read the written disk back to verify it"_s));
        sha.update(QByteArrayView(buffer, piece));
        done += piece;
    }
    return sha.finalHex();
}

Result<VerifyReport> Verifier::verify(const QList<ChunkDigest> &chunks)
{
    qint64 total = 0;
    for (const ChunkDigest &chunk : chunks)
        total += chunk.length;
    const auto buffer = std::make_unique_for_overwrite<char[]>(size_t(kReadBlock));
    VerifyReport report;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    for (const ChunkDigest &chunk : chunks) {
        const auto actual = digestOf(chunk, buffer.get());
        if (!actual)
            return std::unexpected(actual.error());
        if (*actual != chunk.sha256.toLower())
            report.mismatches.append(VerifyMismatch{chunk.offset, chunk.length, chunk.sha256, *actual});
        ++report.chunksChecked;
        report.bytesChecked += chunk.length;
        if (m_progress && (sinceProgress.elapsed() >= kProgressIntervalMs || report.bytesChecked == total)) {
            m_progress(report.bytesChecked, total);
            sinceProgress.restart();
        }
    }
    return report;
}

} // namespace Ferry
