#include "labfiles.h"

#include <QCryptographicHash>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

QByteArray hashOf(const QString &text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
}

// "42 1e 5c ... 9a-0b ..." as in uuid.bios and vc.uuid.
QString vmxUuid(const QString &uuid)
{
    const QByteArray hex = QByteArray::fromHex(uuid.toLatin1().replace('-', ""));
    QString out;
    for (int i = 0; i < hex.size(); ++i) {
        if (i > 0)
            out += i == 8 ? u'-' : u' ';
        out += u"%1"_s.arg(quint8(hex.at(i)), 2, 16, QChar(u'0'));
    }
    return out;
}

QString line(const QString &key, const QString &value)
{
    return key + u" = \""_s + value + u"\"\n"_s;
}

QString controllerPrefix(const QString &controller)
{
    if (controller == u"sata")
        return u"sata"_s;
    if (controller == u"nvme")
        return u"nvme"_s;
    return u"scsi"_s;
}

QString diskLines(const LabVmSpec &vm)
{
    QString text;
    QStringList controllersDone;
    for (const LabDiskSpec &disk : vm.disks) {
        const QString controller = controllerPrefix(disk.controller) + QString::number(disk.bus);
        if (!controllersDone.contains(controller)) {
            controllersDone.append(controller);
            text += line(controller + u".present"_s, u"TRUE"_s);
            if (controller.startsWith(u"scsi"))
                text += line(controller + u".virtualDev"_s, disk.controller);
        }
        const QString device = LabFiles::deviceName(disk);
        text += line(device + u".present"_s, u"TRUE"_s);
        text += line(device + u".fileName"_s, LabFiles::currentDescriptorName(disk));
        text += line(device + u".deviceType"_s, disk.kind == LabDiskKind::Rdm ? u"scsi-passthru"_s : u"scsi-hardDisk"_s);
        if (disk.kind == LabDiskKind::Rdm)
            text += line(device + u".mode"_s, u"independent-persistent"_s);
    }
    return text;
}

QString nicLines(const LabVmSpec &vm)
{
    QString text;
    for (int i = 0; i < vm.nics.size(); ++i) {
        const LabNicSpec &nic = vm.nics.at(i);
        const QString prefix = u"ethernet%1"_s.arg(i);
        text += line(prefix + u".present"_s, u"TRUE"_s);
        text += line(prefix + u".virtualDev"_s, nic.model);
        text += line(prefix + u".networkName"_s, nic.network);
        text += line(prefix + u".addressType"_s, u"generated"_s);
        text += line(prefix + u".generatedAddress"_s, nic.mac);
        text += line(prefix + u".generatedAddressOffset"_s, QString::number(i * 10));
        text += line(prefix + u".pciSlotNumber"_s, QString::number(192 + i * 32));
    }
    return text;
}

} // namespace

QString LabFiles::descriptorName(const LabDiskSpec &disk)
{
    return disk.baseName + u".vmdk"_s;
}

QString LabFiles::extentName(const LabDiskSpec &disk)
{
    return disk.baseName + (disk.kind == LabDiskKind::Rdm ? u"-rdmp.vmdk"_s : u"-flat.vmdk"_s);
}

QString LabFiles::deltaName(const LabDiskSpec &disk)
{
    return disk.baseName + u"-000001.vmdk"_s;
}

QString LabFiles::deltaExtentName(const LabDiskSpec &disk)
{
    return disk.baseName + u"-000001-delta.vmdk"_s;
}

QString LabFiles::currentDescriptorName(const LabDiskSpec &disk)
{
    return disk.kind == LabDiskKind::SnapshotDelta ? deltaName(disk) : descriptorName(disk);
}

QString LabFiles::deviceName(const LabDiskSpec &disk)
{
    return controllerPrefix(disk.controller) + QString::number(disk.bus) + u':' + QString::number(disk.unit);
}

QString LabFiles::cid(const LabVmSpec &vm, const LabDiskSpec &disk, bool delta)
{
    const QByteArray digest = hashOf(vm.name + u'/' + disk.baseName + (delta ? u"/delta"_s : QString()));
    return QString::fromLatin1(digest.left(4).toHex());
}

