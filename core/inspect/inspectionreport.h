#pragma once

#include "base/finding.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Ferry {

// The inspection model: plain values the Inspector fills from a guest disk and the
// domain builder, the report and the CLI read. toJson() gives the stable key names of
// report.json's "inspection" member. No host paths (loop devices, mount points) appear in
// it, so the same disk gives the same report wherever it was read from.

struct FilesystemInfo
{
    QString type;  // libblkid TYPE: ext4, xfs, vfat, ntfs, swap, LVM2_member, crypto_LUKS, BitLocker
    QString usage; // filesystem, raid, crypto, other
    QString label;
    QString uuid;
    QString version;
    bool isEmpty() const { return type.isEmpty(); }
};

struct PartitionEntry
{
    int number = 0;   // 1-based; 0: a filesystem on the whole disk (no partition table)
    int disk = 0;     // which of the inspected disks (0: the VM's first) holds it
    qint64 start = 0; // bytes
    qint64 size = 0;  // bytes
    QString type;     // MBR "0x83" or GPT type GUID, lower case
    QString typeName; // "EFI System", "Linux filesystem", "BIOS boot", ...
    QString name;     // GPT partition name
    QString partUuid;
    bool bootable = false; // MBR active flag
    FilesystemInfo filesystem;
    QString mountedAs; // the guest's mount point (fstab), "swap", or empty
};

struct LvmVolume
{
    QString vg;
    QString name;
    QString uuid;
    qint64 size = 0;
    QString segmentType; // linear, striped, thin, raid1, ...
    bool mapped = false; // its data could be read (linear on one PV)
    FilesystemInfo filesystem;
    QString mountedAs;
    QString path() const; // /dev/VG/LV
};

struct KernelInfo
{
    QString version;                       // "6.1.0-18-amd64"
    bool image = false;                    // /boot/vmlinuz-VERSION exists
    bool modules = false;                  // /lib/modules/VERSION exists
    QString initramfs;                     // guest path, empty if none found
    std::optional<bool> virtioInInitramfs; // absent: no initramfs or it could not be read
    QStringList virtioModules;             // virtio_blk, virtio_scsi, virtio_net found as .ko or built in
    QStringList builtinVirtio;             // of those, the ones built into the kernel
};

struct FstabEntry
{
    QString spec; // UUID=..., /dev/sda1, LABEL=..., /dev/mapper/...
    QString mountPoint;
    QString type;
    QString options;
};

struct NetworkConfig
{
    QString interfaceName; // ens192, eth0, ... (may be empty for a MAC-matched netplan entry)
    QString mac;           // pinned MAC address, lower case, if any
    QString source;        // guest path of the file
    QString kind;          // netplan, ifcfg, interfaces, networkmanager, udev
};

struct OsInfo
{
    QString family;       // linux, windows, unknown
    QString distribution; // os-release ID (debian, rhel, ubuntu) or "windows"
    QString name;         // PRETTY_NAME or a Windows product name
    QString version;      // VERSION_ID or a Windows build (10.0.17763)
    QString arch;         // x86_64, i686, aarch64
    QString hostname;
    QList<KernelInfo> kernels;
    QStringList heuristics; // facts that are guesses, with what they were guessed from
    bool vmwareTools = false;
    QString vmwareToolsEvidence;
    QStringList virtioDrivers; // Windows: viostor, vioscsi, netkvm found in System32/drivers
};

struct BootInfo
{
    QString firmware;    // bios, efi, unknown
    QString mbrBootCode; // grub, syslinux, windows, none, unknown
    bool biosBootPartition = false;
    bool espPresent = false;
    QStringList efiBinaries;        // EFI/debian/grubx64.efi, ...
    bool efiFallbackLoader = false; // EFI/BOOT/BOOTX64.EFI (or BOOTAA64.EFI)
};

struct DeviceRecommendation
{
    QString diskBus = QStringLiteral("sata");    // virtio or sata
    QString nicModel = QStringLiteral("e1000e"); // virtio or e1000e
    QString reason;
    QJsonObject toJson() const;
};

// One of the inspected disks, in the VM's order.
struct InspectedDisk
{
    QString target; // for people: an image path or a URL
    qint64 size = 0;
    QString partitionTable; // gpt, dos, none
    QString diskId;         // GPT disk GUID or MBR signature
};

struct InspectionReport
{
    // target, diskSize, partitionTable, diskId: the first disk (disks.first()); partitions
    // and LVM volumes of every disk (PartitionEntry::disk), the OS from whichever holds it.
    QString target; // what was inspected, for people (an image path or a URL)
    qint64 diskSize = 0;
    QString partitionTable; // gpt, dos, none
    QString diskId;         // GPT disk GUID or MBR signature
    QList<InspectedDisk> disks;
    QList<PartitionEntry> partitions;
    QList<LvmVolume> lvm;
    OsInfo os;
    BootInfo boot;
    QList<FstabEntry> fstab;
    QList<NetworkConfig> network;
    QList<Finding> findings;
    DeviceRecommendation recommendation;

    QJsonObject toJson() const;
    // A finding with this code, or nullptr.
    const Finding *finding(const QString &code) const;
};

} // namespace Ferry
