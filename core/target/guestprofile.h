#pragma once

#include <QString>

namespace Ferry {

// What the target VM's virtual hardware can assume about the guest: whether its kernel
// and initramfs (or Windows driver store) can boot from virtio-blk and drive virtio-net,
// and whether it is Windows (RTC in local time, Hyper-V enlightenments). Without guest
// inspection the profile comes from the VMware guest id alone, and says so in its reason;
// with it, the caller fills it from the inspection's DeviceRecommendation:
//   {recommendation.diskBus == "virtio", recommendation.nicModel == "virtio",
//    os.family == "windows", recommendation.reason}
struct GuestProfile
{
    bool virtioDisk = false; // virtio-blk; otherwise SATA
    bool virtioNet = false;  // virtio-net; otherwise e1000e
    bool windows = false;
    // Why, for the report: "chosen from guest id debian12_64Guest; inspection not available".
    QString reason;

    // Modern Linux ids (rhel7+, centos7+, debian10+, sles12+, ubuntu64, other 3.x-6.x and
    // otherLinux 64-bit, oracle/rocky/alma/fedora/amazon) -> virtio disk and NIC. Windows
    // and unknown ids -> SATA and e1000e, which every guest can boot from and drive.
    static GuestProfile fromGuestId(const QString &guestId);
};

} // namespace Ferry
