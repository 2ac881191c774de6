#pragma once

#include "base/error.h"
#include "inspect/cleanupstack.h"
#include "inspectsource.h"

#include <QString>

#include <atomic>

namespace Ferry {

// Turns an InspectSource into a read-only block device on this host:
//   image file -> qemu-nbd (read-only, private unix socket)
//   NBD URI    -> used as it is
//   source URL -> nbdkit curl (read-only, private unix socket)
// then /dev/nbdN (kernel nbd module) or a FUSE file (qemu-storage-daemon) plus a
// read-only loop device.
// Every process, FUSE export and loop device is pushed onto the caller's CleanupStack in
// the order it was acquired, so unwinding releases them in reverse. Set
// FERRY_INSPECT_BLOCK=fuse to skip the kernel nbd module even where it is loaded.
// Blocking: use from one worker thread.
class BlockAccess
{
public:
    enum class Method { KernelNbd, FuseLoop };

    static Result<BlockAccess> open(const InspectSource &target, CleanupStack &cleanup, const std::atomic<bool> *cancel);

    QString device() const; // the whole disk, read-only
    qint64 size() const;
    Method method() const;
    // A read-only block device for [offset, offset+size) of the disk (a partition or an
    // LVM extent range); released through cleanup.
    Result<QString> slice(qint64 offset, qint64 size, CleanupStack &cleanup, const std::atomic<bool> *cancel) const;
    // Whether the kernel's nbd module can be used here.
    static bool kernelNbdAvailable();

private:
    Result<QString> exportTarget(const InspectSource &target, CleanupStack &cleanup, const std::atomic<bool> *cancel);
    Result<void> attachKernelNbd(const QString &uri, CleanupStack &cleanup, const std::atomic<bool> *cancel);
    Result<void> attachFuseLoop(const QString &uri, CleanupStack &cleanup, const std::atomic<bool> *cancel);

    QString m_device;
    QString m_backing; // what slices are cut from: the FUSE file or the nbd device
    qint64 m_size = 0;
    Method m_method = Method::FuseLoop;
};

} // namespace Ferry
