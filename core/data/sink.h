#pragma once

#include "base/error.h"

#include <QByteArrayView>
#include <QString>

#include <memory>
#include <span>

namespace Ferry {

// Writes from one worker thread. Each fetch worker owns its own writer, so writers
// need no locks between workers (nbdcopy's per-worker design). Offsets written by
// different writers never overlap.
class SinkWriter
{
public:
    virtual ~SinkWriter() = default;
    // Writes data at offset. May block while the target catches up: that is the
    // backpressure that slows fetching down to the sink's speed. `data` is only read
    // during the call. A writer may complete writes asynchronously (NbdSink keeps
    // requests in flight), so a failure can surface in a later call or in flush(); only
    // after flush() returned are the bytes on the target and visible to other writers
    // and readers.
    virtual Result<void> write(qint64 offset, QByteArrayView data) = 0;
    // Makes [offset, offset + length) read back as zeros without writing data:
    // a hole in a raw file, an NBD write-zeroes request for qcow2.
    virtual Result<void> zero(qint64 offset, qint64 length) = 0;
    // Returns once everything this writer issued is durable on the target.
    virtual Result<void> flush() = 0;
    // Returns once everything this writer issued is on the target and visible to other
    // writers and readers, but not necessarily durable: Sink::sync() makes it durable.
    // Call it before a chunk is reported to SequentialDigest or handed to another writer.
    // The default flushes, which is always correct; a sink overrides it (and sync())
    // when durability can be batched, so the fetch threads never wait for the disk.
    virtual Result<void> drain() { return flush(); }
};

// Reads back what was written, for the whole-disk digest and --verify. Used by one thread
// at a time; reading outside [0, capacity) fails.
class SinkReader
{
public:
    virtual ~SinkReader() = default;
    virtual Result<void> read(qint64 offset, std::span<char> buffer) = 0;
};

// Where one virtual disk is written: a raw file, qcow2/raw through qemu-nbd, and
// later a libvirt volume stream. The engine only sees this interface.
class Sink
{
public:
    enum class OpenMode { Create, Resume };

    virtual ~Sink() = default;
    // "raw file /srv/vm/disk1.raw", for logs and reports.
    virtual QString description() const = 0;
    // The path or volume name that report.json names as the disk's target.
    virtual QString target() const = 0;
    // "raw" or "qcow2".
    virtual QString format() const = 0;
    // Creates the target with this virtual size, or reopens a partial one to resume.
    // Create refuses to overwrite an existing target.
    virtual Result<void> open(qint64 capacity, OpenMode mode) = 0;
    // One writer per worker thread, created on the thread that uses it. Thread-safe.
    virtual Result<std::unique_ptr<SinkWriter>> createWriter() = 0;
    virtual Result<std::unique_ptr<SinkReader>> createReader() = 0;
    // Makes durable everything that any writer's drain() has returned for, so those
    // chunks may be recorded in the ResumeJournal (JournalCommitter's group commit).
    // Thread-safe and callable while writers keep writing, but not concurrently with
    // commit() or discard(). The default has nothing to
    // do because the default drain() already flushes.
    virtual Result<void> sync() { return {}; }
    // Flushes, syncs and releases everything (child processes reaped). Afterwards
    // the target is complete. All writers and readers must be destroyed first.
    virtual Result<void> commit() = 0;
    // Releases everything after a failure or cancel. Removes the target unless
    // keepPartial (which --resume needs).
    virtual void discard(bool keepPartial) = 0;
};

} // namespace Ferry
