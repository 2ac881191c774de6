// From RetrievePropertiesEx answers to the inventory model and its JSON: an ESXi 8
// shaped fixture (snapshots, RDM, DVS, encryption, orphaned VM), real vcsim output,
// and servers that send garbage where numbers belong.
#include "vsphere/deviceparser.h"
#include "vsphere/inventoryjson.h"
#include "vsphere/inventoryreader.h"
#include "vsphere/inventorytree.h"
#include "vsphere/soapresponse.h"
#include "vsphere/vmparser.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

#include "testprinters.h"

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures/vsphere/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return file.readAll();
}

Result<QList<ObjectContent>> objectsFrom(const QByteArray &xml)
{
    auto response = SoapResponse::parse(u"RetrievePropertiesEx"_s, 200, "text/xml", xml);
    if (!response)
        return std::unexpected(response.error());
    auto page = RetrieveResult::fromResponse(response->body());
    if (!page)
        return std::unexpected(page.error());
    return page->objects;
}

const QHash<QString, QString> portgroups{{u"dvportgroup-1001"_s, u"Prod VLAN 10"_s}};

Result<QList<VmInfo>> vmsFrom(const QByteArray &xml)
{
    auto objects = objectsFrom(xml);
    if (!objects)
        return std::unexpected(objects.error());
    QList<VmInfo> vms;
    for (const ObjectContent &object : *objects) {
        auto vm = VmParser::parse(object, portgroups);
        if (!vm)
            return std::unexpected(vm.error());
        vms.append(*vm);
    }
    return vms;
}

QStringList sortedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class TestInventoryParse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void esxiVm();
    void esxiDisks_data();
    void esxiDisks();
    void esxiNics();
    void orphanedVm();
    void templateVm();
    void vcsimVms();
    void garbageValues_data();
    void garbageValues();
    void datacenterPaths();
    void vmPlacement();
    void networks();
    void datastores();
    void flatPath_data();
    void flatPath();
    void splitDatastorePath_data();
    void splitDatastorePath();
    void jsonKeys();
    void jsonValues();
};

void TestInventoryParse::esxiVm()
{
    auto vms = vmsFrom(fixture(u"esxi8-vms.xml"_s));
    QVERIFY2(vms, qPrintable(vms ? QString() : vms.error().toString()));
    QCOMPARE(vms->size(), 3);
    const VmInfo &vm = vms->at(0);
    QCOMPARE(vm.moref, u"1"_s);
    QCOMPARE(vm.name, u"web01"_s);
    QCOMPARE(vm.uuid, u"564d1a2b-3c4d-5e6f-7081-92a3b4c5d6e7"_s);
    QCOMPARE(vm.instanceUuid, u"52a5e8c1-0d3f-4f4a-b5c6-d7e8f9a0b1c2"_s);
    QCOMPARE(toString(vm.powerState), toString(PowerState::PoweredOn));
    QCOMPARE(vm.guestId, u"rhel9_64Guest"_s);
    QCOMPARE(vm.guestFullName, u"Red Hat Enterprise Linux 9 (64-bit)"_s);
    QCOMPARE(toString(vm.firmware), toString(Firmware::Efi));
    QVERIFY(vm.secureBoot);
    QCOMPARE(vm.numCpu, 4);
    QCOMPARE(vm.coresPerSocket, 2);
    QCOMPARE(vm.memoryMB, 8192);
    QCOMPARE(vm.vmxPath, u"[datastore1] web01/web01.vmx"_s);
    QCOMPARE(vm.hardwareVersion, u"vmx-20"_s);
    QVERIFY(vm.changeTracking);
    QVERIFY(!vm.template_);
    QCOMPARE(vm.snapshotCount, 3);
    QCOMPARE(vm.currentSnapshot, u"after & patched"_s);
    QCOMPARE(vm.committedBytes, qint64(13207024435));
    QCOMPARE(vm.disks.size(), 4);
    QCOMPARE(vm.nics.size(), 2);
}

