#pragma once

#include "base/error.h"
#include "inspect/cleanupstack.h"

#include <QList>
#include <QString>

#include <atomic>

namespace Ferry {

// Mounts one guest filesystem read-only (nosuid, nodev, noexec), trying the ways that
// filesystem can be mounted in order until one works:
//   ext2/3/4  ro; ro,noload (a dirty journal that cannot be replayed on a read-only device)
//   xfs       ro; ro,norecovery; ro,nouuid; ro,norecovery,nouuid (a UUID the host already has)
//   btrfs     ro; ro,rescue=nologreplay
//   vfat      ro (kernel); fusefat -o ro (kernels without vfat)
//   ntfs      ntfs-3g -o ro
// EBUSY (a loop device that was attached a moment ago) is retried with exponential
// backoff before moving on. Blocking; thread-safe (several workers mount at once).
class VolumeMounter
{
public:
    struct Way
    {
        QString method;           // kernel, ntfs-3g, fusefat
        QString fsType;           // the kernel's type name
        QString options;          // extra options after "ro"
        QString describe() const; // "ro,noload" or "ntfs-3g -o ro"
    };

    struct Mounted
    {
        QString mountPoint;
        Way way;
        QStringList failures; // "ro: Read-only file system", one per way that failed first
        int busyRetries = 0;
        bool usedFallback() const { return !failures.isEmpty(); }
    };

    static QList<Way> ways(const QString &fsType);
    static bool isMountable(const QString &fsType);
    // Mounts device at mountPoint (an existing empty directory) and pushes the unmount
    // onto cleanup. Fails (Io) with every way's error in the details when none worked.
    static Result<Mounted> mount(const QString &device, const QString &fsType, const QString &mountPoint, CleanupStack &cleanup,
                                 const std::atomic<bool> *cancel);
    // umount, retried while busy, lazily (MNT_DETACH) as the last resort.
    static Result<void> unmount(const QString &mountPoint);
    // Whether something is mounted on path (its st_dev differs from its parent's).
    static bool isMountPoint(const QString &path);

private:
    static Result<void> tryWay(const QString &device, const Way &way, const QString &mountPoint, const std::atomic<bool> *cancel,
                               int *busyRetries);
    static Result<void> kernelMount(const QString &device, const Way &way, const QString &mountPoint);
    static Result<void> helperMount(const QString &device, const Way &way, const QString &mountPoint, const std::atomic<bool> *cancel);
};

} // namespace Ferry
