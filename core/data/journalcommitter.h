#pragma once

#include "base/error.h"
#include "chunkdigest.h"
#include "chunkprogress.h"

#include <QList>

#include <chrono>
#include <memory>
#include <optional>

namespace Ferry {

class ResumeJournal;
class Sink;

// Group commit for the resume journal. Making every chunk durable on its own (an
// fdatasync of the target and one of the journal per chunk, on the fetch thread that
// wrote it) stalled that thread's connections while the disk caught up. Instead the
// engine only drains a chunk (SinkWriter::drain: visible, not yet durable) and reports
// it here; a thread of its own, about once per interval, calls Sink::sync() and then
// appends every chunk reported before that sync to the journal with one write and one
// fdatasync.
//
// Contract: a chunk in the journal is always durable on the target, because a chunk is
// taken into a batch before the sync that covers it starts, and the batch is appended
// only after that sync succeeded. A crash loses at most the last interval's chunks from
// the journal; --resume fetches them again. The same holds for a chunk's written prefix
// (chunkProgress(), the journal's part records): a pause keeps what arrived, not only
// whole chunks. A batch holds one record per chunk: its digested record if it has one
// (a part record for it is then redundant), else its largest prefix.
//
// Errors: the first failed sync or append is kept; nothing is appended after it, and
// chunkWritten() ignores further chunks. error() reports it so the caller can stop.
//
// Threads: chunkWritten() and error() are thread-safe. stop() must not race with itself.
// The sink and journal must outlive the committer; the caller must not commit or
// discard the sink before stop() returned. Memory: one small record per chunk pending.
class JournalCommitter
{
public:
    JournalCommitter(Sink &sink, ResumeJournal &journal, std::chrono::milliseconds interval = std::chrono::seconds(1));
    // Stops without committing what is pending.
    ~JournalCommitter();
    JournalCommitter(const JournalCommitter &) = delete;
    JournalCommitter &operator=(const JournalCommitter &) = delete;

    void start();
    // The chunk's bytes were drained by their writer. Cheap: only queues the record.
    void chunkWritten(const ChunkDigest &chunk);
    // The chunk's first progress.written bytes were drained by their writers. Cheap.
    void chunkProgress(const ChunkProgress &progress);
    std::optional<Error> error() const;
    // Ends the thread. With commitPending, first syncs and records every chunk reported
    // so far. Returns the first error of the committer's life, if any.
    Result<void> stop(bool commitPending);
    // Records appended to the journal so far, for tests and logs.
    qint64 committedChunks() const;
    // Sink::sync() calls so far.
    qint64 syncs() const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
