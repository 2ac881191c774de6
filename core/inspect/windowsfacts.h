#pragma once

#include "inspect/guesttree.h"
#include "inspect/inspectionreport.h"

namespace Ferry {

// Reads what a Windows system volume shows without its registry: the kernel
// (Windows/System32/ntoskrnl.exe) gives the architecture (PE header) and the build (its
// version resource); license.rtf says client or server; System32/drivers shows virtio
// drivers; Program Files shows VMware Tools. The product name and edition are guesses
// from the build number and are listed in OsInfo::heuristics; the hostname lives in the
// registry and is left empty.
class WindowsFacts
{
public:
    static bool isSystemVolume(const GuestTree &tree);
    static OsInfo readOs(const GuestTree &tree);
};

} // namespace Ferry
