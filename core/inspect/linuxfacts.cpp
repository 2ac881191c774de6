#include "linuxfacts.h"

#include "inspect/guestconfigparser.h"
#include "inspect/initramfslister.h"

#include <QCollator>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 kConfigBytes = 256 * 1024;
constexpr qint64 kModuleListBytes = 8 * 1024 * 1024;

QByteArray readSmall(const GuestTree &tree, const QString &path, qint64 maxBytes = kConfigBytes)
{
    const auto data = tree.read(path, maxBytes);
    return data ? *data : QByteArray();
}

QStringList kernelVersions(const GuestTree &tree)
{
    QStringList versions;
    for (const QString &image : tree.list(u"/boot"_s, {u"vmlinuz-*"_s, u"vmlinux-*"_s})) {
        const QString version = image.section(u'-', 1);
        if (!version.isEmpty() && !version.endsWith(u".hmac"_s))
            versions << version;
    }
    for (const QString &dir : tree.list(u"/lib/modules"_s)) {
        if (tree.isDirectory(u"/lib/modules/"_s + dir))
            versions << dir;
    }
    versions.removeDuplicates();
    QCollator collator;
    collator.setNumericMode(true);
    std::sort(versions.begin(), versions.end(), [&](const QString &a, const QString &b) { return collator.compare(a, b) > 0; });
    return versions;
}

} // namespace

bool LinuxFacts::isRoot(const GuestTree &tree)
{
    return tree.exists(u"/etc/os-release"_s) || tree.exists(u"/usr/lib/os-release"_s)
        || (tree.exists(u"/etc/fstab"_s) && tree.exists(u"/sbin/init"_s));
}

OsInfo LinuxFacts::readOs(const GuestTree &tree, const std::atomic<bool> *cancel)
{
    OsInfo os;
    os.family = u"linux"_s;
    QByteArray release = readSmall(tree, u"/etc/os-release"_s);
    if (release.isEmpty())
        release = readSmall(tree, u"/usr/lib/os-release"_s);
    const auto values = GuestConfigParser::parseShellVariables(release);
    os.distribution = values.value(u"ID"_s);
    os.name = values.value(u"PRETTY_NAME"_s, values.value(u"NAME"_s));
    os.version = values.value(u"VERSION_ID"_s);
    if (release.isEmpty())
        os.heuristics << u"no os-release: distribution unknown"_s;
    os.hostname = QString::fromUtf8(readSmall(tree, u"/etc/hostname"_s, 256)).section(u'\n', 0, 0).trimmed();
    if (os.hostname.isEmpty()) // RHEL 6 and older
        os.hostname = GuestConfigParser::parseShellVariables(readSmall(tree, u"/etc/sysconfig/network"_s)).value(u"HOSTNAME"_s);
    os.kernels = readKernels(tree, cancel);
    os.arch = readArch(tree, os.kernels);
    readVmwareTools(tree, os);
    return os;
}

QString LinuxFacts::readArch(const GuestTree &tree, const QList<KernelInfo> &kernels)
{
    for (const QString &binary : {u"/bin/sh"_s, u"/usr/bin/env"_s, u"/sbin/init"_s, u"/usr/bin/ls"_s}) {
        QString arch = GuestConfigParser::elfMachine(readSmall(tree, binary, 64));
        if (!arch.isEmpty())
            return arch;
    }
    // No readable executable: the kernel's flavour names it (Debian amd64, RHEL x86_64).
    for (const KernelInfo &kernel : kernels) {
        if (kernel.version.contains(u"amd64"_s) || kernel.version.contains(u"x86_64"_s))
            return u"x86_64"_s;
        if (kernel.version.contains(u"arm64"_s) || kernel.version.contains(u"aarch64"_s))
            return u"aarch64"_s;
    }
    return {};
}

void LinuxFacts::readVmwareTools(const GuestTree &tree, OsInfo &os)
{
    for (const QString &evidence : {u"/usr/bin/vmtoolsd"_s, u"/usr/sbin/vmtoolsd"_s, u"/usr/lib/vmware-tools"_s, u"/etc/vmware-tools"_s,
                                    u"/var/lib/dpkg/info/open-vm-tools.list"_s}) {
        if (tree.exists(evidence)) {
            os.vmwareTools = true;
            os.vmwareToolsEvidence = evidence;
            return;
        }
    }
}

