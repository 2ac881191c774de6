#pragma once

#include "base/error.h"
#include "chunkdigest.h"
#include "sink.h"

#include <QList>

#include <atomic>
#include <functional>

namespace Ferry {

// One chunk whose bytes on the target do not match the digest taken while fetching.
struct VerifyMismatch
{
    qint64 offset = 0;
    qint64 length = 0;
    QString expected;
    QString actual;
};

struct VerifyReport
{
    qint64 chunksChecked = 0;
    qint64 bytesChecked = 0;
    QList<VerifyMismatch> mismatches;

    bool ok() const { return mismatches.isEmpty(); }
};

// --verify: reads the written disk back through a SinkReader, recomputes every chunk's
// chain (ChunkDigest::chain: the disk hash continued from the previous chunk's recorded
// chain over this chunk's bytes) and compares it with the one recorded while copying.
// The chunks must tile the disk from offset 0 (in any order). Holes are read like
// everything else: the point is to check what is really on the target.
//
// Threads: verify() blocks; run it on a worker thread. The progress callback runs on
// that thread, at most about ten times a second and once at the end. Memory: one 4 MiB
// buffer.
class Verifier
{
public:
    static constexpr qint64 kReadBlock = 4 * 1024 * 1024;
    using Progress = std::function<void(qint64 bytesDone, qint64 bytesTotal)>;

    explicit Verifier(SinkReader &reader);

    void setProgressCallback(Progress progress);
    // Checked between reads; verify() then fails with ErrorCode::Cancelled.
    void setCancelFlag(const std::atomic<bool> *cancelled);

    // A mismatch is a result, not an error; errors are read failures and cancellation.
    Result<VerifyReport> verify(const QList<ChunkDigest> &chunks);

private:
    Result<QString> digestOf(const ChunkDigest &chunk, const QString &startChain, char *buffer);

    SinkReader &m_reader;
    Progress m_progress;
    const std::atomic<bool> *m_cancelled = nullptr;
};

} // namespace Ferry
