#pragma once

#include "base/error.h"
#include "ovfpackage.h"
#include "vsphere/xmlelement.h"

namespace Ferry {

// Maps one VirtualHardwareSection (vSphere's or VirtualBox's shape) onto system.vm: CPUs,
// memory, firmware and secure boot (vmw:Config), controllers, disks, NICs. Items that map
// to nothing become findings on the system. Part of OvfReader.
class OvfHardwareReader
{
public:
    // configuration: the deployment option in use; items whose ovf:configuration does not
    // name it are skipped. A disk item naming a disk that the DiskSection lacks, or a
    // malformed number, is a Protocol error.
    static Result<void> read(const XmlElement &section, const OvfPackage &package, const QString &configuration, OvfVirtualSystem &system);
};

} // namespace Ferry
