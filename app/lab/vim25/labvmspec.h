#pragma once

#include <QList>
#include <QString>

namespace Ferry::Lab {

// How a lab disk is backed, which decides its files and its vim25 backing type.
enum class LabDiskKind {
    Flat,          // <base>.vmdk descriptor + <base>-flat.vmdk (VirtualDiskFlatVer2BackingInfo)
    SnapshotDelta, // flat base + <base>-000001.vmdk vmfsSparse delta the VM runs on
    Rdm,           // <base>.vmdk + <base>-rdmp.vmdk (VirtualDiskRawDiskMappingVer1BackingInfo)
};

struct LabDiskSpec
{
    QString controller; // "pvscsi", "lsilogic", "sata", "nvme"
    int bus = 0;        // controller bus number
    int unit = 0;
    QString baseName;    // "tiny-linux-bios" -> tiny-linux-bios.vmdk
    QString image;       // guest image in the image cache, empty for a sparse file
    qint64 capacity = 0; // bytes, a multiple of 1 MiB
    bool thin = true;
    LabDiskKind kind = LabDiskKind::Flat;
};

struct LabNicSpec
{
    QString model;   // "vmxnet3", "e1000", "e1000e"
    QString network; // "VM Network", "Storage Net"
    QString mac;     // "00:50:56:xx:xx:xx"
};

// One VM of the lab inventory. The same spec renders the .vmx, the descriptors and
// the vim25 properties, so the SOAP view and the files always agree.
struct LabVmSpec
{
    QString name;
    QString guestId; // vim25 spelling, "debian12_64Guest"
    QString guestOs; // vmx spelling, "debian12-64"
    QString guestFullName;
    bool efi = false;
    bool secureBoot = false;
    int numCpu = 1;
    int coresPerSocket = 1;
    int memoryMB = 512;
    bool poweredOn = false;
    QString snapshotName; // empty: no snapshot
    QList<LabDiskSpec> disks;
    QList<LabNicSpec> nics;

    QString uuid() const;         // config.uuid, stable per name
    QString instanceUuid() const; // config.instanceUuid, stable per name
    QString directory() const;    // datastore directory: the name
};

} // namespace Ferry::Lab
