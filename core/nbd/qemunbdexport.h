#pragma once

#include "error.h"

#include <QString>

#include <memory>

namespace Ferry {

// One qemu-nbd child process exporting one image on a private unix socket (in a mode
// 0700 temporary directory, so no other user can connect). Used read-write by NbdSink
// and read-only by guest inspection.
//
// Lifetime: start() returns once the socket accepts connections. stop() (or the
// destructor) sends SIGTERM, waits, sends SIGKILL after the grace period and always
// reaps the child, so no qemu-nbd outlives this object. Without `persistent`, qemu-nbd
// also exits by itself when its last client disconnects; a crashed Ferry therefore
// leaves no server behind as long as some connection was open.
//
// Threads: start()/stop() block (up to the timeouts); call them from a worker thread.
// The object may be stopped or destroyed from a thread other than the one that started
// it (the child is managed with posix_spawn/waitpid, not QProcess).
class QemuNbdExport
{
public:
    struct Options
    {
        QString image;
        QString format = QStringLiteral("raw"); // qemu block driver: raw, qcow2, vmdk, ...
        bool readOnly = true;
        int maxClients = 1;          // --shared
        bool discard = false;        // --discard=unmap: zero requests may punch holes
        bool persistent = false;     // --persistent: keep serving after the last client
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
