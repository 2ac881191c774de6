#pragma once

#include "inspect/guesttree.h"
#include "inspect/inspectionreport.h"

#include <atomic>

namespace Ferry {

// Reads a Linux guest's facts from its assembled tree (root plus the mounts its fstab
// names): os-release, hostname, architecture, kernels with their initramfs and virtio
// drivers, fstab, network configuration and VMware Tools. Missing files are simply
// absent facts; every read is bounded. Blocking (lsinitramfs); worker threads only.
class LinuxFacts
{
public:
    // A tree that has /etc/os-release (or /usr/lib/os-release) or at least /etc/fstab and /sbin/init.
    static bool isRoot(const GuestTree &tree);
    static OsInfo readOs(const GuestTree &tree, const std::atomic<bool> *cancel);
    static QList<FstabEntry> readFstab(const GuestTree &tree);
    static QList<NetworkConfig> readNetwork(const GuestTree &tree);
    static QList<KernelInfo> readKernels(const GuestTree &tree, const std::atomic<bool> *cancel);

private:
    static KernelInfo readKernel(const GuestTree &tree, const QString &version, const std::atomic<bool> *cancel);
    static QString readArch(const GuestTree &tree, const QList<KernelInfo> &kernels);
    static void readVmwareTools(const GuestTree &tree, OsInfo &os);
};

} // namespace Ferry