QList<KernelInfo> LinuxFacts::readKernels(const GuestTree &tree, const std::atomic<bool> *cancel)
{
    QList<KernelInfo> kernels;
    for (const QString &version : kernelVersions(tree))
        kernels << readKernel(tree, version, cancel);
    return kernels;
}

KernelInfo LinuxFacts::readKernel(const GuestTree &tree, const QString &version, const std::atomic<bool> *cancel)
{
    KernelInfo kernel;
    kernel.version = version;
    kernel.image = tree.exists(u"/boot/vmlinuz-"_s + version) || tree.exists(u"/boot/vmlinux-"_s + version);
    const QString modules = u"/lib/modules/"_s + version;
    kernel.modules = tree.isDirectory(modules);
    QStringList paths;
    for (const QString &relative :
         {u"kernel/drivers/block/virtio_blk.ko"_s, u"kernel/drivers/scsi/virtio_scsi.ko"_s, u"kernel/drivers/net/virtio_net.ko"_s}) {
        for (const QString &suffix : {u""_s, u".xz"_s, u".zst"_s, u".gz"_s}) {
            if (tree.exists(modules + u'/' + relative + suffix))
                paths << relative + suffix;
        }
    }
    paths += QString::fromUtf8(readSmall(tree, modules + u"/modules.dep"_s, kModuleListBytes)).split(u'\n');
    const QStringList builtinPaths = QString::fromUtf8(readSmall(tree, modules + u"/modules.builtin"_s, kModuleListBytes)).split(u'\n');
    kernel.builtinVirtio = InitramfsLister::virtioModules(builtinPaths);
    kernel.virtioModules = InitramfsLister::virtioModules(paths + builtinPaths);
    for (const QString &name : {u"initrd.img-%1"_s, u"initramfs-%1.img"_s, u"initramfs-%1"_s, u"initrd-%1"_s, u"initrd-%1.img"_s}) {
        const QString candidate = u"/boot/"_s + name.arg(version);
        const QString host = tree.resolve(candidate);
        if (host.isEmpty() || !QFileInfo(host).isFile())
            continue;
        kernel.initramfs = candidate;
        if (const auto listed = InitramfsLister::list(host, cancel)) {
            const QStringList found = InitramfsLister::virtioModules(*listed);
            kernel.virtioInInitramfs = found.contains(u"virtio_blk"_s) || found.contains(u"virtio_scsi"_s);
        }
        break;
    }
    return kernel;
}

QList<FstabEntry> LinuxFacts::readFstab(const GuestTree &tree)
{
    return GuestConfigParser::parseFstab(readSmall(tree, u"/etc/fstab"_s));
}

QList<NetworkConfig> LinuxFacts::readNetwork(const GuestTree &tree)
{
    QList<NetworkConfig> configs;
    for (const QString &file : tree.glob(u"/etc/netplan/*.yaml"_s))
        configs += GuestConfigParser::parseNetplan(readSmall(tree, file), file);
    for (const QString &file : tree.glob(u"/etc/sysconfig/network-scripts/ifcfg-*"_s)) {
        if (!file.endsWith(u"ifcfg-lo"_s))
            configs += GuestConfigParser::parseIfcfg(readSmall(tree, file), file);
    }
    QStringList interfaces{u"/etc/network/interfaces"_s};
    interfaces += tree.glob(u"/etc/network/interfaces.d/*"_s);
    for (const QString &file : interfaces) {
        if (tree.exists(file) && !tree.isDirectory(file))
            configs += GuestConfigParser::parseInterfaces(readSmall(tree, file), file);
    }
    for (const QString &file : tree.glob(u"/etc/NetworkManager/system-connections/*"_s))
        configs += GuestConfigParser::parseNmConnection(readSmall(tree, file), file);
    const QString udev = u"/etc/udev/rules.d/70-persistent-net.rules"_s;
    if (tree.exists(udev))
        configs += GuestConfigParser::parseUdevNetRules(readSmall(tree, udev), udev);
    return configs;
}

} // namespace Ferry
