#pragma once

#include "base/error.h"

#include <QString>

#include <memory>

namespace Ferry {

// One qemu-nbd child process exporting one image on a private unix socket (in a mode
// 0700 temporary directory, so no other user can connect). Used read-write by NbdSink
// and read-only by guest inspection.
//
// Lifetime: start() returns once an NBD handshake on the socket succeeded; the export
// keeps that connection open until stop(), so qemu-nbd (run without --persistent) stays
// up between the caller's connections yet exits by itself if Ferry dies. stop() (or the
// destructor) closes it, sends SIGTERM, waits, sends SIGKILL after the grace period and
// always reaps the child, so no qemu-nbd outlives this object.
//
// Threads: start()/stop() block (up to the timeouts); call them from a worker thread.
// The object may be stopped or destroyed from a thread other than the one that started
// it (the child is managed with posix_spawn/waitpid, not QProcess).
class QemuNbdExport
{
public:
    struct Options
    {
        QString image;                          // opened without any backing file (QemuImg::imageSpec)
        QString format = QStringLiteral("raw"); // qemu block driver: raw, qcow2, vmdk, ...
        bool readOnly = true;
        int maxClients = 1;      // connections the caller opens at once (--shared adds one)
        bool discard = false;    // --discard=unmap: zero requests may punch holes
        bool persistent = false; // --persistent: keep serving after the last client
        QString cache = QStringLiteral("writeback");
        QString aio = QStringLiteral("threads");
        int startTimeoutMs = 10000;
    };

    static Result<std::unique_ptr<QemuNbdExport>> start(const Options &options);
    ~QemuNbdExport();
    QemuNbdExport(const QemuNbdExport &) = delete;
    QemuNbdExport &operator=(const QemuNbdExport &) = delete;

    QString socketPath() const;
    // nbd+unix:///?socket=PATH, for libnbd, qemu-img and nbdfuse.
    QString uri() const;
    // The exported size (qemu rounds images up to 512-byte sectors); -1 once stopped.
    qint64 size() const;
    // NBD_CMD_FLUSH on the export's own connection: everything any client wrote and saw
    // completed is durable afterwards.
    Result<void> flush();
    // The child's pid while it runs, 0 afterwards.
    qint64 pid() const;

    // Stops and reaps qemu-nbd and removes the private directory. Fails when qemu-nbd
    // exited with an error status or had to be killed. Calling it again returns the
    // first outcome.
    Result<void> stop(int graceMs = 5000);

private:
    QemuNbdExport();

    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