void TestInventoryParse::esxiDisks_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("controllerType");
    QTest::addColumn<int>("bus");
    QTest::addColumn<int>("unit");
    QTest::addColumn<QString>("datastore");
    QTest::addColumn<QString>("path");
    QTest::addColumn<qint64>("capacity");
    QTest::addColumn<DiskBacking>("backing");
    QTest::addColumn<bool>("thin");
    QTest::addColumn<QString>("diskMode");
    QTest::addColumn<bool>("snapshotDelta");
    QTest::addColumn<bool>("encrypted");

    QTest::newRow("thin flat") << 0 << 2000 << u"pvscsi"_s << 0 << 0 << u"datastore1"_s << u"web01/web01.vmdk"_s << qint64(42949672960)
                               << DiskBacking::Flat << true << u"persistent"_s << false << false;
    QTest::newRow("rdm") << 1 << 2001 << u"pvscsi"_s << 0 << 1 << u"datastore1"_s << u"web01/web01_1.vmdk"_s << qint64(10737418240)
                         << DiskBacking::Rdm << false << u"independent_persistent"_s << false << false;
    QTest::newRow("snapshot delta") << 2 << 2002 << u"pvscsi"_s << 0 << 2 << u"datastore1"_s << u"web01/web01_2-000001.vmdk"_s
                                    << qint64(1073741824) << DiskBacking::Flat << false << u"persistent"_s << true << false;
    QTest::newRow("encrypted") << 3 << 2016 << u"lsilogic-sas"_s << 1 << 0 << u"nfs-ds 2"_s << u"web01/secret.vmdk"_s << qint64(2147483648)
                               << DiskBacking::Flat << true << u"independent_nonpersistent"_s << false << true;
}

void TestInventoryParse::esxiDisks()
{
    QFETCH(int, index);
    auto vms = vmsFrom(fixture(u"esxi8-vms.xml"_s));
    QVERIFY(vms);
    const DiskInfo disk = vms->at(0).disks.at(index);
    QTEST(disk.key, "key");
    QTEST(disk.controllerType, "controllerType");
    QTEST(disk.controllerBus, "bus");
    QTEST(disk.unitNumber, "unit");
    QTEST(disk.datastore, "datastore");
    QTEST(disk.path, "path");
    QTEST(disk.capacity, "capacity");
    QFETCH(DiskBacking, backing);
    QCOMPARE(toString(disk.backing), toString(backing));
    QTEST(disk.thin, "thin");
    QTEST(disk.diskMode, "diskMode");
    QTEST(disk.snapshotDelta, "snapshotDelta");
    QTEST(disk.encrypted, "encrypted");
    QCOMPARE(disk.label, u"Hard disk %1"_s.arg(index + 1));
}

void TestInventoryParse::esxiNics()
{
    auto vms = vmsFrom(fixture(u"esxi8-vms.xml"_s));
    QVERIFY(vms);
    const QList<NicInfo> &nics = vms->at(0).nics;
    QCOMPARE(nics[0].key, 4000);
    QCOMPARE(nics[0].label, u"Network adapter 1"_s);
    QCOMPARE(nics[0].model, u"vmxnet3"_s);
    QCOMPARE(nics[0].macAddress, u"00:50:56:ab:cd:ef"_s);
    QCOMPARE(nics[0].addressType, u"assigned"_s);
    QCOMPARE(nics[0].network, u"VM Network"_s);
    QVERIFY(nics[0].portgroupKey.isEmpty());
    QVERIFY(nics[0].connected);
    QCOMPARE(nics[1].model, u"e1000e"_s);
    QCOMPARE(nics[1].portgroupKey, u"dvportgroup-1001"_s);
    QCOMPARE(nics[1].network, u"Prod VLAN 10"_s);
    QCOMPARE(nics[1].addressType, u"manual"_s);
    QVERIFY(nics[1].connected); // not connected now, but startConnected: it connects at power-on
}

