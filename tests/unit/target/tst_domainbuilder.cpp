// DomainBuilder: domain XML for the VM shapes ESXi produces, each checked against
// libvirt's schema with the real virt-xml-validate and then element by element.

#include "target/domainbuilder.h"
#include "target/domainxmlvalidator.h"
#include "target/firmwarecapabilities.h"
#include "target/guestprofile.h"

#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace Ferry;

Q_DECLARE_METATYPE(Ferry::VmInfo)

namespace {

// Attributes of every element at a slash-separated path from the root, in document order.
QList<QXmlStreamAttributes> elementsAt(const QString &xml, const QString &path)
{
    QList<QXmlStreamAttributes> found;
    QXmlStreamReader reader(xml);
    QStringList here;
    while (!reader.atEnd()) {
        const auto token = reader.readNext();
        if (token == QXmlStreamReader::StartElement) {
            here << reader.name().toString();
            if (here.join(u'/') == path)
                found << reader.attributes();
        } else if (token == QXmlStreamReader::EndElement) {
            here.removeLast();
        }
    }
    return found;
}

// Text of the first element at path.
QString textAt(const QString &xml, const QString &path)
{
    QXmlStreamReader reader(xml);
    QStringList here;
    while (!reader.atEnd()) {
        const auto token = reader.readNext();
        if (token == QXmlStreamReader::StartElement) {
            here << reader.name().toString();
            if (here.join(u'/') == path)
                return reader.readElementText();
        } else if (token == QXmlStreamReader::EndElement) {
            here.removeLast();
        }
    }
    return {};
}

QStringList attributeValues(const QString &xml, const QString &path, const QString &attribute)
{
    QStringList values;
    for (const QXmlStreamAttributes &attributes : elementsAt(xml, path))
        values << attributes.value(attribute).toString();
    return values;
}

DiskInfo disk(int key, const QString &controller, int bus, int unit, qint64 capacityGiB)
{
    DiskInfo info;
    info.key = key;
    info.label = u"Hard disk %1"_s.arg(key - 1999);
    info.controllerType = controller;
    info.controllerBus = bus;
    info.unitNumber = unit;
    info.fileName = u"[datastore1] vm/vm_%1.vmdk"_s.arg(key);
    info.capacity = capacityGiB << 30;
    return info;
}

NicInfo nic(int index, const QString &model, const QString &network, bool connected = true)
{
    NicInfo info;
    info.key = 4000 + index;
    info.label = u"Network adapter %1"_s.arg(index + 1);
    info.model = model;
    info.macAddress = u"00:50:56:aa:bb:%1"_s.arg(index + 10, 2, 10, QChar(u'0'));
    info.network = network;
    info.connected = connected;
    return info;
}

VmInfo vmShape(const QString &name, const QString &guestId, Firmware firmware, bool secureBoot, const QList<DiskInfo> &disks,
               const QList<NicInfo> &nics)
{
    VmInfo vm;
    vm.moref = u"vm-42"_s;
    vm.name = name;
    vm.uuid = u"4207c3d6-1b2e-4a5f-8c9d-0123456789ab"_s;
    vm.guestId = guestId;
    vm.firmware = firmware;
    vm.secureBoot = secureBoot;
    vm.numCpu = 4;
    vm.coresPerSocket = 2;
    vm.memoryMB = 4096;
    vm.disks = disks;
    vm.nics = nics;
    return vm;
}

QList<DomainDisk> fileDisks(const VmInfo &vm, const QString &format)
{
    QList<DomainDisk> disks;
    for (qsizetype i = 0; i < vm.disks.size(); ++i)
        disks << DomainDisk{DomainDisk::Kind::File, u"/var/lib/ferry/%1-disk%2.%3"_s.arg(vm.name).arg(i + 1).arg(format), {}, {}, format};
    return disks;
}

void requireValid(const QString &xml)
{
    const auto valid = DomainXmlValidator().validate(xml);
    if (!valid)
        qWarning().noquote() << xml;
    QVERIFY2(valid, valid ? "" : qPrintable(valid.error().toString()));
}

FirmwareCapabilities hostCaps(bool autoSelect, bool secure)
{
    FirmwareCapabilities caps;
    caps.machine = u"pc-q35-7.2"_s;
    caps.virtType = u"kvm"_s;
    caps.efiAutoSelect = autoSelect;
    caps.efiLoaders = {u"/usr/share/OVMF/OVMF_CODE_4M.ms.fd"_s, u"/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"_s,
                       u"/usr/share/OVMF/OVMF_CODE_4M.fd"_s};
    caps.secureBootSupported = secure;
    return caps;
}

DomainOptions withFirmware(const FirmwareCapabilities &caps)
{
    DomainOptions options;
    options.firmware.emplace(caps);
    return options;
}

} // namespace

class TestDomainBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void esxiShapes_data();
    void esxiShapes();
    void manyDisksKeepNamingAndOrder();
    void explicitLoaderFromCapabilities();
    void noUefiOnHostFails();
    void secureBootUnavailableWarns();
    void networkMapping();
    void badMacAndUuidAreDroppedWithWarning();
    void cpuTopologyFallback();
    void missingMemoryFails();
    void volumeAndBlockDisks();
    void spiceAndFileSerial();
    void ptySerialWithConsoleLog();
    void nameWithSlash();
    void inspectionOverridesGuestId();
    void diskDeviceName_data();
    void diskDeviceName();
    void guestProfile_data();
    void guestProfile();
    void firmwareCapabilitiesParse();
    void firmwareCapabilitiesMalformed();
    void validatorReportsSchemaError();
};

void TestDomainBuilder::esxiShapes_data()
{
    QTest::addColumn<VmInfo>("vm");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("bus");
    QTest::addColumn<QStringList>("devs");
    QTest::addColumn<QString>("nicModel");
    QTest::addColumn<QString>("clock");
    QTest::addColumn<QString>("firmware");   // <os firmware=...> ("" for BIOS)
    QTest::addColumn<QString>("secureBoot"); // "yes", "no" or "" (BIOS)

    QTest::newRow("bios lsilogic rhel8 vmxnet3")
        << vmShape(u"web01"_s, u"rhel8_64Guest"_s, Firmware::Bios, false, {disk(2000, u"lsilogic"_s, 0, 0, 16)},
                   {nic(0, u"vmxnet3"_s, u"VM Network"_s)})
        << u"raw"_s << u"virtio"_s << QStringList{u"vda"_s} << u"virtio"_s << u"utc"_s << QString() << QString();
    QTest::newRow("efi secure pvscsi windows2019 two nics")
        << vmShape(u"dc01"_s, u"windows2019srv_64Guest"_s, Firmware::Efi, true,
                   {disk(2000, u"pvscsi"_s, 0, 0, 60), disk(2001, u"pvscsi"_s, 0, 1, 100)},
                   {nic(0, u"e1000e"_s, u"VM Network"_s), nic(1, u"vmxnet3"_s, u"Backup"_s)})
        << u"raw"_s << u"sata"_s << QStringList{u"sda"_s, u"sdb"_s} << u"e1000e"_s << u"localtime"_s << u"efi"_s << u"yes"_s;
    QTest::newRow("bios sata debian12 three disks e1000")
        << vmShape(u"db01"_s, u"debian12_64Guest"_s, Firmware::Bios, false,
                   {disk(2000, u"sata"_s, 0, 0, 20), disk(2001, u"sata"_s, 0, 1, 200), disk(2002, u"sata"_s, 0, 2, 1)},
                   {nic(0, u"e1000"_s, u"VM Network"_s)})
        << u"qcow2"_s << u"virtio"_s << QStringList{u"vda"_s, u"vdb"_s, u"vdc"_s} << u"virtio"_s << u"utc"_s << QString() << QString();
    QTest::newRow("efi nvme ubuntu qcow2") << vmShape(u"app01"_s, u"ubuntu64Guest"_s, Firmware::Efi, false,
                                                      {disk(2000, u"nvme"_s, 0, 0, 32)},
                                                      {nic(0, u"vmxnet3"_s, u"DMZ"_s), nic(1, u"vmxnet3"_s, u"VM Network"_s, false)})
                                           << u"qcow2"_s << u"virtio"_s << QStringList{u"vda"_s} << u"virtio"_s << u"utc"_s << u"efi"_s
                                           << u"no"_s;
    QTest::newRow("bios ide unknown guest no nic")
        << vmShape(u"legacy"_s, u"otherGuest"_s, Firmware::Bios, false, {disk(2000, u"ide"_s, 0, 0, 8)}, {}) << u"raw"_s << u"sata"_s
        << QStringList{u"sda"_s} << QString() << u"utc"_s << QString() << QString();
    QTest::newRow("bios buslogic windows xp e1000")
        << vmShape(u"xp"_s, u"winXPProGuest"_s, Firmware::Bios, false, {disk(2000, u"buslogic"_s, 0, 0, 8)},
                   {nic(0, u"e1000"_s, u"VM Network"_s)})
        << u"raw"_s << u"sata"_s << QStringList{u"sda"_s} << u"e1000e"_s << u"localtime"_s << QString() << QString();
    QTest::newRow("efi lsisas sles15 mixed controllers")
        << vmShape(u"sap01"_s, u"sles15_64Guest"_s, Firmware::Efi, false,
                   {disk(2000, u"lsilogic-sas"_s, 0, 0, 50), disk(2001, u"nvme"_s, 0, 0, 500), disk(2002, u"sata"_s, 0, 0, 5)},
                   {nic(0, u"vmxnet3"_s, u"VM Network"_s), nic(1, u"vmxnet3"_s, u"Storage"_s), nic(2, u"e1000e"_s, u"Mgmt"_s)})
        << u"raw"_s << u"virtio"_s << QStringList{u"vda"_s, u"vdb"_s, u"vdc"_s} << u"virtio"_s << u"utc"_s << u"efi"_s << u"no"_s;
}

