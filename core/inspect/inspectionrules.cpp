#include "inspectionrules.h"

#include <QRegularExpression>
#include <QSet>

#include <utility>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

Finding finding(Finding::Severity severity, const QString &code, const QString &message, const QString &details = {})
{
    return Finding{severity, code, message, details};
}

const KernelInfo *newestKernel(const OsInfo &os)
{
    // readKernels sorts newest first; prefer one that can boot (has an image).
    for (const KernelInfo &kernel : os.kernels) {
        if (kernel.image)
            return &kernel;
    }
    return os.kernels.isEmpty() ? nullptr : &os.kernels.first();
}

QString specValue(const QString &spec, const QString &key, const QString &byDir)
{
    if (spec.startsWith(key + u'='))
        return spec.mid(key.size() + 1).remove(u'"');
    if (spec.startsWith(u"/dev/disk/"_s + byDir + u'/'))
        return spec.section(u'/', 4);
    return {};
}

DeviceRecommendation recommendWindows(const OsInfo &os)
{
    DeviceRecommendation out;
    if (os.virtioDrivers.contains(u"viostor"_s))
        out.diskBus = u"virtio"_s;
    else if (os.virtioDrivers.contains(u"vioscsi"_s))
        out.diskBus = u"scsi"_s;
    out.nicModel = os.virtioDrivers.contains(u"netkvm"_s) ? u"virtio"_s : u"e1000e"_s;
    out.reason = os.virtioDrivers.isEmpty() ? u"Windows has no virtio drivers (viostor, vioscsi, netkvm) in System32\\drivers"_s
                                            : u"Windows has virtio drivers: %1"_s.arg(os.virtioDrivers.join(u", "_s));
    return out;
}

} // namespace

DeviceRecommendation InspectionRules::recommend(const OsInfo &os)
{
    if (os.family == u"windows")
        return recommendWindows(os);
    DeviceRecommendation out;
    const KernelInfo *kernel = newestKernel(os);
    if (os.family != u"linux" || !kernel) {
        out.reason = os.family == u"linux" ? u"no kernel found in /boot or /lib/modules"_s
                                           : u"no operating system found; SATA and e1000e work with any guest"_s;
        return out;
    }
    QStringList disk = kernel->builtinVirtio;
    if (kernel->virtioInInitramfs.value_or(false)) {
        for (const QString &module : kernel->virtioModules) {
            if (module != u"virtio_net" && !disk.contains(module))
                disk << module;
        }
    }
    QStringList reasons;
    if (disk.contains(u"virtio_blk"_s))
        out.diskBus = u"virtio"_s;
    else if (disk.contains(u"virtio_scsi"_s))
        out.diskBus = u"scsi"_s;
    if (out.diskBus == u"sata")
        reasons << (kernel->initramfs.isEmpty() ? u"kernel %1 has no initramfs and no built-in virtio disk driver"_s.arg(kernel->version)
                        : !kernel->virtioInInitramfs ? u"the initramfs %1 could not be read"_s.arg(kernel->initramfs)
                                                     : u"the initramfs %1 has no virtio_blk or virtio_scsi"_s.arg(kernel->initramfs));
    else
        reasons << u"kernel %1 can boot from %2 (%3)"_s.arg(kernel->version, disk.join(u", "_s),
                                                            kernel->builtinVirtio.isEmpty() ? u"in "_s + kernel->initramfs
                                                                                            : u"built in or in the initramfs"_s);
    out.nicModel = kernel->virtioModules.contains(u"virtio_net"_s) ? u"virtio"_s : u"e1000e"_s;
    reasons << (out.nicModel == u"virtio" ? u"virtio_net module present"_s : u"no virtio_net module"_s);
    out.reason = reasons.join(u"; "_s);
    return out;
}

