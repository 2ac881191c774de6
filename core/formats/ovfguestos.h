#pragma once

#include <QString>

namespace Ferry {

// Guest OS names of other exporters mapped to vSphere guest ids, which the rest of Ferry
// (GuestProfile, preflight) knows. Empty when there is no sensible mapping.
class OvfGuestOs
{
public:
    // VirtualBox's vbox:OSType ("Ubuntu_64", "Debian12_64", "Windows11_64", "RedHat9_64").
    static QString fromVirtualBox(const QString &osType);
    // The CIM OperatingSystemSection ovf:id (DSP0004 CIM_OperatingSystem.OsType) for the
    // few values exporters without a vendor id write.
    static QString fromCim(int id);
};

} // namespace Ferry
