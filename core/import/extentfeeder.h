#pragma once

#include "base/error.h"
#include "data/chunkdigest.h"
#include "data/sink.h"
#include "formats/diskstream.h"

#include <QByteArrayView>
#include <QSet>

#include <functional>
#include <memory>

namespace Ferry {

class ChunkProcessor;

// Lays a disk that arrives front to back (DiskStream extents) onto the chunk grid of the
// sink pipeline, so a package import ends in the same records an HTTPS copy makes: each
// chunk of chunkSize bytes (the last one shorter) goes through a ChunkProcessor (64 KiB
// zero blocks become SinkWriter::zero), is drained, and its record is handed to `done`
// (the disk's DiskCopy, whose SequentialDigest hashes the disk once, in order, and adds
// the chunk's chaining value; and the progress count).
//
// A zero run that covers a whole chunk skips the processor: one zero request.
//
// Resume: chunks the resume journal already holds (setResumed) are not written or recorded
// again. Their decoded bytes are compared with what the target holds instead, so a package
// that changed since the interrupted run is an Integrity error, never a mixed disk.
//
// Extents must come in order and contiguous from 0 (DiskStream's contract); anything else,
// or an extent past the capacity, is an Integrity error. Used by one thread.
class ExtentFeeder
{
public:
    using ChunkDone = std::function<void(const ChunkDigest &)>;

    ExtentFeeder(qint64 capacity, qint64 chunkSize, SinkWriter &writer, ChunkDone done);
    ~ExtentFeeder();
    ExtentFeeder(const ExtentFeeder &) = delete;
    ExtentFeeder &operator=(const ExtentFeeder &) = delete;

    // Before the first add(): chunk indices already on the target, and a reader of it.
    void setResumed(QSet<qint64> chunks, std::unique_ptr<SinkReader> reader);
    Result<void> add(const DiskExtent &extent);
    // Requires every byte up to the capacity; drains the writer.
    Result<void> finish();
    // Bytes of the disk laid out so far.
    qint64 position() const;
    // Bytes that became zero requests (holes).
    qint64 zeroBytes() const;

private:
    Result<void> feed(QByteArrayView bytes);
    Result<void> compareWithTarget(QByteArrayView bytes);
    Result<void> feedZeros(qint64 length);
    Result<void> completeChunk();
    Result<void> zeroWholeChunk();
    qint64 chunkLengthAt(qint64 index) const;

    qint64 m_capacity;
    qint64 m_chunkSize;
    SinkWriter &m_writer;
    ChunkDone m_done;
    qint64 m_position = 0;
    qint64 m_zeroBytes = 0;
    std::unique_ptr<ChunkProcessor> m_chunk; // the chunk being filled, if any
    QSet<qint64> m_resumed;
    std::unique_ptr<SinkReader> m_reader;
    QByteArray m_readBack;
};

} // namespace Ferry