void TestInventoryParse::orphanedVm()
{
    auto objects = objectsFrom(fixture(u"esxi8-vms.xml"_s));
    QVERIFY(objects);
    QCOMPARE(objects->at(1).missingPaths, QStringList{u"config"_s});
    auto vms = vmsFrom(fixture(u"esxi8-vms.xml"_s));
    QVERIFY(vms);
    const VmInfo &vm = vms->at(1);
    QCOMPARE(vm.name, u"orphan"_s);
    QCOMPARE(toString(vm.powerState), toString(PowerState::PoweredOff));
    QVERIFY(vm.disks.isEmpty());
    QVERIFY(vm.uuid.isEmpty());
    QCOMPARE(vm.snapshotCount, 0);
    QCOMPARE(vm.committedBytes, qint64(-1)); // not sent: unknown, not zero
}

void TestInventoryParse::templateVm()
{
    auto vms = vmsFrom(fixture(u"esxi8-vms.xml"_s));
    QVERIFY(vms);
    const VmInfo &vm = vms->at(2);
    QVERIFY(vm.template_);
    QCOMPARE(toString(vm.powerState), toString(PowerState::Suspended));
    QCOMPARE(toString(vm.firmware), toString(Firmware::Bios));
    QCOMPARE(vm.disks.size(), 2);
    QCOMPARE(vm.disks[0].controllerType, u"sata"_s);
    QCOMPARE(toString(vm.disks[0].backing), toString(DiskBacking::Sparse));
    QCOMPARE(vm.disks[0].capacity, qint64(16777216) * 1024);
    QCOMPARE(vm.disks[1].controllerType, u"nvme"_s);
    QCOMPARE(vm.disks[1].controllerBus, 2);
    QCOMPARE(vm.disks[1].unitNumber, 3);
    QCOMPARE(toString(vm.disks[1].backing), toString(DiskBacking::SeSparse));
    QCOMPARE(vm.nics.size(), 1);
    QCOMPARE(vm.nics[0].model, u"pcnet32"_s);
    QVERIFY(vm.nics[0].connected); // no connectable: assume connected
}

void TestInventoryParse::vcsimVms()
{
    auto vms = vmsFrom(fixture(u"vcsim-esx-vms.xml"_s));
    QVERIFY2(vms, qPrintable(vms ? QString() : vms.error().toString()));
    QCOMPARE(vms->size(), 2);
    const VmInfo &vm = vms->at(0);
    QCOMPARE(vm.name, u"ha-host_VM0"_s);
    QCOMPARE(toString(vm.powerState), toString(PowerState::PoweredOn));
    QCOMPARE(vm.memoryMB, 32);
    QCOMPARE(vm.hardwareVersion, u"vmx-13"_s);
    QCOMPARE(vm.disks.size(), 1);
    QCOMPARE(vm.disks[0].controllerType, u"pvscsi"_s);
    QCOMPARE(vm.disks[0].capacity, qint64(1024) * 1024);
    QCOMPARE(vm.disks[0].datastore, u"LocalDS_0"_s);
    QCOMPARE(vm.disks[0].path, u"ha-host_VM0/disk1.vmdk"_s);
    QCOMPARE(vm.disks[0].flatPath(), u"ha-host_VM0/disk1-flat.vmdk"_s);
    QVERIFY(vm.disks[0].thin);
    QCOMPARE(vm.nics.size(), 1);
    QCOMPARE(vm.nics[0].model, u"e1000"_s);
    QCOMPARE(vm.nics[0].network, u"VM Network"_s);
    QCOMPARE(vm.nics[0].macAddress, u"00:0c:29:38:61:38"_s);
}