QString LabFiles::ddbUuid(const LabVmSpec &vm, const LabDiskSpec &disk)
{
    QByteArray bytes = hashOf(vm.name + u"/ddb/" + disk.baseName).left(16);
    bytes[0] = char(0x60);
    bytes[1] = char(0x00);
    bytes[2] = char(0xC2);
    QString out;
    for (int i = 0; i < bytes.size(); ++i)
        out += (i ? u" "_s : QString()) + u"%1"_s.arg(quint8(bytes.at(i)), 2, 16, QChar(u'0'));
    return out;
}

QByteArray LabFiles::vmx(const LabVmSpec &vm)
{
    QString text = u".encoding = \"UTF-8\"\n"_s;
    text += line(u"config.version"_s, u"8"_s);
    text += line(u"virtualHW.version"_s, u"21"_s);
    text += line(u"displayName"_s, vm.name);
    text += line(u"guestOS"_s, vm.guestOs);
    text += line(u"memSize"_s, QString::number(vm.memoryMB));
    text += line(u"numvcpus"_s, QString::number(vm.numCpu));
    text += line(u"cpuid.coresPerSocket"_s, QString::number(vm.coresPerSocket));
    if (vm.efi) {
        text += line(u"firmware"_s, u"efi"_s);
        text += line(u"nvram"_s, vm.name + u".nvram"_s);
        text += line(u"uefi.secureBoot.enabled"_s, vm.secureBoot ? u"TRUE"_s : u"FALSE"_s);
    }
    text += line(u"uuid.bios"_s, vmxUuid(vm.uuid()));
    text += line(u"vc.uuid"_s, vmxUuid(vm.instanceUuid()));
    text += line(u"pciBridge0.present"_s, u"TRUE"_s);
    text += line(u"tools.syncTime"_s, u"FALSE"_s);
    text += line(u"sched.swap.derivedName"_s,
                 u"/vmfs/volumes/64f0c1d2-3e4f5a6b-7c8d-000c29a1b2c3/"_s + vm.name + u'/' + vm.name + u".vswp"_s);
    text += diskLines(vm);
    text += nicLines(vm);
    return text.toUtf8();
}

QByteArray LabFiles::descriptor(const LabVmSpec &vm, const LabDiskSpec &disk)
{
    const qint64 sectors = disk.capacity / 512;
    const bool rdm = disk.kind == LabDiskKind::Rdm;
    QString text = u"# Disk DescriptorFile\nversion=1\nencoding=\"UTF-8\"\n"_s;
    text += u"CID=%1\nparentCID=ffffffff\n"_s.arg(cid(vm, disk, false));
    text += rdm ? u"createType=\"vmfsPassthroughRawDeviceMap\"\n"_s : u"createType=\"vmfs\"\n"_s;
    text += u"\n# Extent description\nRW %1 %2 \"%3\"\n"_s.arg(sectors).arg(rdm ? u"VMFSRDM"_s : u"VMFS"_s, extentName(disk));
    text += u"\n# The Disk Data Base\n#DDB\n\n"_s;
    text += line(u"ddb.adapterType"_s, disk.controller == u"sata" ? u"ide"_s : u"lsilogic"_s);
    text += line(u"ddb.geometry.cylinders"_s, QString::number(std::max<qint64>(1, sectors / (255 * 63))));
    text += line(u"ddb.geometry.heads"_s, u"255"_s);
    text += line(u"ddb.geometry.sectors"_s, u"63"_s);
    text += line(u"ddb.longContentID"_s, QString::fromLatin1(hashOf(vm.name + disk.baseName).left(16).toHex()));
    if (disk.thin && !rdm)
        text += line(u"ddb.thinProvisioned"_s, u"1"_s);
    text += line(u"ddb.uuid"_s, ddbUuid(vm, disk));
    text += line(u"ddb.virtualHWVersion"_s, u"21"_s);
    return text.toUtf8();
}

