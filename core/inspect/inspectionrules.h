#pragma once

#include "inspect/inspectionreport.h"

#include <QList>
#include <QString>

namespace Ferry {

// The pure decisions of inspection: which disk bus and NIC model the guest can boot with,
// which fstab spec names which volume, and the findings an admin must see. No I/O, so
// the domain builder and the tests call them with hand-made facts.
class InspectionRules
{
public:
    // disk_bus: "virtio" (virtio-blk) when the newest kernel's initramfs has virtio_blk or
    // it is built in; "scsi" (a virtio-scsi controller) when only virtio_scsi is; else
    // "sata". Windows: viostor -> virtio, vioscsi -> scsi, else sata. nic_model: "virtio"
    // when virtio_net is available (module or Windows netkvm), else "e1000e". The reason
    // says which facts decided.
    static DeviceRecommendation recommend(const OsInfo &os);

    // Whether an fstab spec (UUID=, LABEL=, PARTUUID=, PARTLABEL=, /dev/disk/by-*/,
    // /dev/sdXN, /dev/mapper/VG-LV, /dev/VG/LV) names this partition or LV.
    static bool specNames(const QString &spec, const PartitionEntry &partition);
    static bool specNames(const QString &spec, const LvmVolume &volume);
    // /dev/sda2, /dev/hdb1, /dev/xvda1, /dev/vda3, /dev/nvme0n1p2: names that change when
    // the disk moves to another bus.
    static bool isDeviceName(const QString &spec);
    // What /dev/sda2 becomes on the recommended bus (/dev/vda2 on virtio-blk).
    static QString renamedDevice(const QString &spec, const QString &diskBus);
    // VMware-era NIC names (ens160, ens192, ens224, ens256, ens33...) that KVM will not reproduce.
    static bool isVmwareInterfaceName(const QString &name);

    // Everything the facts say an admin must know. Adds to report.findings (existing
    // findings such as mount failures are kept).
    static void addFindings(InspectionReport &report);

private:
    static void addOsFindings(InspectionReport &report);
    static void addLinuxBootFindings(InspectionReport &report);
    static void addFstabFindings(InspectionReport &report);
    static void addNetworkFindings(InspectionReport &report);
    static void addBootFindings(InspectionReport &report);
    static void addVolumeFindings(InspectionReport &report);
};

} // namespace Ferry
