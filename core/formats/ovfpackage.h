#pragma once

#include "base/finding.h"
#include "vsphere/inventory.h"

#include <QList>
#include <QString>

namespace Ferry {

// What an OVF descriptor says, as OvfReader fills it: the files it names, the disks, and
// one VirtualSystem per VM mapped onto the existing inventory model (VmInfo), so preflight,
// the VM table, mapping and the domain builder work on OVA sources unchanged.

enum class OvfDiskFormat {
    StreamOptimizedVmdk,  // ".../vmdk.html#streamOptimized": what OVAs carry
    MonolithicSparseVmdk, // ".../vmdk.html#sparse" / "#monolithicSparse"
    FlatVmdk,             // a descriptor naming a -flat file (OVF directories)
    Raw,                  // raw image (".../raw", or an href ending .img/.raw)
    Qcow2,                // qcow2 file of an OVF directory
    Unknown,              // anything else: a Blocker finding on the VM
};
QString toString(OvfDiskFormat format);

// <References><File>: a file of the package.
struct OvfFile
{
    QString id;           // ovf:id, "file1"
    QString href;         // ovf:href, a plain relative name ("vm-disk1.vmdk"), checked safe
    qint64 size = -1;     // ovf:size in bytes, -1 when absent
    QString compression;  // ovf:compression ("gzip"), empty when none
    qint64 chunkSize = 0; // ovf:chunkSize, 0 when the file is not split
};

// <DiskSection><Disk>: a virtual disk and the file that holds it.
struct OvfDisk
{
    QString diskId;            // ovf:diskId, "vmdisk1"
    QString fileRef;           // ovf:fileRef -> OvfFile::id; empty for a blank disk to create
    qint64 capacity = 0;       // bytes, ovf:capacity * capacityAllocationUnits, <= DiskCapacity
    qint64 populatedSize = -1; // bytes, -1 when absent
    QString formatUrl;         // ovf:format as written
    OvfDiskFormat format = OvfDiskFormat::Unknown;
};

// One <VirtualSystem>. vm.disks[i] is backed by diskIds[i] (an OvfDisk::diskId);
// vm.disks[i].fileName and .path hold that disk's file href, datastore is empty.
// vm.moref is "ovf:<VirtualSystem ovf:id>", unique within the package.
struct OvfVirtualSystem
{
    QString id; // ovf:id of the VirtualSystem
    VmInfo vm;
    QStringList diskIds;
    QList<Finding> findings; // what this VM's description holds that Ferry did not map
};

// <NetworkSection><Network>: a network the NICs' Connection names.
struct OvfNetwork
{
    QString name;
    QString description;
};

struct OvfPackage
{
    QString ovfVersion; // "1.x" or "2.0", from the envelope namespace
    QList<OvfFile> files;
    QList<OvfNetwork> networks;
    QList<OvfDisk> disks;
    QList<OvfVirtualSystem> systems; // several for a VirtualSystemCollection
    QList<Finding> findings;         // package-wide: unknown sections, EULAs, ...

    const OvfFile *file(const QString &id) const;
    const OvfFile *fileByHref(const QString &href) const;
    const OvfDisk *disk(const QString &diskId) const;
    // The file behind vm.disks[diskIndex] of system systemIndex, or nullptr for a blank disk.
    const OvfFile *fileForDisk(const OvfVirtualSystem &system, qsizetype diskIndex) const;
    // An Inventory with one VmInfo per VirtualSystem and one NetworkInfo per network of the
    // NetworkSection (and per network a NIC names that the section lacks); host.product
    // "OVF package", host.fullName the given label (the package's file name).
    Inventory toInventory(const QString &label) const;
};

} // namespace Ferry