void TestDomainBuilder::esxiShapes()
{
    QFETCH(VmInfo, vm);
    QFETCH(QString, format);
    QFETCH(QString, bus);
    QFETCH(QStringList, devs);
    QFETCH(QString, nicModel);
    QFETCH(QString, clock);
    QFETCH(QString, firmware);
    QFETCH(QString, secureBoot);

    DomainOptions options;
    options.networkMap = {{u"VM Network"_s, u"default"_s}, {u"DMZ"_s, u"bridge:br-dmz"_s}};
    const auto built = DomainBuilder(vm, fileDisks(vm, format), options).build();
    QVERIFY2(built, built ? "" : qPrintable(built.error().toString()));
    const QString xml = built->xml;
    requireValid(xml);

    QCOMPARE(built->name, vm.name);
    QCOMPARE(textAt(xml, u"domain/name"_s), vm.name);
    QCOMPARE(textAt(xml, u"domain/uuid"_s), vm.uuid);
    QCOMPARE(attributeValues(xml, u"domain"_s, u"type"_s), QStringList{u"kvm"_s});
    QCOMPARE(textAt(xml, u"domain/memory"_s), u"4096"_s);
    QCOMPARE(textAt(xml, u"domain/vcpu"_s), u"4"_s);
    QCOMPARE(attributeValues(xml, u"domain/cpu/topology"_s, u"sockets"_s), QStringList{u"2"_s});
    QCOMPARE(attributeValues(xml, u"domain/cpu/topology"_s, u"cores"_s), QStringList{u"2"_s});
    QCOMPARE(attributeValues(xml, u"domain/os/type"_s, u"machine"_s), QStringList{u"q35"_s});
    QCOMPARE(attributeValues(xml, u"domain/os"_s, u"firmware"_s), QStringList{firmware});
    QCOMPARE(attributeValues(xml, u"domain/clock"_s, u"offset"_s), QStringList{clock});
    if (!secureBoot.isEmpty()) {
        QCOMPARE(attributeValues(xml, u"domain/os/firmware/feature"_s, u"enabled"_s), (QStringList{secureBoot, secureBoot}));
        QCOMPARE(elementsAt(xml, u"domain/features/smm"_s).size(), secureBoot == u"yes"_s ? 1 : 0);
        QVERIFY(built->warnings.join(u'\n').contains(u"UEFI variables"_s));
    }

    // Disks in source order, with the chosen bus, boot order and the given files.
    QCOMPARE(attributeValues(xml, u"domain/devices/disk/target"_s, u"dev"_s), devs);
    for (const QString &diskBus : attributeValues(xml, u"domain/devices/disk/target"_s, u"bus"_s))
        QCOMPARE(diskBus, bus);
    QStringList order;
    for (qsizetype i = 0; i < devs.size(); ++i)
        order << QString::number(i + 1);
    QCOMPARE(attributeValues(xml, u"domain/devices/disk/boot"_s, u"order"_s), order);
    QCOMPARE(attributeValues(xml, u"domain/devices/disk/source"_s, u"file"_s).first(), fileDisks(vm, format).first().path);
    for (const QString &type : attributeValues(xml, u"domain/devices/disk/driver"_s, u"type"_s))
        QCOMPARE(type, format);
    const QString decisions = built->decisions.join(u'\n');
    QVERIFY2(decisions.contains(u"chosen from guest id %1; inspection not available"_s.arg(vm.guestId)), qPrintable(decisions));

    // NICs keep their MACs; models follow the guest.
    QStringList macs;
    for (const NicInfo &source : std::as_const(vm.nics))
        macs << source.macAddress;
    QCOMPARE(attributeValues(xml, u"domain/devices/interface/mac"_s, u"address"_s), macs);
    for (const QString &model : attributeValues(xml, u"domain/devices/interface/model"_s, u"type"_s))
        QCOMPARE(model, nicModel);

    // The devices every converted VM gets.
    QCOMPARE(attributeValues(xml, u"domain/devices/graphics/listen"_s, u"address"_s), QStringList{u"127.0.0.1"_s});
    QCOMPARE(attributeValues(xml, u"domain/devices/serial"_s, u"type"_s), QStringList{u"pty"_s});
    QCOMPARE(attributeValues(xml, u"domain/devices/channel/target"_s, u"name"_s), QStringList{u"org.qemu.guest_agent.0"_s});
    QCOMPARE(attributeValues(xml, u"domain/devices/rng"_s, u"model"_s), QStringList{u"virtio"_s});
    QCOMPARE(elementsAt(xml, u"domain/devices/video/model"_s).size(), 1);
}

