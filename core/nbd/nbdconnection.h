#pragma once

#include "base/error.h"

#include <QByteArrayView>
#include <QString>

#include <memory>
#include <span>

namespace Ferry {

// One libnbd handle (one NBD connection), libnbd types kept out of this header.
//
// Writes and zero requests are asynchronous: write() copies the bytes into one of at
// most `maxInFlight` request buffers (each up to `maxRequestBytes`), issues
// nbd_aio_pwrite and returns; when every buffer is busy it waits for a completion. So a
// connection holds at most maxInFlight x maxRequestBytes of data (32 MiB by default), and
// the caller's buffer is free as soon as write() returns. A failed request is reported
// by the next write(), zero(), drain() or flush() and stays reported (sticky).
//
// Threads: one thread at a time (the request buffers are not locked); the object may
// move between threads between calls. libnbd errors are read on the failing thread.
class NbdConnection
{
public:
    struct Limits
    {
        int maxInFlight = 16;
        qint64 maxRequestBytes = 2 * 1024 * 1024;
        // How long to wait for the server to complete a request before giving up.
        int timeoutMs = 120000;
    };

    static Result<std::unique_ptr<NbdConnection>> connectUnix(const QString &socketPath, const Limits &limits);
    // Any URI libnbd understands (nbd://, nbd+unix://, nbds://...).
    static Result<std::unique_ptr<NbdConnection>> connectUri(const QString &uri, const Limits &limits);
    // Waits (bounded by timeoutMs) for requests still in flight, then disconnects. It does
    // not flush: call flush() first when the data must be durable.
    ~NbdConnection();
    NbdConnection(const NbdConnection &) = delete;
    NbdConnection &operator=(const NbdConnection &) = delete;

    qint64 size() const;
    bool isReadOnly() const;

    // Synchronous read of buffer.size() bytes at offset.
    Result<void> pread(qint64 offset, std::span<char> buffer);
    // Asynchronous writes, see above.
    Result<void> write(qint64 offset, QByteArrayView data);
    // Asynchronous write-zeroes; the server may punch holes (no NO_HOLE flag).
    Result<void> zero(qint64 offset, qint64 length);
    // Waits until nothing is in flight; returns the first failure of any request.
    Result<void> drain();
    // drain(), then NBD_CMD_FLUSH: everything written is durable on the server.
    Result<void> flush();
    // The number of asynchronous requests not yet completed.
    int inFlight() const;

private:
    NbdConnection();

    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