void TestInventoryParse::garbageValues_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("contains");
    QTest::newRow("numCPU") << QByteArray("<val xsi:type=\"xsd:int\">4</val>") << QByteArray("<val xsi:type=\"xsd:int\">four</val>")
                            << u"config.hardware.numCPU"_s;
    QTest::newRow("memoryMB") << QByteArray("<val xsi:type=\"xsd:int\">8192</val>") << QByteArray("<val xsi:type=\"xsd:int\">8 GB</val>")
                              << u"config.hardware.memoryMB"_s;
    QTest::newRow("capacity") << QByteArray("<capacityInBytes>42949672960</capacityInBytes>")
                              << QByteArray("<capacityInBytes>big</capacityInBytes>") << u"Hard disk 1"_s;
    QTest::newRow("capacity KB overflow") << QByteArray("<capacityInKB>16777216</capacityInKB>")
                                          << QByteArray("<capacityInKB>9223372036854775807</capacityInKB>") << u"impossible"_s;
    const QByteArray capacity("<capacityInBytes>42949672960</capacityInBytes>");
    QTest::newRow("capacity INT64_MAX") << capacity << QByteArray("<capacityInBytes>9223372036854775807</capacityInBytes>") << u"62 TiB"_s;
    QTest::newRow("capacity 2^62") << capacity << QByteArray("<capacityInBytes>4611686018427387904</capacityInBytes>") << u"62 TiB"_s;
    QTest::newRow("capacity 62 TiB + 1") << capacity << QByteArray("<capacityInBytes>68169720922113</capacityInBytes>") << u"62 TiB"_s;
    QTest::newRow("capacity negative") << capacity << QByteArray("<capacityInBytes>-1</capacityInBytes>") << u"negative"_s;
    QTest::newRow("capacity KB above 62 TiB") << QByteArray("<capacityInKB>16777216</capacityInKB>")
                                              << QByteArray("<capacityInKB>66571993089</capacityInKB>") << u"impossible"_s;
    QTest::newRow("thin flag") << QByteArray("<thinProvisioned>true</thinProvisioned><eagerlyScrub>")
                               << QByteArray("<thinProvisioned>maybe</thinProvisioned><eagerlyScrub>") << u"thinProvisioned"_s;
    QTest::newRow("device list type") << QByteArray("<val xsi:type=\"ArrayOfVirtualDevice\">")
                                      << QByteArray("<val xsi:type=\"xsd:string\">") << u"ArrayOfVirtualDevice"_s;
    QTest::newRow("snapshot type") << QByteArray("<val xsi:type=\"VirtualMachineSnapshotInfo\">")
                                   << QByteArray("<val xsi:type=\"xsd:int\">") << u"VirtualMachineSnapshotInfo"_s;
    QTest::newRow("committed") << QByteArray(">13207024435<") << QByteArray(">12 GB<") << u"summary.storage.committed"_s;
    QTest::newRow("power state") << QByteArray(">poweredOn<") << QByteArray(">exploded<") << u"power state"_s;
    QTest::newRow("secure boot")
        << QByteArray("<val xsi:type=\"xsd:boolean\">true</val></propSet>\n<propSet><name>config.changeTrackingEnabled")
        << QByteArray("<val xsi:type=\"xsd:boolean\">yes</val></propSet>\n<propSet><name>config.changeTrackingEnabled")
        << u"efiSecureBootEnabled"_s;
}

void TestInventoryParse::garbageValues()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, contains);
    QByteArray xml = fixture(u"esxi8-vms.xml"_s);
    QVERIFY(xml.contains(from));
    xml.replace(xml.indexOf(from), from.size(), to);
    auto vms = vmsFrom(xml);
    QVERIFY(!vms);
    QCOMPARE(vms.error().code(), ErrorCode::Protocol);
    QVERIFY2(vms.error().message().contains(contains), qPrintable(vms.error().toString()));
    QVERIFY2(vms.error().message().startsWith(u"VM '"), qPrintable(vms.error().toString()));
}