QByteArray LabFiles::deltaDescriptor(const LabVmSpec &vm, const LabDiskSpec &disk)
{
    QString text = u"# Disk DescriptorFile\nversion=1\nencoding=\"UTF-8\"\n"_s;
    text += u"CID=%1\nparentCID=%2\n"_s.arg(cid(vm, disk, true), cid(vm, disk, false));
    text += u"isNativeSnapshot=\"no\"\ncreateType=\"vmfsSparse\"\n"_s;
    text += u"parentFileNameHint=\"%1\"\n"_s.arg(descriptorName(disk));
    text += u"\n# Extent description\nRW %1 VMFSSPARSE \"%2\"\n"_s.arg(disk.capacity / 512).arg(deltaExtentName(disk));
    text += u"\n# The Disk Data Base\n#DDB\n\n"_s;
    text += line(u"ddb.longContentID"_s, QString::fromLatin1(hashOf(vm.name + disk.baseName + u"delta").left(16).toHex()));
    return text.toUtf8();
}

QByteArray LabFiles::vmsd(const LabVmSpec &vm)
{
    QString text = u".encoding = \"UTF-8\"\n"_s;
    if (vm.snapshotName.isEmpty())
        return text.toUtf8();
    text += line(u"snapshot.lastUID"_s, u"1"_s);
    text += line(u"snapshot.current"_s, u"1"_s);
    text += line(u"snapshot0.uid"_s, u"1"_s);
    text += line(u"snapshot0.filename"_s, vm.name + u"-Snapshot1.vmsn"_s);
    text += line(u"snapshot0.displayName"_s, vm.snapshotName);
    text += line(u"snapshot0.type"_s, u"1"_s);
    text += line(u"snapshot0.createTimeHigh"_s, u"395226"_s);
    text += line(u"snapshot0.createTimeLow"_s, u"-1170287617"_s);
    text += line(u"snapshot0.numDisks"_s, QString::number(vm.disks.size()));
    for (int i = 0; i < vm.disks.size(); ++i) {
        text += line(u"snapshot0.disk%1.fileName"_s.arg(i), descriptorName(vm.disks.at(i)));
        text += line(u"snapshot0.disk%1.node"_s.arg(i), deviceName(vm.disks.at(i)));
    }
    text += line(u"snapshot.numSnapshots"_s, u"1"_s);
    return text.toUtf8();
}

QByteArray LabFiles::deltaSector()
{
    QByteArray sector("ferry-lab: this sector was written after snapshot 'before-upgrade'\n");
    sector.resize(512, '\0');
    return sector;
}

QByteArray LabFiles::cowdDelta(const LabDiskSpec &disk)
{
    // COWD layout (VMware vmfsSparse, as QEMU's vmdk driver reads it): a 2048-byte
    // header, the grain directory, one grain table, one grain of one sector.
    constexpr quint32 grainSectors = 1;
    constexpr quint32 entriesPerTable = 4096;
    const quint32 diskSectors = quint32(disk.capacity / 512);
    const quint32 directoryEntries = (diskSectors / grainSectors + entriesPerTable - 1) / entriesPerTable;
    const quint32 directorySector = 4;
    const quint32 directorySectors = (directoryEntries * 4 + 511) / 512;
    const quint32 tableSector = directorySector + directorySectors;
    const quint32 grainSector = tableSector + entriesPerTable * 4 / 512;
    QByteArray file(qsizetype(grainSector + 1) * 512, '\0');
    char *data = file.data();
    auto put = [data](qsizetype offset, quint32 value) { qToLittleEndian(value, data + offset); };
    std::memcpy(data, "COWD", 4);
    put(4, 1); // version
    put(8, 3); // flags
    put(12, diskSectors);
    put(16, grainSectors);
    put(20, directorySector);
    put(24, directoryEntries);
    put(28, grainSector + 1); // first free sector
    const QByteArray parent = descriptorName(disk).toUtf8();
    std::memcpy(data + 32, parent.constData(), size_t(std::min<qsizetype>(parent.size(), 1023)));
    const quint64 tableIndex = quint64(deltaSectorIndex) / grainSectors / entriesPerTable;
    put(directorySector * 512 + qsizetype(tableIndex) * 4, tableSector);
    put(tableSector * 512 + qsizetype(deltaSectorIndex / grainSectors % entriesPerTable) * 4, grainSector);
    const QByteArray sector = deltaSector();
    std::memcpy(data + qsizetype(grainSector) * 512, sector.constData(), 512);
    return file;
}

} // namespace Ferry::Lab
