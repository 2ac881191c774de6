#pragma once

#include "sink.h"

#include <memory>

namespace Ferry {

// A raw disk image in a local file, written with positional I/O.
//
// Create makes a new sparse file (O_CREAT|O_EXCL, so an existing target is refused) of
// the disk's capacity; Resume reopens an existing file of exactly that size. Zero
// requests punch holes (fallocate PUNCH_HOLE), or use ZERO_RANGE when preallocation was
// asked for so the blocks stay allocated; if the file system supports neither, zeros are
// written (logged once). On a freshly created file, zero requests over blocks nobody has
// written are skipped, as the file already reads as zeros there.
//
// Threads: all writers share one file descriptor; pwrite/pread/fallocate are positional,
// so writers need no lock. A writer's drain() has nothing to wait for (a pwrite that
// returned is visible to every reader); flush() and sync() are fdatasync of the whole
// file, which covers every writer's data.
class RawFileSink : public Sink
{
public:
    struct Options
    {
        // Allocate every block up front (fallocate) so a full file system fails at
        // open() instead of hours later. Off by default: holes keep thin disks thin.
        bool preallocate = false;
    };

    explicit RawFileSink(QString path);
    RawFileSink(QString path, Options options);
    ~RawFileSink() override; // releases the file like discard(true) if still open

    QString description() const override;
    QString target() const override;
    QString format() const override;
    Result<void> open(qint64 capacity, OpenMode mode) override;
    Result<std::unique_ptr<SinkWriter>> createWriter() override;
    Result<std::unique_ptr<SinkReader>> createReader() override;
    Result<void> sync() override;
    Result<void> commit() override;
    void discard(bool keepPartial) override;

    // True once a zero request had to write zeros because the file system cannot punch
    // holes; for the report.
    bool wroteZerosAsData() const;

private:
    class Private;
    std::shared_ptr<Private> d;
};

} // namespace Ferry