void TestInventoryParse::datacenterPaths()
{
    auto objects = objectsFrom(fixture(u"vcsim-vpx-datacenters.xml"_s));
    QVERIFY(objects);
    const auto datacenters = InventoryReader::datacentersFromObjects(*objects, {u"Folder"_s, u"group-d1"_s});
    QCOMPARE(datacenters.size(), 2);
    QCOMPARE(datacenters[0].name, u"DC0"_s);
    QCOMPARE(datacenters[0].path, u"DC0"_s);
    QCOMPARE(datacenters[0].moref, u"datacenter-2"_s);
    QCOMPARE(datacenters[1].name, u"DC1"_s);
    QCOMPARE(datacenters[1].path, u"F0/DC1"_s);

    // A parent chain that loops must end, not hang.
    ObjectContent a{{u"Folder"_s, u"f1"_s}, {}, {}};
    XmlElement parentA(u"val"_s, u"f2"_s);
    parentA.addAttribute(u"type"_s, u"Folder"_s);
    a.properties.insert(u"name"_s, XmlElement(u"val"_s, u"A"_s));
    a.properties.insert(u"parent"_s, parentA);
    ObjectContent b{{u"Folder"_s, u"f2"_s}, {}, {}};
    XmlElement parentB(u"val"_s, u"f1"_s);
    parentB.addAttribute(u"type"_s, u"Folder"_s);
    b.properties.insert(u"name"_s, XmlElement(u"val"_s, u"B"_s));
    b.properties.insert(u"parent"_s, parentB);
    ObjectContent dc{{u"Datacenter"_s, u"dc"_s}, {}, {}};
    dc.properties.insert(u"name"_s, XmlElement(u"val"_s, u"DC"_s));
    dc.properties.insert(u"parent"_s, parentB);
    const auto looped = InventoryReader::datacentersFromObjects({a, b, dc}, {u"Folder"_s, u"root"_s});
    QCOMPARE(looped.size(), 1);
    QVERIFY(looped[0].path.endsWith(u"/DC"));
}

namespace {

ObjectContent entity(const QString &type, const QString &moref, const QString &name, const QString &parentType, const QString &parent)
{
    ObjectContent object{{type, moref}, {}, {}};
    object.properties.insert(u"name"_s, XmlElement(u"val"_s, name));
    XmlElement parentRef(u"val"_s, parent);
    parentRef.addAttribute(u"type"_s, parentType);
    object.properties.insert(u"parent"_s, parentRef);
    return object;
}

} // namespace

// A VM's host, cluster and folder from the objects the datacenter listing returns (vcsim's
// folders; hosts and compute resources made here): a cluster host, a standalone host, a
// VM in the datacenter's vm folder, one in a subfolder, and a folder chain that loops.
void TestInventoryParse::vmPlacement()
{
    auto objects = objectsFrom(fixture(u"vcsim-vpx-datacenters.xml"_s));
    QVERIFY(objects);
    *objects << entity(u"ClusterComputeResource"_s, u"domain-c1"_s, u"Gold"_s, u"Folder"_s, u"folder-60"_s)
             << entity(u"HostSystem"_s, u"host-1"_s, u"esx-1"_s, u"ClusterComputeResource"_s, u"domain-c1"_s)
             << entity(u"ComputeResource"_s, u"domain-s1"_s, u"esx-2"_s, u"Folder"_s, u"folder-4"_s)
             << entity(u"HostSystem"_s, u"host-2"_s, u"esx-2"_s, u"ComputeResource"_s, u"domain-s1"_s)
             << entity(u"Folder"_s, u"folder-70"_s, u"Web"_s, u"Folder"_s, u"folder-62"_s)
             << entity(u"Folder"_s, u"loop-1"_s, u"L1"_s, u"Folder"_s, u"loop-2"_s)
             << entity(u"Folder"_s, u"loop-2"_s, u"L2"_s, u"Folder"_s, u"loop-1"_s);
    const InventoryTree tree(*objects);
    const VmPlacement clustered = tree.placement({u"Folder"_s, u"folder-70"_s}, {u"HostSystem"_s, u"host-1"_s});
    QCOMPARE(clustered.host, u"esx-1"_s);
    QCOMPARE(clustered.cluster, u"Gold"_s);
    QCOMPARE(clustered.folder, u"F0/Web"_s);
    const VmPlacement standalone = tree.placement({u"Folder"_s, u"folder-3"_s}, {u"HostSystem"_s, u"host-2"_s});
    QCOMPARE(standalone.host, u"esx-2"_s);
    QCOMPARE(standalone.cluster, QString()); // a plain ComputeResource is no cluster
    QCOMPARE(standalone.folder, QString());  // the datacenter's own vm folder
    const VmPlacement lost = tree.placement({u"Folder"_s, u"loop-1"_s}, {u"HostSystem"_s, u"host-9"_s});
    QCOMPARE(lost.folder, QString());
    QCOMPARE(lost.host, QString());
}

