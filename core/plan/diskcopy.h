#pragma once

#include "error.h"
#include "plan/migrationreport.h"
#include "transfer/chunkdigest.h"
#include "transfer/disktransferspec.h"
#include "transfer/disktransferstats.h"

#include <QList>

#include <atomic>
#include <memory>

namespace Ferry {

class JournalCommitter;
class ResumeJournal;
class SequentialDigest;
class Sink;

// Everything around one disk's copy except the network: its sink, its resume journal,
// its whole-disk digest and the chunk digests that --verify checks. The transfer engine
// fetches; DiskCopy makes what it fetched durable, provable and resumable.
//
// Lifecycle: prepare() -> engine runs (chunkCompleted() per chunk) -> finish() or abandon().
// Threads: prepare(), finish() and abandon() block (qemu-nbd start/stop, read-back);
// call them off the GUI thread.
class DiskCopy
{
public:
    DiskCopy(DiskReport report, QUrl url, std::unique_ptr<Sink> sink);
    ~DiskCopy();
    DiskCopy(const DiskCopy &) = delete;
    DiskCopy &operator=(const DiskCopy &) = delete;

    // Creates (or with resume, reopens) the target and its journal and returns what the
    // engine needs. chunkSize must be the engine's.
    Result<DiskTransferSpec> prepare(qint64 chunkSize, bool resume);
    // Records a drained chunk: the running digest reads it back at once; the journal
    // records it once a group commit made it durable (JournalCommitter). Fails when an
    // earlier group commit failed: the copy could not be resumed truthfully.
    Result<void> chunkCompleted(const ChunkDigest &chunk);
    // After the engine finished this disk: final digest, optional verify, commit.
    // The report is complete afterwards, success or not.
    Result<void> finish(const DiskTransferStats &stats, bool verify, const std::atomic<bool> *cancelled);
    // After a failure or cancel: releases everything; keeps the partial target and its
    // journal only when keepPartial (for --resume).
    void abandon(const Error &error, bool keepPartial);

    const DiskReport &report() const;

private:
    Result<void> verify(const std::atomic<bool> *cancelled);

    DiskReport m_report;
    QUrl m_url;
    std::unique_ptr<Sink> m_sink;
    std::unique_ptr<ResumeJournal> m_journal;
    // Uses m_sink and m_journal: destroyed (stopped) before them.
    std::unique_ptr<JournalCommitter> m_committer;
    std::unique_ptr<SequentialDigest> m_digest;
    QList<ChunkDigest> m_chunks; // every chunk's digest, resumed ones included
};

} // namespace Ferry
