#pragma once

#include "base/error.h"
#include "chunkdigest.h"
#include "chunkrecorder.h"
#include "diskreport.h"
#include "disktransferspec.h"
#include "disktransferstats.h"

#include <QList>
#include <QSet>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

namespace Ferry {

class JournalCommitter;
class ResumeJournal;
class SequentialDigest;
class Sink;

// Everything around one disk's copy except the network: its sink, its resume journal,
// its whole-disk digest and the chunk digests that --verify checks. The transfer engine
// fetches; DiskCopy makes what it fetched durable, provable and resumable.
//
// Lifecycle: prepare() -> engine runs (chunkCompleted() per chunk, straight from the
// fetch threads: the spec names this copy as the disk's ChunkRecorder) -> finish() or
// abandon() once the engine reported the disk finished.
// Threads: chunkCompleted() and recordError() are thread-safe. prepare(), finish() and
// abandon() block (qemu-nbd start/stop, read-back): prepare() runs before the engine
// starts; finish() and abandon() afterwards run on the runner's step thread, never on
// the thread that relays the engine's progress.
class DiskCopy final : public ChunkRecorder
{
public:
    DiskCopy(DiskReport report, QUrl url, std::unique_ptr<Sink> sink);
    ~DiskCopy() override;
    DiskCopy(const DiskCopy &) = delete;
    DiskCopy &operator=(const DiskCopy &) = delete;

    // Creates (or with resume, reopens) the target and its journal and returns what the
    // engine needs. chunkSize must be the engine's.
    Result<DiskTransferSpec> prepare(qint64 chunkSize, bool resume);
    // Records a drained chunk: the running digest reads it back in disk order and gives it
    // its chain; then the journal records it once a group commit made it durable
    // (JournalCommitter). After a failed group commit the journal records nothing more
    // (recordError() says why). Until then a part record keeps it (the digest may wait
    // for a chunk before it).
    void chunkCompleted(const ChunkDigest &chunk) override;
    // An unfinished chunk's drained prefix: journaled by the next group commit.
    void chunkProgress(const ChunkProgress &progress) override;
    // The first failed group commit: the copy could not be resumed truthfully, so the
    // caller should stop it. Cheap; any thread.
    std::optional<Error> recordError() const;
    // After the engine finished this disk: final digest, optional verify, commit.
    // The report is complete afterwards, success or not.
    Result<void> finish(const DiskTransferStats &stats, bool verify, const std::atomic<bool> *cancelled);
    // After a failure or cancel: releases everything; keeps the partial target and its
    // journal only when keepPartial (for --resume), and then sets the report's
    // bytesKept to what the journal holds.
    void abandon(const Error &error, bool keepPartial);

    const DiskReport &report() const;

private:
    void close();
    // Digest thread, in disk order: the chunk's record with its chain.
    void chunkDigested(const ChunkDigest &chunk);
    Result<void> verify(const std::atomic<bool> *cancelled);

    DiskReport m_report;
    QUrl m_url;
    std::unique_ptr<Sink> m_sink;
    std::unique_ptr<ResumeJournal> m_journal;
    // Uses m_sink and m_journal: destroyed (stopped) before them.
    std::unique_ptr<JournalCommitter> m_committer;
    std::unique_ptr<SequentialDigest> m_digest;
    mutable std::mutex m_chunksMutex; // chunkCompleted() runs on the fetch threads
    QList<ChunkDigest> m_chunks;      // every chunk's digest, resumed ones included
    QSet<qint64> m_resumedOffsets;    // chunks the journal had with a chain; written in prepare() only
    bool m_closed = false;            // finish() or abandon() began: no more records (guarded by m_chunksMutex)
    bool m_copiedAny = false;         // the engine reported a chunk of this run (guarded by m_chunksMutex)
};

} // namespace Ferry
