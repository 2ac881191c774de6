#pragma once

#include "sink.h"

#include <memory>

namespace Ferry {

// A qcow2 or raw image written through a private qemu-nbd (the way nbdcopy writes):
// open() creates the image with qemu-img (Create refuses an existing target) or checks
// its virtual size (Resume), then starts qemu-nbd on a private unix socket. Every writer
// and reader is its own NBD connection, so writers share no lock; a writer keeps up to
// requestsInFlight requests of at most maxRequestBytes in flight (bounded memory: 32 MiB
// per writer by default) and flush() waits for them and sends NBD_CMD_FLUSH.
//
// Zero requests become NBD write-zeroes that may unmap (qemu-nbd --discard=unmap), so
// zero regions end up unallocated in qcow2 and as holes in raw. On a freshly created
// image, zero requests over blocks nobody wrote are skipped (see WrittenMap). The
// FAST_ZERO flag is not used: it only helps a client that has a cheaper alternative to
// a slow zero, and Ferry has none (the bytes must read back as zeros either way).
//
// Processes: qemu-nbd is a child of this process (QemuNbdExport); commit(), discard() and
// the destructor always stop and reap it. The capacity must be a multiple of 512 bytes
// (qemu images are sector-sized; VMware disks always are).
//
// Threads: open/commit/discard block (process start and stop); call them from a worker
// thread. createWriter/createReader are thread-safe.
class NbdSink final : public Sink
{
public:
    struct Options
    {
        QString format = QStringLiteral("qcow2"); // "qcow2" or "raw"
        int maxWriters = 8;                       // connections qemu-nbd accepts for writers
        int maxReaders = 2;                       // ... and for readers (digest, verify)
        int requestsInFlight = 16;                // per writer
        qint64 maxRequestBytes = 2 * 1024 * 1024;
        bool checkOnCommit = false; // run qemu-img check after qemu-nbd stopped
        int startTimeoutMs = 10000;
    };

    explicit NbdSink(QString path);
    NbdSink(QString path, Options options);
    ~NbdSink() override; // releases everything like discard(true) if still open

    QString description() const override;
    QString target() const override;
    QString format() const override;
    Result<void> open(qint64 capacity, OpenMode mode) override;
    Result<std::unique_ptr<SinkWriter>> createWriter() override;
    Result<std::unique_ptr<SinkReader>> createReader() override;
    Result<void> commit() override;
    void discard(bool keepPartial) override;

    // nbd+unix URI of the running export (empty when not open); for diagnostics.
    QString exportUri() const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
