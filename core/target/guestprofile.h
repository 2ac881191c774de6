#pragma once

#include <QString>

namespace Ferry {

// What the target VM's virtual hardware can assume about the guest: whether its kernel
// and initramfs (or Windows driver store) can boot from virtio devices, and whether it is
// Windows (RTC in local time, Hyper-V enlightenments). Until guest inspection exists the
// profile comes from the VMware guest id alone, and says so in its reason.
struct GuestProfile
{
    bool virtioDrivers = false; // virtio-blk / virtio-net; otherwise SATA and e1000e
    bool windows = false;
    // Why, for the report: "chosen from guest id debian12_64Guest; inspection not available".
    QString reason;

    // Modern Linux ids (rhel7+, centos7+, debian10+, sles12+, ubuntu64, other 3.x-6.x and
    // otherLinux 64-bit, oracle/rocky/alma/fedora/amazon) -> virtio. Windows and unknown
    // ids -> SATA/e1000e, which every guest can boot from.
    static GuestProfile fromGuestId(const QString &guestId);
};

} // namespace Ferry