void TestDomainBuilder::manyDisksKeepNamingAndOrder()
{
    QList<DiskInfo> disks;
    for (int i = 0; i < 28; ++i)
        disks << disk(2000 + i, u"pvscsi"_s, i / 15, i % 15, 1);
    const VmInfo vm = vmShape(u"big"_s, u"windows2022srvNext_64Guest"_s, Firmware::Bios, false, disks, {});
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), {}).build();
    QVERIFY(built);
    requireValid(built->xml);
    const QStringList devs = attributeValues(built->xml, u"domain/devices/disk/target"_s, u"dev"_s);
    QCOMPARE(devs.size(), 28);
    QCOMPARE(devs.at(25), u"sdz"_s);
    QCOMPARE(devs.at(26), u"sdaa"_s);
    QCOMPARE(devs.at(27), u"sdab"_s);
    QCOMPARE(attributeValues(built->xml, u"domain/devices/disk/boot"_s, u"order"_s).last(), u"28"_s);
}

void TestDomainBuilder::explicitLoaderFromCapabilities()
{
    for (const bool secure : {false, true}) {
        const VmInfo vm = vmShape(u"efi"_s, u"rhel9_64Guest"_s, Firmware::Efi, secure, {disk(2000, u"pvscsi"_s, 0, 0, 10)}, {});
        const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), withFirmware(hostCaps(false, true))).build();
        QVERIFY(built);
        requireValid(built->xml);
        QCOMPARE(attributeValues(built->xml, u"domain/os"_s, u"firmware"_s), QStringList{QString()});
        const QString loader = textAt(built->xml, u"domain/os/loader"_s);
        QCOMPARE(loader, secure ? u"/usr/share/OVMF/OVMF_CODE_4M.ms.fd"_s : u"/usr/share/OVMF/OVMF_CODE_4M.fd"_s);
        QCOMPARE(attributeValues(built->xml, u"domain/os/loader"_s, u"secure"_s), QStringList{secure ? u"yes"_s : u"no"_s});
    }
    // With firmware descriptors on the host, libvirt picks the loader and its variables.
    const VmInfo vm = vmShape(u"efi"_s, u"rhel9_64Guest"_s, Firmware::Efi, true, {disk(2000, u"pvscsi"_s, 0, 0, 10)}, {});
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), withFirmware(hostCaps(true, true))).build();
    QVERIFY(built);
    QCOMPARE(attributeValues(built->xml, u"domain/os"_s, u"firmware"_s), QStringList{u"efi"_s});
    QVERIFY(built->decisions.join(u'\n').contains(u"OVMF_CODE_4M.secboot.fd"_s));
}

void TestDomainBuilder::noUefiOnHostFails()
{
    const VmInfo vm = vmShape(u"efi"_s, u"rhel9_64Guest"_s, Firmware::Efi, false, {disk(2000, u"pvscsi"_s, 0, 0, 10)}, {});
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), withFirmware(FirmwareCapabilities{})).build();
    QVERIFY(!built);
    QCOMPARE(built.error().code(), ErrorCode::Target);
    QVERIFY(built.error().message().contains(u"ovmf"_s));
}

