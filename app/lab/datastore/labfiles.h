#pragma once

#include "vim25/labvmspec.h"

#include <QByteArray>

namespace Ferry::Lab {

// Renders the text and small binary files ESXi keeps next to a VM's disks: the .vmx,
// VMDK descriptors (createType "vmfs", "vmfsSparse", RDM), the .vmsd snapshot list and
// a COWD (vmfsSparse) delta. Pure functions of the spec: the same spec gives the same bytes.
class LabFiles
{
public:
    static QByteArray vmx(const LabVmSpec &vm);
    static QByteArray descriptor(const LabVmSpec &vm, const LabDiskSpec &disk);
    static QByteArray deltaDescriptor(const LabVmSpec &vm, const LabDiskSpec &disk);
    static QByteArray vmsd(const LabVmSpec &vm);
    // A vmfsSparse delta that changes one sector (sector 64, in the gap before the first
    // partition) so the running state really differs from the base disk.
    static QByteArray cowdDelta(const LabDiskSpec &disk);
    // The bytes the delta holds for its one changed sector.
    static QByteArray deltaSector();
    static constexpr qint64 deltaSectorIndex = 64;

    // File names inside the VM directory.
    static QString descriptorName(const LabDiskSpec &disk);  // <base>.vmdk
    static QString extentName(const LabDiskSpec &disk);      // <base>-flat.vmdk or -rdmp.vmdk
    static QString deltaName(const LabDiskSpec &disk);       // <base>-000001.vmdk
    static QString deltaExtentName(const LabDiskSpec &disk); // <base>-000001-delta.vmdk
    // The descriptor the VM runs on: the delta for a snapshotted disk.
    static QString currentDescriptorName(const LabDiskSpec &disk);
    // The vmx device prefix: "scsi0:0", "sata0:0", "nvme0:0".
    static QString deviceName(const LabDiskSpec &disk);
    static QString cid(const LabVmSpec &vm, const LabDiskSpec &disk, bool delta);
    // "60 00 C2 9x ..." ddb.uuid, stable per disk.
    static QString ddbUuid(const LabVmSpec &vm, const LabDiskSpec &disk);
};

} // namespace Ferry::Lab