void TestInventoryParse::networks()
{
    auto objects = objectsFrom(fixture(u"vcsim-vpx-networks.xml"_s));
    QVERIFY(objects);
    QCOMPARE(objects->size(), 3);
    const NetworkInfo standard = InventoryReader::networkFromObject(objects->at(0), u"DC0"_s);
    QCOMPARE(standard.name, u"VM Network"_s);
    QVERIFY(!standard.distributed);
    QVERIFY(standard.portgroupKey.isEmpty());
    const NetworkInfo distributed = InventoryReader::networkFromObject(objects->at(2), u"DC0"_s);
    QCOMPARE(distributed.name, u"DC0_DVPG0"_s);
    QCOMPARE(distributed.moref, u"dvportgroup-13"_s);
    QVERIFY(distributed.distributed);
    QCOMPARE(distributed.portgroupKey, u"dvportgroup-13"_s);
    QCOMPARE(distributed.datacenter, u"DC0"_s);
}

void TestInventoryParse::datastores()
{
    ObjectContent object{{u"Datastore"_s, u"datastore-1"_s}, {}, {}};
    object.properties.insert(u"name"_s, XmlElement(u"val"_s, u"datastore1"_s));
    object.properties.insert(u"summary.url"_s, XmlElement(u"val"_s, u"ds:///vmfs/volumes/65a1b2c3-d4e5f6a7/"_s));
    object.properties.insert(u"summary.type"_s, XmlElement(u"val"_s, u"VMFS"_s));
    object.properties.insert(u"summary.capacity"_s, XmlElement(u"val"_s, u"1099511627776"_s));
    object.properties.insert(u"summary.freeSpace"_s, XmlElement(u"val"_s, u"549755813888"_s));
    object.properties.insert(u"summary.accessible"_s, XmlElement(u"val"_s, u"false"_s));
    auto store = InventoryReader::datastoreFromObject(object, u"ha-datacenter"_s);
    QVERIFY(store);
    QCOMPARE(store->capacity, qint64(1099511627776));
    QCOMPARE(store->freeSpace, qint64(549755813888));
    QVERIFY(!store->accessible);
    QCOMPARE(store->type, u"VMFS"_s);

    object.properties.insert(u"summary.freeSpace"_s, XmlElement(u"val"_s, u"plenty"_s));
    auto broken = InventoryReader::datastoreFromObject(object, u"ha-datacenter"_s);
    QVERIFY(!broken);
    QVERIFY(broken.error().message().contains(u"summary.freeSpace"));
}

