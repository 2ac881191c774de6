#pragma once

#include "base/error.h"
#include "inspect/inspectionreport.h"
#include "inspectsource.h"

#include <atomic>
#include <functional>
#include <memory>

namespace Ferry {

class InspectCache;

// Guest inspection: what is inside a VM's disk, before it moves (a source disk through
// nbdkit curl) or after (the written image through qemu-nbd), and what that means for
// the target domain (InspectionReport::recommendation) and for the admin (findings).
//
// inspect() blocks until done: call it from a worker thread (the CLI's main thread is
// fine). It exports the disk read-only, reaches it as a block device (kernel nbd, or a
// FUSE export plus a loop device), reads partitions and filesystems with libblkid and
// LVM's JSON reports, mounts what it can read-only (several at once, with fallbacks for
// dirty journals), reads the facts and releases everything it acquired, in reverse order,
// on success, error and cancel. Needs root (loop devices and mounts).
//
// Cancellation: set *cancel; inspect() returns ErrorCode::Cancelled soon after, with
// everything released. Thread-safe: one Inspector may run several inspections at once.
class Inspector
{
public:
    struct Options
    {
        int mountWorkers = 3; // filesystems mounted and read in parallel
        // The whole inspection's deadline (0: none). When it passes, inspect() stops as on
        // cancel, releases everything and fails with ErrorCode::Timeout.
        int timeoutMs = 0;
        // For tests: called on the inspecting thread with the loop devices that carry the
        // guest's LVM physical volumes, before LVM is read, i.e. where the host's udev would
        // autoactivate the guest's volume groups (see DeviceHolders).
        std::function<void(const QStringList &devices)> physicalVolumesAttached;
    };

    Inspector();
    explicit Inspector(const Options &options);
    ~Inspector();

    // Shares partition/blkid results of unchanged images between inspections.
    void setCache(std::shared_ptr<InspectCache> cache);
    std::shared_ptr<InspectCache> cache() const;

    Result<InspectionReport> inspect(const InspectSource &target, const std::atomic<bool> *cancel = nullptr) const;
    // The disks of one VM, in its order, as one guest: the OS is found on whichever disk
    // holds its root, and /boot, /var ... on the others through its fstab.
    Result<InspectionReport> inspect(const QList<InspectSource> &disks, const std::atomic<bool> *cancel = nullptr) const;

private:
    Result<InspectionReport> run(const QList<InspectSource> &disks, const std::atomic<bool> *stop) const;

    Options m_options;
    std::shared_ptr<InspectCache> m_cache;
};

} // namespace Ferry
