#pragma once

#include "diskstream.h"
#include "vmdkdescriptor.h"

#include <memory>

namespace Ferry {

// A flat VMDK of an OVF directory: the small text descriptor (x.vmdk) naming one FLAT
// extent (x-flat.vmdk) next to it, read as a RawDiskStream of the extent file.
class FlatVmdk
{
public:
    // Reads the descriptor at descriptorPath (at most 1 MiB). Refused with one line: not a
    // descriptor, a parent (snapshot delta), not exactly one FLAT (or ESXi VMFS) extent at offset 0, an
    // extent file name with a directory part or "..", an extent file shorter than the
    // extent.
    static Result<std::unique_ptr<DiskStream>> open(const QString &descriptorPath);
};

} // namespace Ferry
