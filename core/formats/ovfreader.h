#pragma once

#include "base/error.h"
#include "ovfpackage.h"

#include <QByteArray>

namespace Ferry {

// Reads an OVF descriptor (OVF 1.x "http://schemas.dmtf.org/ovf/envelope/1" and 2.0
// ".../envelope/2") as vSphere/ovftool and VirtualBox write it into an OvfPackage.
//
// Mapped (everything else becomes a Finding, never silently dropped):
//  - References/File, DiskSection/Disk (capacity with capacityAllocationUnits such as
//    "byte * 2^30", populatedSize, format URL), NetworkSection;
//  - VirtualSystem (directly or in a VirtualSystemCollection, nested collections too):
//    Name, OperatingSystemSection (vmw:osType -> guestId, Description -> guestFullName,
//    vbox:OSType mapped to a vSphere guest id when known), VirtualHardwareSection's
//    System/VirtualSystemType (-> hardwareVersion), vmw:Config firmware / secure boot,
//    Items (Item, StorageItem, EthernetPortItem) by ResourceType: 3 CPU (+vmw:CoresPerSocket),
//    4 memory with AllocationUnits, 5 IDE, 6 SCSI (lsilogic, lsilogicsas, VirtualSCSI,
//    buslogic), 20 SATA/AHCI or NVMe (vmware.nvme.controller), 10 NIC (VmxNet3, E1000,
//    E1000e, PCNet32; Connection -> network; Address or ethernet.address -> MAC),
//    17 disk (HostResource ovf:/disk/<id>, Parent -> controller, AddressOnParent -> unit),
//    15/16 CD/DVD and 14 floppy (warnings), others (Info findings);
//  - vbox:Machine: firmware (Hardware/Firmware type="EFI") when no vmw:Config says it.
// Refused with a one-line Protocol error: not XML, a DTD (entity bombs), over maxSize,
// depth/element limits (XmlTreeReader), no Envelope, an href that is absolute, a URL or has
// a ".." component, duplicate File ids / hrefs / disk ids, a disk naming a file that is not
// in References, a capacity that is malformed or over DiskCapacity (62 TiB), a hardware
// item referring to a disk that is not in the DiskSection.
class OvfReader
{
public:
    static constexpr qsizetype maxSize = 16 << 20;

    static Result<OvfPackage> read(const QByteArray &xml);

    // "byte * 2^20" style units (DSP0004 programmatic units: byte, byte * 2^N, byte * 10^N,
    // byte * N, KiloBytes/MegaBytes/GigaBytes as VirtualBox writes) times value, in bytes.
    // Fails for unknown units, negative values and overflow past DiskCapacity.
    static Result<qint64> bytesFromUnits(qint64 value, const QString &units);
};

} // namespace Ferry
