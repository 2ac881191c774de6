#pragma once

#include "base/error.h"
#include "chunkdigest.h"
#include "sink.h"

#include <QByteArrayView>

#include <memory>
#include <span>

namespace Ferry {

// The data side of one chunk: the engine feeds the bytes of ONE Range GET, in order, as
// they arrive. The processor gathers them into a 256 KiB block buffer, splits every full
// block into 64 KiB zero/data runs, writes data runs with SinkWriter::write and zero
// runs with SinkWriter::zero (consecutive zero runs are merged into one request, even
// across blocks) and maps the zero blocks. It hashes nothing: SequentialDigest hashes
// the disk once, in order, and gives each chunk its chaining value (ChunkDigest::chain).
//
// Thread affinity: none. A processor is used by one thread at a time but may move to
// another thread between calls (the engine resumes a dropped range at
// offset() + received() on any connection); that is why the writer is passed per call.
// Bytes still buffered are written through whichever writer the next call brings.
//
// Memory: the 256 KiB buffer is allocated on the first append() and released by finish(),
// so queued processors cost almost nothing.
//
// Errors: when a write fails or the bytes do not fit the chunk, the error is returned
// and the processor stays failed (every later call returns the same error); the chunk
// must then be fetched again with a new processor.
//
// Durability: when finish() returns, the chunk's bytes have been handed to the writer but
// may still be in flight (NbdSink keeps requests in flight). RangeConnection calls
// writer.drain() before the chunk's record goes to the disk's ChunkRecorder (whose
// SequentialDigest reads the chunk back); JournalCommitter calls Sink::sync() before it
// appends the chunk to the ResumeJournal.
class ChunkProcessor
{
public:
    // Small enough that zero detection and the write of a block find it in
    // the L2 cache (1 MiB blocks cost measurably more CPU per byte on the bench VM), large
    // enough for NBD requests of a few hundred KiB.
    static constexpr qsizetype kBlockBufferSize = 256 * 1024;

    ChunkProcessor(qint64 chunkOffset, qint64 chunkLength, qint64 index = -1);
    ~ChunkProcessor();
    ChunkProcessor(ChunkProcessor &&other) noexcept;
    ChunkProcessor &operator=(ChunkProcessor &&other) noexcept;
    ChunkProcessor(const ChunkProcessor &) = delete;
    ChunkProcessor &operator=(const ChunkProcessor &) = delete;

    qint64 offset() const;
    qint64 length() const;
    qint64 index() const;
    // Bytes appended so far (written or still buffered). A dropped range resumes at
    // offset() + received().
    qint64 received() const;
    // Bytes from the chunk's start already handed to a writer (data written, zero runs
    // requested): received() less what is still buffered or a zero run not yet sent.
    // Always a multiple of kZeroBlock until finish(). Once the writers drained them they
    // are what a pause keeps of this chunk (ChunkProgress).
    qint64 writtenPrefix() const;
    // Sends a zero run still held back for merging, so writtenPrefix() covers every
    // block split so far (a pause keeps a zero region in flight too). Costs one zero
    // request more per call at most.
    Result<void> sendPendingZeros(SinkWriter &writer);
    // Resume: the chunk's first `written` bytes are already on the target (an earlier
    // run's ChunkProgress); the processor expects the rest. Only before the first
    // append(); written must be a multiple of kZeroBlock below length(). Those bytes
    // count as data (zeroBlocks clear), so the digest reads them back.
    void startAfter(qint64 written);

    // Refuses bytes beyond length() (a server that sends more than asked) with
    // ErrorCode::Integrity.
    Result<void> append(QByteArrayView bytes, SinkWriter &writer);
    // Where the next bytes would be buffered: a caller may read them straight into this
    // space and then append() a view of exactly what it read there, which then costs no
    // copy. Empty when the chunk is complete or failed.
    std::span<char> appendWindow();
    // Requires received() == length(); writes the tail and returns the chunk's record
    // (without its chain, which SequentialDigest adds).
    Result<ChunkDigest> finish(SinkWriter &writer);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
