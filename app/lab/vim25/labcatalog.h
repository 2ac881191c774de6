#pragma once

#include "labvmspec.h"

#include "base/error.h"

namespace Ferry::Lab {

// The lab's fixed inventory: the VMs, their datacenter, datastore and networks.
class LabCatalog
{
public:
    static constexpr char datacenter[] = "ha-datacenter";
    static constexpr char datastore[] = "datastore1";
    static constexpr qint64 gib = qint64(1) << 30;
    static constexpr qint64 mib = qint64(1) << 20;

    // The lab VMs, plus `extraVms` filler VMs and a `bench` VM when benchDiskSize > 0.
    static QList<LabVmSpec> vms(int extraVms, qint64 benchDiskSize);
    static QStringList networks();
    // A VM on real guest images (ferry-lab --guest-vm NAME=IMAGE[,IMAGE...][,efi]): a
    // Debian 12 VM with one pvscsi disk per image (absolute paths of raw images whose size
    // is a whole number of MiB) and one vmxnet3 NIC on "VM Network".
    static Result<LabVmSpec> guestVm(const QString &spec);
    // A stable VMware-style MAC for (vm, nic index).
    static QString mac(const QString &vm, int index);

private:
    static LabVmSpec tinyLinux(const QString &name);
    static LabVmSpec bootDisk(const QString &name, bool efi);
};

} // namespace Ferry::Lab