void TestDomainBuilder::secureBootUnavailableWarns()
{
    const VmInfo vm = vmShape(u"efi"_s, u"windows11_64Guest"_s, Firmware::Efi, true, {disk(2000, u"nvme"_s, 0, 0, 64)}, {});
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), withFirmware(hostCaps(true, false))).build();
    QVERIFY(built);
    requireValid(built->xml);
    QVERIFY(built->warnings.join(u'\n').contains(u"secure boot off"_s));
    QCOMPARE(attributeValues(built->xml, u"domain/os/firmware/feature"_s, u"enabled"_s), (QStringList{u"no"_s, u"no"_s}));
    QVERIFY(elementsAt(built->xml, u"domain/features/smm"_s).isEmpty());
}

void TestDomainBuilder::networkMapping()
{
    const VmInfo vm = vmShape(u"net"_s, u"debian11_64Guest"_s, Firmware::Bios, false, {disk(2000, u"pvscsi"_s, 0, 0, 10)},
                              {nic(0, u"vmxnet3"_s, u"VM Network"_s), nic(1, u"vmxnet3"_s, u"Prod"_s), nic(2, u"vmxnet3"_s, u"Lab"_s),
                               nic(3, u"vmxnet3"_s, u"Unmapped PG"_s), nic(4, u"vmxnet3"_s, u"Odd"_s)});
    DomainOptions options;
    options.networkMap
        = {{u"VM Network"_s, u"default"_s}, {u"Prod"_s, u"br0"_s}, {u"Lab"_s, u"network:lab"_s}, {u"Odd"_s, u"bridge:br1"_s}};
    options.knownBridges = {u"br0"_s};
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), options).build();
    QVERIFY(built);
    requireValid(built->xml);
    QCOMPARE(attributeValues(built->xml, u"domain/devices/interface"_s, u"type"_s),
             (QStringList{u"network"_s, u"bridge"_s, u"network"_s, u"network"_s, u"bridge"_s}));
    QCOMPARE(attributeValues(built->xml, u"domain/devices/interface/source"_s, u"network"_s),
             (QStringList{u"default"_s, QString(), u"lab"_s, u"default"_s, QString()}));
    QCOMPARE(attributeValues(built->xml, u"domain/devices/interface/source"_s, u"bridge"_s),
             (QStringList{QString(), u"br0"_s, QString(), QString(), u"br1"_s}));
    const QString warnings = built->warnings.join(u'\n');
    QVERIFY2(warnings.contains(u"\"Unmapped PG\" has no mapping"_s), qPrintable(warnings));
    QVERIFY(warnings.contains(u"--network \"Unmapped PG=NAME\""_s));
    QCOMPARE(built->warnings.size(), 1);
}

void TestDomainBuilder::badMacAndUuidAreDroppedWithWarning()
{
    VmInfo vm = vmShape(u"odd"_s, u"centos7_64Guest"_s, Firmware::Bios, false, {disk(2000, u"lsilogic"_s, 0, 0, 10)},
                        {nic(0, u"vmxnet3"_s, u"VM Network"_s), nic(1, u"vmxnet3"_s, u"VM Network"_s)});
    vm.uuid = u"56 4d 12 34"_s;
    vm.nics[0].macAddress = u"01:00:5e:00:00:01"_s; // multicast
    vm.nics[1].macAddress = u"00:50:56:AB:CD:EF"_s; // upper case is fine, written lower case
    DomainOptions options;
    options.networkMap = {{u"VM Network"_s, u"default"_s}};
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), options).build();
    QVERIFY(built);
    requireValid(built->xml);
    QVERIFY(textAt(built->xml, u"domain/uuid"_s).isEmpty());
    QCOMPARE(attributeValues(built->xml, u"domain/devices/interface/mac"_s, u"address"_s), QStringList{u"00:50:56:ab:cd:ef"_s});
    QCOMPARE(built->warnings.size(), 2);
}

void TestDomainBuilder::cpuTopologyFallback()
{
    VmInfo vm = vmShape(u"cpu"_s, u"rhel8_64Guest"_s, Firmware::Bios, false, {disk(2000, u"pvscsi"_s, 0, 0, 10)}, {});
    vm.numCpu = 6;
    vm.coresPerSocket = 4;
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), {}).build();
    QVERIFY(built);
    requireValid(built->xml);
    QCOMPARE(attributeValues(built->xml, u"domain/cpu/topology"_s, u"sockets"_s), QStringList{u"6"_s});
    QCOMPARE(attributeValues(built->xml, u"domain/cpu/topology"_s, u"cores"_s), QStringList{u"1"_s});
    QCOMPARE(built->warnings.size(), 1);
}