void TestInventoryParse::flatPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<DiskBacking>("backing");
    QTest::addColumn<QString>("flat");
    QTest::newRow("flat") << u"vm/vm.vmdk"_s << DiskBacking::Flat << u"vm/vm-flat.vmdk"_s;
    QTest::newRow("second disk") << u"vm/vm_1.vmdk"_s << DiskBacking::Flat << u"vm/vm_1-flat.vmdk"_s;
    QTest::newRow("upper case") << u"vm/VM.VMDK"_s << DiskBacking::Flat << u"vm/VM-flat.vmdk"_s;
    QTest::newRow("already flat") << u"vm/vm-flat.vmdk"_s << DiskBacking::Flat << u"vm/vm-flat.vmdk"_s;
    QTest::newRow("not vmdk") << u"vm/vm.img"_s << DiskBacking::Flat << QString();
    QTest::newRow("sparse") << u"vm/vm.vmdk"_s << DiskBacking::Sparse << QString();
    QTest::newRow("rdm") << u"vm/vm.vmdk"_s << DiskBacking::Rdm << QString();
}

void TestInventoryParse::flatPath()
{
    QFETCH(QString, path);
    QFETCH(DiskBacking, backing);
    DiskInfo disk;
    disk.path = path;
    disk.backing = backing;
    QTEST(disk.flatPath(), "flat");
}

void TestInventoryParse::splitDatastorePath_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("datastore");
    QTest::addColumn<QString>("path");
    QTest::newRow("plain") << u"[datastore1] vm/vm.vmdk"_s << u"datastore1"_s << u"vm/vm.vmdk"_s;
    QTest::newRow("spaces") << u"[nfs ds 2] my vm/my vm.vmdk"_s << u"nfs ds 2"_s << u"my vm/my vm.vmdk"_s;
    QTest::newRow("no path") << u"[ds]"_s << u"ds"_s << QString();
    QTest::newRow("no datastore") << u"/vmfs/volumes/x/vm.vmdk"_s << QString() << u"/vmfs/volumes/x/vm.vmdk"_s;
}

void TestInventoryParse::splitDatastorePath()
{
    QFETCH(QString, fileName);
    const auto [datastore, path] = DeviceParser::splitDatastorePath(fileName);
    QTEST(datastore, "datastore");
    QTEST(path, "path");
}

void TestInventoryParse::jsonKeys()
{
    auto vms = vmsFrom(fixture(u"esxi8-vms.xml"_s));
    QVERIFY(vms);
    Inventory inventory;
    inventory.datacenters.append({u"ha-datacenter"_s, u"ha-datacenter"_s, u"ha-datacenter"_s});
    inventory.datastores.append(DatastoreInfo{});
    inventory.networks.append(NetworkInfo{});
    inventory.vms = *vms;
    const QJsonObject json = InventoryJson::toJson(inventory);
    QCOMPARE(sortedKeys(json), sorted({u"host"_s, u"datacenters"_s, u"datastores"_s, u"networks"_s, u"vms"_s}));
    QCOMPARE(sortedKeys(json[u"host"_s].toObject()),
             sorted({u"fullName"_s, u"product"_s, u"version"_s, u"build"_s, u"apiVersion"_s, u"apiType"_s, u"instanceUuid"_s}));
    QCOMPARE(sortedKeys(json[u"datacenters"_s][0].toObject()), sorted({u"name"_s, u"moref"_s, u"path"_s}));
    QCOMPARE(sortedKeys(json[u"datastores"_s][0].toObject()),
             sorted({u"name"_s, u"moref"_s, u"datacenter"_s, u"url"_s, u"type"_s, u"capacity"_s, u"freeSpace"_s, u"accessible"_s}));
    QCOMPARE(sortedKeys(json[u"networks"_s][0].toObject()),
             sorted({u"name"_s, u"moref"_s, u"datacenter"_s, u"distributed"_s, u"portgroupKey"_s}));
    const QJsonObject vm = json[u"vms"_s][0].toObject();
    QCOMPARE(sortedKeys(vm),
             sorted({u"name"_s,
                     u"moref"_s,
                     u"datacenter"_s,
                     u"datacenterPath"_s,
                     u"host"_s,
                     u"cluster"_s,
                     u"folder"_s,
                     u"uuid"_s,
                     u"instanceUuid"_s,
                     u"powerState"_s,
                     u"guestId"_s,
                     u"guestFullName"_s,
                     u"firmware"_s,
                     u"secureBoot"_s,
                     u"numCpu"_s,
                     u"coresPerSocket"_s,
                     u"memoryMB"_s,
                     u"vmxPath"_s,
                     u"hardwareVersion"_s,
                     u"changeTracking"_s,
                     u"snapshotCount"_s,
                     u"currentSnapshot"_s,
                     u"template"_s,
                     u"committedBytes"_s,
                     u"disks"_s,
                     u"nics"_s}));
    QCOMPARE(sortedKeys(vm[u"disks"_s][0].toObject()),
             sorted({u"key"_s, u"label"_s, u"controllerType"_s, u"controllerBus"_s, u"unitNumber"_s, u"fileName"_s, u"datastore"_s,
                     u"path"_s, u"capacity"_s, u"thin"_s, u"diskMode"_s, u"backing"_s, u"snapshotDelta"_s, u"encrypted"_s}));
    QCOMPARE(sortedKeys(vm[u"nics"_s][0].toObject()),
             sorted(
                 {u"key"_s, u"label"_s, u"model"_s, u"macAddress"_s, u"addressType"_s, u"network"_s, u"portgroupKey"_s, u"connected"_s}));
}

