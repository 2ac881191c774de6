#include "guestreader.h"

#include "inspect/inspectionrules.h"
#include "inspect/linuxfacts.h"
#include "inspect/windowsfacts.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

bool caseInsensitive(const QString &fsType)
{
    return fsType == u"vfat" || fsType == u"ntfs" || fsType == u"exfat";
}

} // namespace

GuestReader::GuestReader(InspectionReport &report, const QList<InspectionRun::Volume> &volumes, const std::atomic<bool> *cancel)
    : m_report(report)
    , m_volumes(volumes)
    , m_cancel(cancel)
{
}

GuestTree GuestReader::treeOf(const InspectionRun::Volume &volume) const
{
    return GuestTree(volume.mountPoint, caseInsensitive(volume.fsType));
}

const InspectionRun::Volume *GuestReader::findRoot(bool *windows) const
{
    const InspectionRun::Volume *fallback = nullptr;
    for (const InspectionRun::Volume &volume : m_volumes) {
        if (!volume.mounted)
            continue;
        const GuestTree tree = treeOf(volume);
        if (LinuxFacts::isRoot(tree)) {
            if (tree.exists(u"/etc/os-release"_s) || tree.exists(u"/usr/lib/os-release"_s)) {
                *windows = false;
                return &volume;
            }
            fallback = fallback ? fallback : &volume;
        } else if (!fallback && WindowsFacts::isSystemVolume(tree)) {
            *windows = true;
            return &volume;
        }
    }
    *windows = false;
    return fallback;
}

void GuestReader::markMountedAs(const InspectionRun::Volume &volume, const QString &mountPoint)
{
    if (volume.partition >= 0)
        m_report.partitions[volume.partition].mountedAs = mountPoint;
    else if (volume.lvm >= 0)
        m_report.lvm[volume.lvm].mountedAs = mountPoint;
}

// The root's fstab decides where every other volume appears; a /boot that fstab does not
// name (or a missing fstab) is recognised by its kernels.
GuestTree GuestReader::assembleLinux(const InspectionRun::Volume &root)
{
    GuestTree tree = treeOf(root);
    markMountedAs(root, u"/"_s);
    m_report.fstab = LinuxFacts::readFstab(tree);
    bool haveBoot = false;
    for (const FstabEntry &entry : std::as_const(m_report.fstab)) {
        if (entry.mountPoint == u"/" || !entry.mountPoint.startsWith(u'/'))
            continue;
        for (const InspectionRun::Volume &volume : m_volumes) {
            const bool named = volume.partition >= 0 ? InspectionRules::specNames(entry.spec, m_report.partitions.at(volume.partition))
                                                     : InspectionRules::specNames(entry.spec, m_report.lvm.at(volume.lvm));
            if (!named || &volume == &root)
                continue;
            markMountedAs(volume, entry.mountPoint);
            if (volume.mounted)
                tree.addMount(entry.mountPoint, volume.mountPoint, caseInsensitive(volume.fsType));
            haveBoot = haveBoot || entry.mountPoint == u"/boot";
            break;
        }
    }
    if (!haveBoot && tree.list(u"/boot"_s, {u"vmlinuz-*"_s}).isEmpty()) {
        for (const InspectionRun::Volume &volume : m_volumes) {
            if (volume.mounted && &volume != &root && !treeOf(volume).list(u"/"_s, {u"vmlinuz-*"_s}).isEmpty()) {
                tree.addMount(u"/boot"_s, volume.mountPoint);
                markMountedAs(volume, u"/boot"_s);
                m_report.os.heuristics << u"/boot recognised by its kernels, not named in fstab"_s;
                break;
            }
        }
    }
    markSwap();
    return tree;
}

void GuestReader::markSwap()
{
    for (const FstabEntry &entry : std::as_const(m_report.fstab)) {
        if (entry.type != u"swap")
            continue;
        for (PartitionEntry &partition : m_report.partitions) {
            if (partition.filesystem.type == u"swap" && InspectionRules::specNames(entry.spec, partition))
                partition.mountedAs = u"swap"_s;
        }
        for (LvmVolume &volume : m_report.lvm) {
            if (volume.filesystem.type == u"swap" && InspectionRules::specNames(entry.spec, volume))
                volume.mountedAs = u"swap"_s;
        }
    }
}

void GuestReader::read()
{
    bool windows = false;
    const InspectionRun::Volume *root = findRoot(&windows);
    if (!root) {
        m_report.os.family = u"unknown"_s;
    } else if (windows) {
        m_report.os = WindowsFacts::readOs(treeOf(*root));
        markMountedAs(*root, u"C:"_s);
    } else {
        const QStringList heuristics = m_report.os.heuristics;
        const GuestTree tree = assembleLinux(*root);
        const QStringList assembled = m_report.os.heuristics;
        m_report.os = LinuxFacts::readOs(tree, m_cancel);
        m_report.os.heuristics = heuristics + assembled + m_report.os.heuristics;
        m_report.os.heuristics.removeDuplicates();
        m_report.network = LinuxFacts::readNetwork(tree);
    }
    readBoot();
}

void GuestReader::readBoot()
{
    BootInfo &boot = m_report.boot;
    for (const PartitionEntry &partition : std::as_const(m_report.partitions))
        boot.biosBootPartition = boot.biosBootPartition || partition.typeName == u"BIOS boot";
    for (const InspectionRun::Volume &volume : m_volumes) {
        if (volume.partition < 0 || m_report.partitions.at(volume.partition).typeName != u"EFI System")
            continue;
        boot.espPresent = true;
        if (!volume.mounted)
            continue;
        const GuestTree esp = treeOf(volume);
        for (const QString &binary : esp.glob(u"/EFI/*/*.efi"_s))
            boot.efiBinaries << binary.mid(1);
        boot.efiFallbackLoader = esp.exists(u"/EFI/BOOT/BOOTX64.EFI"_s) || esp.exists(u"/EFI/BOOT/BOOTAA64.EFI"_s);
    }
    for (const PartitionEntry &partition : std::as_const(m_report.partitions))
        boot.espPresent = boot.espPresent || partition.typeName == u"EFI System";
    const bool mbrCode = boot.mbrBootCode != u"none" && boot.mbrBootCode != u"unknown" && !boot.mbrBootCode.isEmpty();
    if (boot.espPresent && (!boot.efiBinaries.isEmpty() || !boot.biosBootPartition))
        boot.firmware = u"efi"_s;
    else if (boot.biosBootPartition || mbrCode || (m_report.partitionTable == u"dos" && boot.mbrBootCode == u"unknown"))
        boot.firmware = u"bios"_s;
    else
        boot.firmware = u"unknown"_s;
}

} // namespace Ferry