void TestDomainBuilder::missingMemoryFails()
{
    VmInfo vm = vmShape(u"nomem"_s, u"rhel8_64Guest"_s, Firmware::Bios, false, {disk(2000, u"pvscsi"_s, 0, 0, 10)}, {});
    vm.memoryMB = 0;
    auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), {}).build();
    QVERIFY(!built);
    QCOMPARE(built.error().code(), ErrorCode::Usage);
    vm.memoryMB = 1024;
    built = DomainBuilder(vm, {}, {}).build(); // one source disk, no target disk
    QVERIFY(!built);
    QList<DomainDisk> relative = fileDisks(vm, u"raw"_s);
    relative[0].path = u"disk.raw"_s;
    QVERIFY(!DomainBuilder(vm, relative, {}).build());
    relative[0].path = u"/abs/disk.vmdk"_s;
    relative[0].format = u"vmdk"_s;
    QVERIFY(!DomainBuilder(vm, relative, {}).build());
}

void TestDomainBuilder::volumeAndBlockDisks()
{
    const VmInfo vm = vmShape(u"vols"_s, u"rhel8_64Guest"_s, Firmware::Bios, false,
                              {disk(2000, u"pvscsi"_s, 0, 0, 10), disk(2001, u"pvscsi"_s, 0, 1, 10)}, {});
    const QList<DomainDisk> disks{{DomainDisk::Kind::Volume, {}, u"default"_s, u"vols-disk1.qcow2"_s, u"qcow2"_s},
                                  {DomainDisk::Kind::Block, u"/dev/vg0/vols-disk2"_s, {}, {}, u"raw"_s}};
    const auto built = DomainBuilder(vm, disks, {}).build();
    QVERIFY(built);
    requireValid(built->xml);
    QCOMPARE(attributeValues(built->xml, u"domain/devices/disk"_s, u"type"_s), (QStringList{u"volume"_s, u"block"_s}));
    QCOMPARE(attributeValues(built->xml, u"domain/devices/disk/source"_s, u"volume"_s).first(), u"vols-disk1.qcow2"_s);
    QCOMPARE(attributeValues(built->xml, u"domain/devices/disk/source"_s, u"dev"_s).last(), u"/dev/vg0/vols-disk2"_s);
}

void TestDomainBuilder::ptySerialWithConsoleLog()
{
    // The boot check reads the console: a pty (virsh console keeps working) logged to a file.
    const VmInfo vm = vmShape(u"logged"_s, u"debian12_64Guest"_s, Firmware::Bios, false, {disk(2000, u"pvscsi"_s, 0, 0, 10)}, {});
    DomainOptions options;
    options.consoleLogPath = u"/srv/reports/logged/console.log"_s;
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), options).build();
    QVERIFY(built);
    requireValid(built->xml);
    QCOMPARE(attributeValues(built->xml, u"domain/devices/serial"_s, u"type"_s), QStringList{u"pty"_s});
    QCOMPARE(attributeValues(built->xml, u"domain/devices/serial/log"_s, u"file"_s), QStringList{options.consoleLogPath});
    QCOMPARE(attributeValues(built->xml, u"domain/devices/serial/log"_s, u"append"_s), QStringList{u"off"_s});
    QVERIFY(built->decisions.join(u'\n').contains(u"also logged to /srv/reports/logged/console.log"_s));
    QVERIFY(DomainBuilder::keepsMac(u"00:50:56:9a:01:92"_s));
    QVERIFY(!DomainBuilder::keepsMac(u"01:50:56:9a:01:92"_s));
    QVERIFY(!DomainBuilder::keepsMac(u"00:50:56:9A:01:92"_s)); // the builder lower-cases first
}