void TestInventoryParse::jsonValues()
{
    auto vms = vmsFrom(fixture(u"esxi8-vms.xml"_s));
    QVERIFY(vms);
    Inventory inventory;
    inventory.host.apiType = ApiType::VirtualCenter;
    inventory.vms = *vms;
    const QJsonObject json = InventoryJson::toJson(inventory);
    QCOMPARE(json[u"host"_s][u"apiType"_s].toString(), u"VirtualCenter"_s);
    const QJsonArray jsonVms = json[u"vms"_s].toArray();
    QCOMPARE(jsonVms[0][u"powerState"_s].toString(), u"poweredOn"_s);
    QCOMPARE(jsonVms[0][u"firmware"_s].toString(), u"efi"_s);
    QCOMPARE(jsonVms[0][u"secureBoot"_s].toBool(), true);
    QCOMPARE(jsonVms[0][u"memoryMB"_s].toInteger(), 8192);
    QCOMPARE(jsonVms[0][u"currentSnapshot"_s].toString(), u"after & patched"_s);
    QCOMPARE(jsonVms[0][u"disks"_s][0][u"capacity"_s].toInteger(), qint64(42949672960));
    QCOMPARE(jsonVms[0][u"disks"_s][1][u"backing"_s].toString(), u"rdm"_s);
    QCOMPARE(jsonVms[0][u"nics"_s][1][u"network"_s].toString(), u"Prod VLAN 10"_s);
    QCOMPARE(jsonVms[0][u"committedBytes"_s].toInteger(), qint64(13207024435));
    QCOMPARE(jsonVms[1][u"powerState"_s].toString(), u"poweredOff"_s);
    QCOMPARE(jsonVms[1][u"committedBytes"_s].toInteger(), qint64(-1));
    QCOMPARE(jsonVms[2][u"powerState"_s].toString(), u"suspended"_s);
    QCOMPARE(jsonVms[2][u"template"_s].toBool(), true);
    QCOMPARE(jsonVms[2][u"disks"_s][0][u"backing"_s].toString(), u"sparse"_s);
    QCOMPARE(jsonVms[2][u"disks"_s][1][u"backing"_s].toString(), u"seSparse"_s);
    QCOMPARE(jsonVms[2][u"firmware"_s].toString(), u"bios"_s);
}

QTEST_GUILESS_MAIN(TestInventoryParse)
#include "tst_inventoryparse.moc"
