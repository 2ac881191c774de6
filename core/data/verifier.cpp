#include "verifier.h"

#include "sha256.h"

#include <QElapsedTimer>

#include <algorithm>
#include <memory>
#include <optional>

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

Result<QString> Verifier::digestOf(const ChunkDigest &chunk, const QString &startChain, char *buffer)
{
    std::optional<Sha256> sha = chunk.offset == 0 ? std::optional<Sha256>(Sha256()) : Sha256::resume(startChain, chunk.offset);
    if (!sha)
        return fail(ErrorCode::Internal, u"The chunk before offset %1 has no valid chain to verify from."_s.arg(chunk.offset));
    for (qint64 done = 0; done < chunk.length;) {
        if (m_cancelled && m_cancelled->load())
            return fail(ErrorCode::Cancelled, u"Verification was cancelled."_s);
        const qint64 piece = std::min(chunk.length - done, kReadBlock);
        if (auto read = m_reader.read(chunk.offset + done, std::span<char>(buffer, size_t(piece))); !read)
            return std::unexpected(read.error().prefixed(u"Cannot read the written disk back to verify it"_s));
        sha->update(QByteArrayView(buffer, piece));
        done += piece;
    }
    return sha->chunkEndHex();
}

Result<VerifyReport> Verifier::verify(const QList<ChunkDigest> &unordered)
{
    QList<ChunkDigest> chunks = unordered;
    std::sort(chunks.begin(), chunks.end(), [](const ChunkDigest &a, const ChunkDigest &b) { return a.offset < b.offset; });
    qint64 total = 0;
    for (const ChunkDigest &chunk : chunks)
        total += chunk.length;
    const auto buffer = std::make_unique_for_overwrite<char[]>(size_t(kReadBlock));
    VerifyReport report;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    QString previousChain;
    qint64 previousEnd = 0;
    for (const ChunkDigest &chunk : chunks) {
        // Each chunk is checked from the chain its predecessor recorded, not from what the
        // predecessor's bytes hash to now: one bad chunk does not make the rest mismatch.
        if (chunk.offset != previousEnd)
            return fail(ErrorCode::Internal, u"The chunks to verify do not tile the disk."_s,
                        u"expected a chunk at offset %1, found one at %2"_s.arg(previousEnd).arg(chunk.offset));
        const auto actual = digestOf(chunk, previousChain, buffer.get());
        if (!actual)
            return std::unexpected(actual.error());
        if (*actual != chunk.chain.toLower())
            report.mismatches.append(VerifyMismatch{chunk.offset, chunk.length, chunk.chain, *actual});
        previousChain = chunk.chain;
        previousEnd = chunk.offset + chunk.length;
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