void TestDomainBuilder::spiceAndFileSerial()
{
    const VmInfo vm = vmShape(u"spice"_s, u"rhel8_64Guest"_s, Firmware::Bios, false, {disk(2000, u"pvscsi"_s, 0, 0, 10)}, {});
    DomainOptions options;
    options.graphics = DomainOptions::Graphics::Spice;
    options.serialLogPath = u"/tmp/ferry-serial.log"_s;
    options.virtType = u"qemu"_s;
    options.description = u"Migrated by Ferry from esxi01 <vm-42> & co"_s;
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), options).build();
    QVERIFY(built);
    requireValid(built->xml);
    QCOMPARE(attributeValues(built->xml, u"domain"_s, u"type"_s), QStringList{u"qemu"_s});
    QCOMPARE(attributeValues(built->xml, u"domain/cpu"_s, u"mode"_s), QStringList{QString()});
    QCOMPARE(attributeValues(built->xml, u"domain/devices/graphics"_s, u"type"_s), QStringList{u"spice"_s});
    QCOMPARE(attributeValues(built->xml, u"domain/devices/serial/source"_s, u"path"_s), QStringList{u"/tmp/ferry-serial.log"_s});
    QCOMPARE(textAt(built->xml, u"domain/description"_s), options.description);
    options.graphics = DomainOptions::Graphics::None;
    const auto headless = DomainBuilder(vm, fileDisks(vm, u"raw"_s), options).build();
    QVERIFY(headless);
    QVERIFY(elementsAt(headless->xml, u"domain/devices/graphics"_s).isEmpty());
    options.virtType = u"xen"_s;
    QVERIFY(!DomainBuilder(vm, fileDisks(vm, u"raw"_s), options).build());
}

void TestDomainBuilder::nameWithSlash()
{
    const VmInfo vm = vmShape(u"web/01 & <test>"_s, u"rhel8_64Guest"_s, Firmware::Bios, false, {disk(2000, u"pvscsi"_s, 0, 0, 10)}, {});
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), {}).build();
    QVERIFY(built);
    requireValid(built->xml);
    QCOMPARE(built->name, u"web_01 & <test>"_s);
    QCOMPARE(textAt(built->xml, u"domain/name"_s), built->name);
    DomainOptions options;
    options.name = u"renamed"_s;
    QCOMPARE(DomainBuilder(vm, fileDisks(vm, u"raw"_s), options).build()->name, u"renamed"_s);
}

void TestDomainBuilder::inspectionOverridesGuestId()
{
    const VmInfo vm = vmShape(u"insp"_s, u"otherGuest64"_s, Firmware::Bios, false, {disk(2000, u"pvscsi"_s, 0, 0, 10)},
                              {nic(0, u"vmxnet3"_s, u"VM Network"_s)});
    DomainOptions options;
    // Inspection found virtio_blk in the initramfs but no virtio_net module.
    options.guest = GuestProfile{true, false, false, u"inspection found virtio_blk in the initramfs"_s};
    const auto built = DomainBuilder(vm, fileDisks(vm, u"raw"_s), options).build();
    QVERIFY(built);
    QCOMPARE(attributeValues(built->xml, u"domain/devices/disk/target"_s, u"bus"_s), QStringList{u"virtio"_s});
    QCOMPARE(attributeValues(built->xml, u"domain/devices/interface/model"_s, u"type"_s), QStringList{u"e1000e"_s});
    QVERIFY(built->decisions.join(u'\n').contains(u"inspection found virtio_blk"_s));
}

void TestDomainBuilder::diskDeviceName_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("name");
    QTest::newRow("first") << 0 << u"vda"_s;
    QTest::newRow("z") << 25 << u"vdz"_s;
    QTest::newRow("aa") << 26 << u"vdaa"_s;
    QTest::newRow("az") << 51 << u"vdaz"_s;
    QTest::newRow("ba") << 52 << u"vdba"_s;
    QTest::newRow("zz") << 701 << u"vdzz"_s;
    QTest::newRow("aaa") << 702 << u"vdaaa"_s;
}

void TestDomainBuilder::diskDeviceName()
{
    QFETCH(int, index);
    QFETCH(QString, name);
    QCOMPARE(DomainBuilder::diskDeviceName(u"vd"_s, index), name);
}

