#include "labcatalog.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

const QUuid labNamespace(u"{6b1f3a52-6d0e-4d8b-9d43-2f3c1f1e9a10}"_s);

QString uuidFor(const QString &name, const QString &kind)
{
    return QUuid::createUuidV5(labNamespace, kind + u':' + name).toString(QUuid::WithoutBraces);
}

} // namespace

QString LabVmSpec::uuid() const
{
    return uuidFor(name, u"bios"_s);
}

QString LabVmSpec::instanceUuid() const
{
    return uuidFor(name, u"instance"_s);
}

QString LabVmSpec::directory() const
{
    return name;
}

QString LabCatalog::mac(const QString &vm, int index)
{
    const QByteArray digest = QCryptographicHash::hash((vm + u'#' + QString::number(index)).toUtf8(), QCryptographicHash::Sha256);
    // 00:50:56 is VMware's OUI; the fourth byte stays below 0x40 as vSphere requires.
    return u"00:50:56:%1:%2:%3"_s.arg(quint8(digest.at(0)) & 0x3f, 2, 16, QChar(u'0'))
        .arg(quint8(digest.at(1)), 2, 16, QChar(u'0'))
        .arg(quint8(digest.at(2)), 2, 16, QChar(u'0'));
}

Result<LabVmSpec> LabCatalog::guestVm(const QString &spec)
{
    const qsizetype equals = spec.indexOf(u'=');
    const QString name = spec.left(equals);
    QStringList images = spec.mid(equals + 1).split(u',', Qt::SkipEmptyParts);
    if (equals <= 0 || images.isEmpty() || name.contains(u'/'))
        return fail(ErrorCode::Usage, u"--guest-vm needs NAME=IMAGE[,IMAGE...][,efi], got '%1'"_s.arg(spec));
    LabVmSpec vm = tinyLinux(name);
    vm.memoryMB = 1024;
    vm.efi = images.removeAll(u"efi"_s) > 0;
    vm.secureBoot = false;
    vm.disks.clear();
    for (qsizetype i = 0; i < images.size(); ++i) {
        const QFileInfo image(images.at(i));
        if (!image.isAbsolute() || !image.isFile() || image.size() <= 0 || image.size() % mib != 0)
            return fail(ErrorCode::Usage,
                        u"--guest-vm %1: %2 is not an absolute path of a raw image of whole MiB"_s.arg(name, images.at(i)));
        vm.disks.append(LabDiskSpec{u"pvscsi"_s, 0, int(i), i == 0 ? name : u"%1_%2"_s.arg(name).arg(i), image.absoluteFilePath(),
                                    image.size(), true, LabDiskKind::Flat});
    }
    return vm;
}

QStringList LabCatalog::networks()
{
    return {u"VM Network"_s, u"Storage Net"_s};
}

LabVmSpec LabCatalog::tinyLinux(const QString &name)
{
    LabVmSpec vm;
    vm.name = name;
    vm.guestId = u"debian12_64Guest"_s;
    vm.guestOs = u"debian12-64"_s;
    vm.guestFullName = u"Debian GNU/Linux 12 (64-bit)"_s;
    vm.disks = {LabDiskSpec{u"pvscsi"_s, 0, 0, name, u"tiny-linux-bios.img"_s, gib, true, LabDiskKind::Flat}};
    vm.nics = {LabNicSpec{u"vmxnet3"_s, u"VM Network"_s, mac(name, 0)}};
    return vm;
}

// A 64 MiB disk that really boots (make-boot-disk.sh): for end-to-end migrate-and-boot
// tests. No NIC, so a converted domain needs no libvirt network to start.
LabVmSpec LabCatalog::bootDisk(const QString &name, bool efi)
{
    LabVmSpec vm = tinyLinux(name);
    vm.efi = efi;
    vm.secureBoot = false; // syslinux.efi is unsigned
    vm.disks = {LabDiskSpec{u"pvscsi"_s, 0, 0, name, name + u".img"_s, 64 * mib, true, LabDiskKind::Flat}};
    vm.nics.clear();
    return vm;
}

QList<LabVmSpec> LabCatalog::vms(int extraVms, qint64 benchDiskSize)
{
    QList<LabVmSpec> vms;
    vms.append(tinyLinux(u"tiny-linux-bios"_s));

    LabVmSpec efi = tinyLinux(u"tiny-linux-efi"_s);
    efi.efi = true;
    efi.secureBoot = true;
    efi.disks = {LabDiskSpec{u"nvme"_s, 0, 0, efi.name, u"tiny-linux-efi.img"_s, gib, true, LabDiskKind::Flat}};
    efi.nics = {LabNicSpec{u"e1000e"_s, u"VM Network"_s, mac(efi.name, 0)}};
    vms.append(efi);

    LabVmSpec multi = tinyLinux(u"multi-disk"_s);
    multi.numCpu = 4;
    multi.coresPerSocket = 2;
    multi.memoryMB = 4096;
    multi.disks = {LabDiskSpec{u"lsilogic"_s, 0, 0, multi.name, u"tiny-linux-bios.img"_s, gib, false, LabDiskKind::Flat},
                   LabDiskSpec{u"sata"_s, 0, 0, multi.name + u"_1"_s, u"multi-disk-data.img"_s, 2 * gib, true, LabDiskKind::Flat}};
    multi.nics = {LabNicSpec{u"vmxnet3"_s, u"VM Network"_s, mac(multi.name, 0)},
                  LabNicSpec{u"e1000"_s, u"Storage Net"_s, mac(multi.name, 1)}};
    vms.append(multi);

    LabVmSpec snapshotted = tinyLinux(u"snapshotted"_s);
    snapshotted.snapshotName = u"before-upgrade"_s;
    snapshotted.disks.first().kind = LabDiskKind::SnapshotDelta;
    vms.append(snapshotted);

    LabVmSpec rdm = tinyLinux(u"rdm-vm"_s);
    rdm.disks.first().image.clear();
    rdm.disks.first().kind = LabDiskKind::Rdm;
    vms.append(rdm);

    LabVmSpec running = tinyLinux(u"running"_s);
    running.poweredOn = true;
    vms.append(running);

    vms.append(bootDisk(u"boot-bios"_s, false));
    vms.append(bootDisk(u"boot-efi"_s, true));

    for (int i = 1; i <= extraVms; ++i) {
        LabVmSpec filler = tinyLinux(u"filler-%1"_s.arg(i, 3, 10, QChar(u'0')));
        filler.disks.first().image.clear();
        filler.disks.first().capacity = 16 * mib;
        vms.append(filler);
    }
    if (benchDiskSize > 0) {
        LabVmSpec bench = tinyLinux(u"bench"_s);
        bench.disks.first().image = u"bench-%1.img"_s.arg(benchDiskSize);
        bench.disks.first().capacity = benchDiskSize;
        vms.append(bench);
    }
    return vms;
}

} // namespace Ferry::Lab
