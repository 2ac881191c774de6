#pragma once

#include "base/error.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <memory>

namespace Ferry {

class SpawnedProcess;

// Exposes an NBD export as a read-only regular file through qemu-storage-daemon's FUSE
// export, for machines without the kernel's nbd module: losetup can then turn the file
// into a block device. The file lives in a private 0700 directory.
//
// Lifetime: start() returns once the FUSE mount is in place. stop() (or the destructor)
// stops qemu-storage-daemon, which unmounts the file; a mount left behind by a daemon
// that had to be killed is detached (MNT_DETACH) so nothing stays mounted. Blocking:
// call from a worker thread; stop() may run on any thread.
class FuseBlockExport
{
public:
    struct Options
    {
        QString nbdUri; // nbd+unix:///EXPORT?socket=PATH or nbd://HOST[:PORT]/EXPORT
        int startTimeoutMs = 15000;
    };

    static Result<std::unique_ptr<FuseBlockExport>> start(const Options &options, const std::atomic<bool> *cancel = nullptr);
    ~FuseBlockExport();
    FuseBlockExport(const FuseBlockExport &) = delete;
    FuseBlockExport &operator=(const FuseBlockExport &) = delete;

    // The exported image as a file; its size is the export's size.
    QString path() const;
    qint64 size() const;
    qint64 pid() const;
    Result<void> stop(int graceMs = 5000);

    // qemu-storage-daemon's --blockdev object for an NBD URI (read-only); fails (Usage)
    // for URIs it cannot express (nbds://, missing socket).
    static Result<QJsonObject> blockdevFor(const QString &nbdUri);

private:
    FuseBlockExport();
    Result<void> waitUntilMounted(int timeoutMs, const std::atomic<bool> *cancel);

    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