void TestDomainBuilder::guestProfile_data()
{
    QTest::addColumn<QString>("guestId");
    QTest::addColumn<bool>("virtio");
    QTest::addColumn<bool>("windows");
    const std::initializer_list<std::tuple<const char16_t *, bool, bool>> cases = {
        {u"rhel7_64Guest", true, false},
        {u"rhel6_64Guest", false, false},
        {u"rhel9_64Guest", true, false},
        {u"centos7_64Guest", true, false},
        {u"centos64Guest", false, false},
        {u"debian10_64Guest", true, false},
        {u"debian9_64Guest", false, false},
        {u"debian12_64Guest", true, false},
        {u"ubuntu64Guest", true, false},
        {u"ubuntuGuest", false, false},
        {u"sles12_64Guest", true, false},
        {u"sles11_64Guest", false, false},
        {u"other3xLinux64Guest", true, false},
        {u"other4xLinux64Guest", true, false},
        {u"other5xLinux64Guest", true, false},
        {u"otherLinux64Guest", true, false},
        {u"otherLinuxGuest", false, false},
        {u"other26xLinux64Guest", false, false},
        {u"windows9_64Guest", false, true},
        {u"windows2019srv_64Guest", false, true},
        {u"winNetStandardGuest", false, true},
        {u"otherGuest", false, false},
        {u"", false, false},
        {u"freebsd13_64Guest", false, false},
    };
    for (const auto &[id, virtio, windows] : cases)
        QTest::newRow(QString::fromUtf16(id).toUtf8().constData()) << QString::fromUtf16(id) << virtio << windows;
}

void TestDomainBuilder::guestProfile()
{
    QFETCH(QString, guestId);
    QFETCH(bool, virtio);
    QFETCH(bool, windows);
    const GuestProfile profile = GuestProfile::fromGuestId(guestId);
    QCOMPARE(profile.virtioDisk, virtio);
    QCOMPARE(profile.virtioNet, virtio);
    QCOMPARE(profile.windows, windows);
    QVERIFY(profile.reason.endsWith(u"; inspection not available"_s));
}

void TestDomainBuilder::firmwareCapabilitiesParse()
{
    // Trimmed from `virsh domcapabilities --machine q35` on Debian 12 (libvirt 9.0, ovmf).
    const QString xml = uR"(<domainCapabilities>
  <path>/usr/bin/qemu-system-x86_64</path>
  <domain>kvm</domain>
  <machine>pc-q35-7.2</machine>
  <arch>x86_64</arch>
  <os supported='yes'>
    <enum name='firmware'><value>efi</value></enum>
    <loader supported='yes'>
      <value>/usr/share/OVMF/OVMF_CODE_4M.ms.fd</value>
      <value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>
      <enum name='type'><value>rom</value><value>pflash</value></enum>
      <enum name='readonly'><value>yes</value><value>no</value></enum>
      <enum name='secure'><value>yes</value><value>no</value></enum>
    </loader>
  </os>
  <devices><disk supported='yes'><enum name='bus'><value>virtio</value></enum></disk></devices>
</domainCapabilities>)"_s;
    const auto caps = FirmwareCapabilities::fromDomainCapabilities(xml);
    QVERIFY(caps);
    QCOMPARE(caps->virtType, u"kvm"_s);
    QCOMPARE(caps->machine, u"pc-q35-7.2"_s);
    QVERIFY(caps->efiAutoSelect);
    QVERIFY(caps->secureBootSupported);
    QCOMPARE(caps->efiLoaders, (QStringList{u"/usr/share/OVMF/OVMF_CODE_4M.ms.fd"_s, u"/usr/share/OVMF/OVMF_CODE_4M.fd"_s}));

    const auto noEfi = FirmwareCapabilities::fromDomainCapabilities(
        u"<domainCapabilities><os supported='yes'><loader supported='no'/></os></domainCapabilities>"_s);
    QVERIFY(noEfi);
    QVERIFY(!noEfi->efiAvailable());
}

void TestDomainBuilder::firmwareCapabilitiesMalformed()
{
    QVERIFY(!FirmwareCapabilities::fromDomainCapabilities(u"<domainCapabilities><os>"_s));
    const auto wrongRoot = FirmwareCapabilities::fromDomainCapabilities(u"<capabilities/>"_s);
    QVERIFY(!wrongRoot);
    QCOMPARE(wrongRoot.error().code(), ErrorCode::Protocol);
}

void TestDomainBuilder::validatorReportsSchemaError()
{
    const auto invalid = DomainXmlValidator().validate(u"<domain type='kvm'><memory>1</memory><bogus/></domain>"_s);
    QVERIFY(!invalid);
    QCOMPARE(invalid.error().code(), ErrorCode::Usage);
    QVERIFY2(invalid.error().message().contains(u"does not match libvirt's schema"_s), qPrintable(invalid.error().message()));
    QVERIFY(!invalid.error().details().isEmpty());
    const auto missing = DomainXmlValidator().validateFile(u"/nonexistent/ferry.xml"_s);
    QVERIFY(!missing);
}

QTEST_GUILESS_MAIN(TestDomainBuilder)
#include "tst_domainbuilder.moc"
