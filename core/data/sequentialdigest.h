#pragma once

#include "base/error.h"
#include "chunkdigest.h"
#include "sink.h"

#include <atomic>
#include <functional>
#include <memory>

namespace Ferry {

// SHA-256 of the whole virtual disk as written (equal to sha256sum of a raw output),
// although chunks complete out of order. The engine reports every chunk once it is
// written and drained; a thread of its own advances over the contiguous prefix of
// completed chunks and reads their data back through a SinkReader in 256 KiB blocks.
// This is the only SHA-256 pass over the disk's bytes: at the end of each chunk the
// digest records the hash's chaining value in the chunk's record (ChunkDigest::chain)
// and hands the record to the ChunkDigested callback (the resume journal, --verify).
//
// Zero runs are not read: the chunk's zeroBlocks map (from ChunkProcessor) says which
// 64 KiB blocks were all zero, and those are hashed from a zero page. Reading a hole is
// cheap for a raw file, but through qemu-nbd every byte still crosses a socket and gets
// copied, and thin disks are mostly zeros. A chunk without a map (loaded from the resume
// journal) is read in full unless its zeroBytes says it is all zero.
//
// Contract: chunkCompleted(chunk) only after the chunk's bytes were drained by the writer
// that wrote them (SinkWriter::drain), so another connection reads them back. Chunks
// must tile [0, capacity) exactly; an overlap or a chunk reported twice is an error.
//
// Once the producer has nothing more to report it says so (allChunksReported); from then
// on a gap in the chunks is an error, not a wait, so finalHex() cannot hang on a chunk
// count that does not add up to the capacity.
//
// Threads: chunkCompleted, allChunksReported, digestedBytes, isFinished and cancel are
// thread-safe. finalHex() blocks until the disk is digested: never call it on the GUI thread.
// Memory: one 256 KiB buffer plus a small record (with a 64-byte map per 32 MiB chunk)
// for each chunk completed ahead of the contiguous prefix.
class SequentialDigest
{
public:
    // Each block is hashed right after it was read, while it is still in the L2 cache;
    // larger reads cost more CPU per byte (in the kernel's copy and in SHA-256).
    static constexpr qint64 kReadBlock = 256 * 1024;

    // Called on the digest thread, in disk order, with each chunk's record and its chain.
    using ChunkDigested = std::function<void(const ChunkDigest &chunk)>;

    // The reader is used only on the digest thread. A capacity DiskCapacity::check refuses
    // makes finalHex() fail.
    SequentialDigest(qint64 capacity, std::unique_ptr<SinkReader> reader, ChunkDigested digested = {});
    // Cancels and joins the digest thread.
    ~SequentialDigest();
    SequentialDigest(const SequentialDigest &) = delete;
    SequentialDigest &operator=(const SequentialDigest &) = delete;

    void start();
    void chunkCompleted(const ChunkDigest &chunk);
    // No further chunkCompleted() will come: a range of the disk still missing then fails
    // the digest with ErrorCode::Internal.
    void allChunksReported();
    // Stops early; finalHex() then returns ErrorCode::Cancelled.
    void cancel();

    qint64 capacity() const;
    // Bytes of the contiguous prefix hashed so far, for progress.
    qint64 digestedBytes() const;
    bool isFinished() const;
    // Lower-case hex digest of the whole disk, or the error that stopped the digest.
    // Setting *cancelled (if given) while it waits cancels the digest.
    Result<QString> finalHex(const std::atomic<bool> *cancelled = nullptr);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