bool InspectionRules::specNames(const QString &spec, const PartitionEntry &partition)
{
    const FilesystemInfo &fs = partition.filesystem;
    if (const QString uuid = specValue(spec, u"UUID"_s, u"by-uuid"_s); !uuid.isEmpty())
        return !fs.uuid.isEmpty() && uuid.compare(fs.uuid, Qt::CaseInsensitive) == 0;
    if (const QString label = specValue(spec, u"LABEL"_s, u"by-label"_s); !label.isEmpty())
        return label == fs.label;
    if (const QString uuid = specValue(spec, u"PARTUUID"_s, u"by-partuuid"_s); !uuid.isEmpty())
        return uuid.compare(partition.partUuid, Qt::CaseInsensitive) == 0;
    if (const QString name = specValue(spec, u"PARTLABEL"_s, u"by-partlabel"_s); !name.isEmpty())
        return name == partition.name;
    // /dev/sdb1 is partition 1 of the VM's second disk (the letter counts the disks).
    static const QRegularExpression device(u"^/dev/(?:(?:[shv]d|xvd)([a-z])|nvme\\d+n\\d+p)(\\d+)$"_s);
    const auto match = device.match(spec);
    if (!match.hasMatch() || match.captured(2).toInt() != partition.number)
        return false;
    const QString letter = match.captured(1);
    return letter.isEmpty() || letter.at(0).unicode() - u'a' == partition.disk;
}

bool InspectionRules::specNames(const QString &spec, const LvmVolume &volume)
{
    if (const QString uuid = specValue(spec, u"UUID"_s, u"by-uuid"_s); !uuid.isEmpty())
        return uuid.compare(volume.filesystem.uuid, Qt::CaseInsensitive) == 0;
    if (const QString label = specValue(spec, u"LABEL"_s, u"by-label"_s); !label.isEmpty())
        return label == volume.filesystem.label;
    QString vg = volume.vg;
    QString lv = volume.name;
    const QString mapper = u"/dev/mapper/"_s + vg.replace(u'-', u"--"_s) + u'-' + lv.replace(u'-', u"--"_s);
    return spec == mapper || spec == volume.path();
}

bool InspectionRules::isDeviceName(const QString &spec)
{
    static const QRegularExpression device(u"^/dev/(?:[shv]d[a-z]+|xvd[a-z]+|nvme\\d+n\\d+(?:p)?)\\d*$"_s);
    return device.match(spec).hasMatch();
}

QString InspectionRules::renamedDevice(const QString &spec, const QString &diskBus)
{
    static const QRegularExpression device(u"^/dev/(?:[shv]d|xvd)([a-z]+)(\\d*)$"_s);
    const auto match = device.match(spec);
    if (!match.hasMatch())
        return spec;
    const QString prefix = diskBus == u"virtio" ? u"vd"_s : u"sd"_s;
    return u"/dev/"_s + prefix + match.captured(1) + match.captured(2);
}

bool InspectionRules::isVmwareInterfaceName(const QString &name)
{
    // PCI slot names VMware's virtual hardware produces (slots 32-35 and 160-256+), and
    // Workstation's ens33/ens34.
    static const QRegularExpression vmware(u"^(?:ens(?:3[2-9]|1[6-9]\\d|2\\d\\d)|eno\\d{8,})$"_s);
    return vmware.match(name).hasMatch();
}

