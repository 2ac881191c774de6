#pragma once

#include "datastore/datanode.h"
#include "labvmspec.h"

namespace Ferry::Lab {

// config.hardware.device of a lab VM as hostd renders it: the standard PCI, IDE,
// PS/2, SIO controllers, keyboard, mouse, video, VMCI and a CD-ROM, then the VM's
// storage controllers, disks (flat, delta with a parent backing, or RDM) and NICs.
class VmDevices
{
public:
    static DataNode devices(const LabVmSpec &vm, const QString &vmMoref);
    // Device keys, shared with layoutEx.
    static int controllerKey(const LabDiskSpec &disk);
    static int diskKey(const LabDiskSpec &disk);
    static QString datastorePath(const LabVmSpec &vm, const QString &file); // "[datastore1] vm/file"

private:
    static DataNode controller(const LabVmSpec &vm, const LabDiskSpec &disk);
    static DataNode disk(const LabVmSpec &vm, const QString &vmMoref, const LabDiskSpec &disk, int index);
    static DataNode diskBacking(const LabVmSpec &vm, const LabDiskSpec &disk);
    static DataNode nic(const LabVmSpec &vm, const LabNicSpec &nic, int index);
    static DataNode standardDevices(DataNode devices);
};

} // namespace Ferry::Lab