void InspectionRules::addVolumeFindings(InspectionReport &report)
{
    auto where = [](const PartitionEntry &p) { return p.number ? u"partition %1"_s.arg(p.number) : u"the whole disk"_s; };
    for (const PartitionEntry &partition : std::as_const(report.partitions)) {
        const QString type = partition.filesystem.type;
        if (type == u"crypto_LUKS")
            report.findings << finding(
                Finding::Severity::Warning, u"luks"_s,
                u"LUKS-encrypted volume on %1: not inspected; its passphrase is asked for at boot on the new console"_s.arg(
                    where(partition)),
                u"LUKS version %1, UUID %2"_s.arg(partition.filesystem.version, partition.filesystem.uuid));
        else if (type == u"BitLocker")
            report.findings << finding(
                Finding::Severity::Warning, u"bitlocker"_s,
                u"BitLocker volume on %1: have the recovery key ready; a TPM-sealed key asks for it on the new hardware"_s.arg(
                    where(partition)),
                u"not inspected"_s);
        else if (type == u"ambivalent")
            report.findings << finding(Finding::Severity::Warning, u"ambivalent-signatures"_s,
                                       u"%1 carries several filesystem signatures; it was not inspected"_s.arg(where(partition)));
    }
    for (const LvmVolume &volume : std::as_const(report.lvm)) {
        if (!volume.mapped)
            report.findings << finding(Finding::Severity::Warning, u"lvm-not-inspected"_s,
                                       u"logical volume %1 (%2) was not inspected: only linear volumes can be read without device-mapper"_s
                                           .arg(volume.path(), volume.segmentType));
    }
}

void InspectionRules::addOsFindings(InspectionReport &report)
{
    const OsInfo &os = report.os;
    if (os.family == u"unknown" || os.family.isEmpty()) {
        report.findings << finding(Finding::Severity::Info, u"no-os"_s,
                                   u"no operating system found on this disk (a data disk, or a system Ferry cannot read)"_s);
        return;
    }
    if (os.family == u"windows") {
        if (os.virtioDrivers.isEmpty())
            report.findings << finding(Finding::Severity::Warning, u"no-virtio-windows"_s,
                                       u"Windows has no virtio drivers: the VM gets SATA and e1000e; install virtio-win to switch later"_s);
        if (os.vmwareTools)
            report.findings << finding(
                Finding::Severity::Warning, u"vmware-tools"_s,
                u"VMware Tools is installed: uninstall it before moving (its uninstaller refuses to run off VMware)"_s,
                os.vmwareToolsEvidence);
        for (const QString &guess : os.heuristics)
            report.findings << finding(Finding::Severity::Info, u"heuristic"_s, guess);
        return;
    }
    addLinuxBootFindings(report);
    if (os.vmwareTools)
        report.findings << finding(Finding::Severity::Info, u"vmware-tools"_s,
                                   u"VMware Tools (open-vm-tools) is installed: harmless on KVM; replace it with qemu-guest-agent"_s,
                                   os.vmwareToolsEvidence);
    for (const QString &guess : os.heuristics)
        report.findings << finding(Finding::Severity::Info, u"heuristic"_s, guess);
}

void InspectionRules::addLinuxBootFindings(InspectionReport &report)
{
    const OsInfo &os = report.os;
    if (os.kernels.isEmpty()) {
        report.findings << finding(Finding::Severity::Warning, u"no-kernel"_s,
                                   u"no kernel found in /boot or /lib/modules: the guest may not boot"_s);
        return;
    }
    for (const KernelInfo &kernel : os.kernels) {
        if (kernel.image && kernel.initramfs.isEmpty())
            report.findings << finding(Finding::Severity::Warning, u"no-initramfs"_s,
                                       u"kernel %1 has no initramfs in /boot"_s.arg(kernel.version));
    }
    if (report.recommendation.diskBus == u"sata")
        report.findings << finding(
            Finding::Severity::Warning, u"no-virtio-initramfs"_s,
            u"no virtio drivers in initramfs: use SATA (rebuild the initramfs with virtio_blk to switch to virtio)"_s,
            report.recommendation.reason);
}

void InspectionRules::addFstabFindings(InspectionReport &report)
{
    for (const FstabEntry &entry : std::as_const(report.fstab)) {
        if (isDeviceName(entry.spec)) {
            const QString renamed = renamedDevice(entry.spec, report.recommendation.diskBus);
            report.findings
                << (renamed != entry.spec
                        ? finding(Finding::Severity::Warning, u"fstab-device-name"_s,
                                  u"fstab mounts %1 by device name; on %2 it becomes %3"_s.arg(entry.spec, report.recommendation.diskBus,
                                                                                               renamed),
                                  u"mount point %1; use UUID= or LABEL= instead"_s.arg(entry.mountPoint))
                        : finding(Finding::Severity::Info, u"fstab-device-name"_s,
                                  u"fstab mounts %1 by device name; it keeps its name only while the disk order stays the same"_s.arg(
                                      entry.spec),
                                  u"mount point %1"_s.arg(entry.mountPoint)));
            continue;
        }
        const bool byId = entry.spec.startsWith(u"UUID="_s) || entry.spec.startsWith(u"LABEL="_s) || entry.spec.startsWith(u"PARTUUID="_s)
            || entry.spec.startsWith(u"/dev/mapper/"_s);
        bool found = false;
        for (const PartitionEntry &partition : std::as_const(report.partitions))
            found = found || specNames(entry.spec, partition);
        for (const LvmVolume &volume : std::as_const(report.lvm))
            found = found || specNames(entry.spec, volume);
        if (byId && !found && entry.type != u"swap")
            report.findings << finding(
                Finding::Severity::Info, u"fstab-elsewhere"_s,
                u"fstab mounts %1 on %2, which is not on this disk (another disk of the VM?)"_s.arg(entry.spec, entry.mountPoint));
    }
}

void InspectionRules::addNetworkFindings(InspectionReport &report)
{
    QSet<QString> reported;
    for (const NetworkConfig &config : std::as_const(report.network)) {
        const QString key = config.interfaceName + config.mac;
        if (reported.contains(key))
            continue;
        reported.insert(key);
        if (isVmwareInterfaceName(config.interfaceName))
            report.findings << finding(
                Finding::Severity::Warning, u"network-vmware-name"_s,
                u"network config pins %1: on KVM the NIC gets another name (enp1s0 on q35), so it stays unconfigured"_s.arg(
                    config.interfaceName),
                config.source);
        if (!config.mac.isEmpty())
            report.findings << finding(Finding::Severity::Info, u"network-mac-pinned"_s,
                                       u"network config for %1 matches MAC %2: keep the VM's MAC address on the target"_s.arg(
                                           config.interfaceName.isEmpty() ? u"an interface"_s : config.interfaceName, config.mac),
                                       config.source);
    }
}

void InspectionRules::addBootFindings(InspectionReport &report)
{
    const BootInfo &boot = report.boot;
    if (boot.firmware == u"efi") {
        report.findings << finding(Finding::Severity::Info, u"efi-nvram"_s, u"UEFI guest: NVRAM boot entries are not carried over"_s,
                                   boot.efiBinaries.join(u", "_s));
        if (!boot.efiFallbackLoader)
            report.findings << finding(
                Finding::Severity::Warning, u"efi-no-fallback"_s,
                u"no EFI/BOOT/BOOTX64.EFI on the ESP: without its NVRAM entry the guest may not boot; install the fallback loader"_s,
                boot.efiBinaries.join(u", "_s));
    } else if (boot.firmware == u"unknown" && report.os.family == u"linux") {
        report.findings << finding(Finding::Severity::Warning, u"no-bootloader"_s,
                                   u"no boot loader found (no ESP with EFI binaries, no boot code in the MBR)"_s);
    }
    if (report.partitionTable == u"gpt" && boot.firmware == u"bios" && !boot.biosBootPartition && boot.mbrBootCode == u"grub")
        report.findings << finding(Finding::Severity::Warning, u"gpt-bios-no-bootpart"_s,
                                   u"GRUB boots this GPT disk in BIOS mode without a BIOS boot partition"_s);
}

void InspectionRules::addFindings(InspectionReport &report)
{
    addVolumeFindings(report);
    addOsFindings(report);
    addFstabFindings(report);
    addNetworkFindings(report);
    addBootFindings(report);
}

} // namespace Ferry
