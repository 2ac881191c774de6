// OvfReader on hand-made descriptors shaped like vSphere 8 (ovftool) and VirtualBox 7
// exports and an OVF 2.0 VirtualSystemCollection (tests/fixtures/ovf), and on hostile ones:
// XML bombs, traversal hrefs, capacities past 62 TiB, dangling references.

#include "formats/ovfreader.h"
#include "formattestsupport.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

QByteArray fixture(const QString &name)
{
    return FormatTest::readFile(QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures/ovf/") + name);
}

bool hasFinding(const QList<Finding> &findings, const QString &code, Finding::Severity severity, const QString &text = {})
{
    return std::any_of(findings.begin(), findings.end(), [&](const Finding &f) {
        return f.code == code && f.severity == severity && (text.isEmpty() || f.message.contains(text) || f.details.contains(text));
    });
}

// A minimal valid envelope with the given References, DiskSection and hardware items.
QByteArray envelope(const QByteArray &references, const QByteArray &disks, const QByteArray &items, const QByteArray &extra = {})
{
    return "<?xml version=\"1.0\"?>\n<Envelope xmlns=\"http://schemas.dmtf.org/ovf/envelope/1\" "
           "xmlns:ovf=\"http://schemas.dmtf.org/ovf/envelope/1\" "
           "xmlns:rasd=\"http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData\">"
           "<References>"
        + references + "</References><DiskSection><Info>d</Info>" + disks + "</DiskSection>" + extra
        + "<VirtualSystem ovf:id=\"vm\"><Info>i</Info><VirtualHardwareSection><Info>h</Info>" + items
        + "</VirtualHardwareSection></VirtualSystem></Envelope>";
}

QByteArray diskItem(const QByteArray &hostResource)
{
    return "<Item><rasd:ElementName>Hard disk 1</rasd:ElementName><rasd:HostResource>" + hostResource
        + "</rasd:HostResource><rasd:InstanceID>9</rasd:InstanceID><rasd:ResourceType>17</rasd:ResourceType></Item>";
}

const QByteArray oneFile = "<File ovf:href=\"d.vmdk\" ovf:id=\"file1\"/>";
const QByteArray oneDisk
    = "<Disk ovf:capacity=\"1\" ovf:capacityAllocationUnits=\"byte * 2^30\" ovf:diskId=\"vmdisk1\" ovf:fileRef=\"file1\" "
      "ovf:format=\"http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized\"/>";

} // namespace

class TestOvfReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void vsphere8();
    void virtualBox7();
    void collectionOvf2();
    void minimalEnvelope();
    void fileEncodingsAreBlockers();
    void refuses_data();
    void refuses();
    void units_data();
    void units();
};

void TestOvfReader::vsphere8()
{
    auto package = OvfReader::read(fixture(u"vsphere8-efi.ovf"_s));
    QVERIFY2(package, qPrintable(package ? QString() : package.error().toString()));
    QCOMPARE(package->ovfVersion, u"1.x"_s);
    QCOMPARE(package->files.size(), 2);
    QCOMPARE(package->files[0].size, 1048576);
    QCOMPARE(package->disks.size(), 2);
    QCOMPARE(package->disks[0].capacity, 16ll << 30);
    QCOMPARE(package->disks[0].populatedSize, 2147483648ll);
    QVERIFY(package->disks[0].format == OvfDiskFormat::StreamOptimizedVmdk);
    QCOMPARE(package->disks[1].capacity, 512ll << 20);
    QCOMPARE(package->systems.size(), 1);
    const OvfVirtualSystem &system = package->systems[0];
    const VmInfo &vm = system.vm;
    QCOMPARE(vm.name, u"web01"_s);
    QCOMPARE(vm.moref, u"ovf:web01"_s);
    QCOMPARE(vm.guestId, u"rhel9_64Guest"_s);
    QCOMPARE(vm.guestFullName, u"Red Hat Enterprise Linux 9 (64-bit)"_s);
    QCOMPARE(vm.hardwareVersion, u"vmx-20"_s);
    QCOMPARE(vm.uuid, u"564d9b2f-1a7c-3e20-8f11-42aa0c5e77d1"_s);
    QCOMPARE(vm.numCpu, 4);
    QCOMPARE(vm.coresPerSocket, 2);
    QCOMPARE(vm.memoryMB, 8192);
    QVERIFY(vm.firmware == Firmware::Efi);
    QVERIFY(vm.secureBoot);
    QCOMPARE(vm.disks.size(), 2);
    QCOMPARE(vm.disks[0].label, u"Hard disk 1"_s);
    QCOMPARE(vm.disks[0].controllerType, u"pvscsi"_s);
    QCOMPARE(vm.disks[0].unitNumber, 0);
    QCOMPARE(vm.disks[0].capacity, 16ll << 30);
    QCOMPARE(vm.disks[0].fileName, u"web01-disk1.vmdk"_s);
    QVERIFY(vm.disks[0].backing == DiskBacking::Flat);
    QCOMPARE(vm.disks[1].controllerType, u"nvme"_s);
    QCOMPARE(vm.disks[1].unitNumber, 1);
    QCOMPARE(system.diskIds, QStringList({u"vmdisk1"_s, u"vmdisk2"_s}));
    QCOMPARE(package->fileForDisk(system, 1)->href, u"web01-disk2.vmdk"_s);
    QCOMPARE(vm.nics.size(), 2);
    QCOMPARE(vm.nics[0].model, u"vmxnet3"_s);
    QCOMPARE(vm.nics[0].network, u"VM Network"_s);
    QVERIFY(vm.nics[0].macAddress.isEmpty());
    QCOMPARE(vm.nics[1].model, u"e1000e"_s);
    QCOMPARE(vm.nics[1].network, u"Prod VLAN 10"_s);
    QCOMPARE(vm.nics[1].macAddress, u"00:50:56:ab:12:34"_s);
    // Nothing dropped silently: the CD drive, video card, VMCI, boot order, annotation and
    // the vmw:Config keys that are not firmware all show up.
    QVERIFY(hasFinding(system.findings, u"ovf-removable-drive"_s, Finding::Severity::Warning, u"CD/DVD drive 1"_s));
    QVERIFY(hasFinding(system.findings, u"ovf-unmapped-item"_s, Finding::Severity::Info, u"Video card"_s));
    QVERIFY(hasFinding(system.findings, u"ovf-unmapped-item"_s, Finding::Severity::Info, u"VMCI device"_s));
    QVERIFY(hasFinding(system.findings, u"ovf-unmapped-section"_s, Finding::Severity::Info, u"boot order"_s));
    QVERIFY(hasFinding(system.findings, u"ovf-unmapped-section"_s, Finding::Severity::Info, u"annotation"_s));
    QVERIFY(hasFinding(system.findings, u"ovf-config-ignored"_s, Finding::Severity::Info, u"cpuHotAddEnabled"_s));
    QVERIFY(hasFinding(system.findings, u"ovf-config-ignored"_s, Finding::Severity::Info, u"nvram"_s));
    const Inventory inventory = package->toInventory(u"web01.ova"_s);
    QCOMPARE(inventory.vms.size(), 1);
    QCOMPARE(inventory.networks.size(), 2);
    QCOMPARE(inventory.host.fullName, u"web01.ova"_s);
    QVERIFY(inventory.findVm(u"web01"_s));
}

void TestOvfReader::virtualBox7()
{
    auto package = OvfReader::read(fixture(u"virtualbox7.ovf"_s));
    QVERIFY2(package, qPrintable(package ? QString() : package.error().toString()));
    const OvfVirtualSystem &system = package->systems.value(0);
    const VmInfo &vm = system.vm;
    QCOMPARE(vm.name, u"debian12"_s);
    QCOMPARE(vm.guestId, u"debian12_64Guest"_s);
    QCOMPARE(vm.numCpu, 2);
    QCOMPARE(vm.memoryMB, 2048);
    QVERIFY(vm.firmware == Firmware::Efi); // from vbox:Machine
    QCOMPARE(vm.uuid, u"5d3c8b1e-0a6f-4c2d-9e41-2b7f3a9c6d01"_s);
    QCOMPARE(vm.hardwareVersion, u"virtualbox-2.2"_s);
    QCOMPARE(vm.disks.size(), 1);
    QCOMPARE(vm.disks[0].controllerType, u"sata"_s);
    QCOMPARE(vm.disks[0].capacity, 21474836480ll);
    QCOMPARE(vm.disks[0].fileName, u"debian12-disk001.vmdk"_s);
    QCOMPARE(vm.nics.size(), 1);
    QCOMPARE(vm.nics[0].model, u"e1000"_s);
    QCOMPARE(vm.nics[0].network, u"NAT"_s);
    QVERIFY(hasFinding(system.findings, u"ovf-removable-drive"_s, Finding::Severity::Warning, u"cdrom1"_s));
    QVERIFY(hasFinding(system.findings, u"ovf-unmapped-section"_s, Finding::Severity::Info, u"product"_s));
    QCOMPARE(package->files[0].size, -1);
}

void TestOvfReader::collectionOvf2()
{
    auto package = OvfReader::read(fixture(u"collection-ovf2.ovf"_s));
    QVERIFY2(package, qPrintable(package ? QString() : package.error().toString()));
    QCOMPARE(package->ovfVersion, u"2.0"_s);
    QCOMPARE(package->systems.size(), 2);
    const VmInfo &db = package->systems[0].vm;
    const VmInfo &app = package->systems[1].vm;
    QCOMPARE(db.name, u"db"_s);
    QCOMPARE(db.memoryMB, 4096);
    QCOMPARE(db.disks.value(0).controllerType, u"lsilogic-sas"_s);
    QCOMPARE(db.disks.value(0).capacity, 8ll << 30);
    QCOMPARE(db.nics.value(0).model, u"vmxnet3"_s); // from an EthernetPortItem
    QCOMPARE(db.nics.value(0).network, u"backend"_s);
    QCOMPARE(app.name, u"app"_s);
    QCOMPARE(app.guestId, u"windows2019srv_64Guest"_s);
    QVERIFY(app.firmware == Firmware::Bios);
    QCOMPARE(app.disks.value(0).controllerType, u"sata"_s);
    QCOMPARE(app.nics.value(0).macAddress, u"00:50:56:9a:00:02"_s);
    QVERIFY(hasFinding(package->findings, u"ovf-unmapped-section"_s, Finding::Severity::Info, u"start order"_s));
    QCOMPARE(package->toInventory(u"shop.ova"_s).networks.size(), 1);
}

void TestOvfReader::minimalEnvelope()
{
    auto package = OvfReader::read(
        envelope(oneFile, oneDisk,
                 diskItem("ovf:/disk/vmdisk1")
                     + "<Item><rasd:ElementName>nic</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID>"
                       "<rasd:ResourceSubType>SuperNet9000</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>",
                 "<vmw:Whatever xmlns:vmw=\"http://www.vmware.com/schema/ovf\" ovf:required=\"true\"><Info>x</Info></vmw:Whatever>"));
    QVERIFY2(package, qPrintable(package ? QString() : package.error().toString()));
    const OvfVirtualSystem &system = package->systems[0];
    QCOMPARE(system.vm.name, u"vm"_s);
    QCOMPARE(system.vm.disks.size(), 1);
    QVERIFY(system.vm.disks[0].controllerType.isEmpty());
    QVERIFY(hasFinding(system.findings, u"ovf-disk-without-controller"_s, Finding::Severity::Warning));
    QVERIFY(hasFinding(system.findings, u"ovf-unknown-nic"_s, Finding::Severity::Warning, u"SuperNet9000"_s));
    QVERIFY(hasFinding(package->findings, u"ovf-unmapped-section"_s, Finding::Severity::Warning, u"Whatever"_s));
}

void TestOvfReader::fileEncodingsAreBlockers()
{
    auto package = OvfReader::read(
        envelope("<File ovf:href=\"d.vmdk.gz\" ovf:id=\"file1\" ovf:compression=\"gzip\"/>", oneDisk, diskItem("ovf:/disk/vmdisk1")));
    QVERIFY(package);
    QVERIFY(hasFinding(package->systems[0].findings, u"ovf-file-encoding"_s, Finding::Severity::Blocker, u"gzip"_s));
    package = OvfReader::read(
        envelope("<File ovf:href=\"d.vmdk\" ovf:id=\"file1\" ovf:chunkSize=\"1000000\"/>", oneDisk, diskItem("ovf:/disk/vmdisk1")));
    QVERIFY(package);
    QVERIFY(hasFinding(package->systems[0].findings, u"ovf-file-encoding"_s, Finding::Severity::Blocker, u"chunks"_s));
    QByteArray odd = oneDisk;
    odd.replace("#streamOptimized", "#somethingElse");
    package = OvfReader::read(envelope(oneFile, odd, diskItem("ovf:/disk/vmdisk1")));
    QVERIFY(package);
    QVERIFY(hasFinding(package->systems[0].findings, u"ovf-disk-format"_s, Finding::Severity::Blocker));
}

void TestOvfReader::refuses_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("error");
    const QByteArray item = diskItem("ovf:/disk/vmdisk1");
    QTest::newRow("billion laughs") << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
                                                  "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><Envelope>&lol2;</Envelope>")
                                    << u"contains a DTD"_s;
    QTest::newRow("external entity") << QByteArray(
        "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Envelope>&x;</Envelope>")
                                     << u"contains a DTD"_s;
    QTest::newRow("not xml") << QByteArray("PK\x03\x04 this is a zip") << u"not well-formed"_s;
    QTest::newRow("truncated") << envelope(oneFile, oneDisk, item).left(600) << u"ended early"_s;
    QTest::newRow("not an envelope") << QByteArray("<html><body/></html>") << u"not an OVF Envelope"_s;
    QTest::newRow("too deep") << QByteArray("<Envelope>") + QByteArray("<a>").repeated(100) + QByteArray("</a>").repeated(100)
            + "</Envelope>" << u"nests deeper"_s;
    QTest::newRow("too large") << QByteArray(OvfReader::maxSize + 1, ' ') << u"larger than"_s;
    QTest::newRow("traversal href") << envelope("<File ovf:href=\"../../etc/shadow\" ovf:id=\"file1\"/>", oneDisk, item)
                                    << u"'..' component"_s;
    QTest::newRow("absolute href") << envelope("<File ovf:href=\"/etc/shadow\" ovf:id=\"file1\"/>", oneDisk, item) << u"absolute path"_s;
    QTest::newRow("url href") << envelope("<File ovf:href=\"http://evil.example/d.vmdk\" ovf:id=\"file1\"/>", oneDisk, item)
                              << u"is a URL"_s;
    QTest::newRow("duplicate file id") << envelope(oneFile + "<File ovf:href=\"e.vmdk\" ovf:id=\"file1\"/>", oneDisk, item)
                                       << u"listed twice"_s;
    QTest::newRow("duplicate href") << envelope(oneFile + "<File ovf:href=\"d.vmdk\" ovf:id=\"file2\"/>", oneDisk, item)
                                    << u"listed twice"_s;
    QTest::newRow("duplicate disk") << envelope(oneFile, oneDisk + oneDisk, item) << u"listed twice"_s;
    QByteArray missingFile = oneDisk;
    missingFile.replace("file1", "file9");
    QTest::newRow("disk names missing file") << envelope(oneFile, missingFile, item) << u"References does not list"_s;
    QTest::newRow("item names missing disk") << envelope(oneFile, oneDisk, diskItem("ovf:/disk/vmdisk7")) << u"DiskSection does not have"_s;
    QTest::newRow("disk attached twice") << envelope(oneFile, oneDisk, item + item) << u"attached twice"_s;
    QByteArray huge = oneDisk;
    huge.replace("ovf:capacity=\"1\"", "ovf:capacity=\"63\"").replace("2^30", "2^40");
    QTest::newRow("capacity over 62 TiB") << envelope(oneFile, huge, item) << u"62 TiB"_s;
    QByteArray overflow = oneDisk;
    overflow.replace("ovf:capacity=\"1\"", "ovf:capacity=\"9223372036854775807\"");
    QTest::newRow("capacity overflows") << envelope(oneFile, overflow, item) << u"62 TiB"_s;
    QByteArray bigUnit = oneDisk;
    bigUnit.replace("2^30", "2^90");
    QTest::newRow("unit overflows") << envelope(oneFile, bigUnit, item) << u"larger than"_s;
    QByteArray words = oneDisk;
    words.replace("ovf:capacity=\"1\"", "ovf:capacity=\"${disk.size}\"");
    QTest::newRow("capacity not a number") << envelope(oneFile, words, item) << u"not a number"_s;
    QTest::newRow("no virtual system") << QByteArray("<Envelope><References/></Envelope>") << u"no VirtualSystem"_s;
    QTest::newRow("bad memory unit")
        << envelope(oneFile, oneDisk,
                    "<Item><rasd:AllocationUnits>furlongs</rasd:AllocationUnits><rasd:InstanceID>2</rasd:InstanceID>"
                    "<rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>")
        << u"unknown allocation unit"_s;
    QTest::newRow("bad cpu count") << envelope(oneFile, oneDisk,
                                               "<Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType>"
                                               "<rasd:VirtualQuantity>many</rasd:VirtualQuantity></Item>")
                                   << u"not a number"_s;
}

void TestOvfReader::refuses()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, error);
    auto package = OvfReader::read(xml);
    QVERIFY(!package);
    QVERIFY2(package.error().message().contains(error), qPrintable(u"got '%1', expected '%2'"_s.arg(package.error().message(), error)));
    QVERIFY(!package.error().message().contains(u'\n'));
}

void TestOvfReader::units_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("units");
    QTest::addColumn<qint64>("bytes");
    QTest::newRow("none") << qint64(4096) << QString() << qint64(4096);
    QTest::newRow("byte") << qint64(4096) << u"byte"_s << qint64(4096);
    QTest::newRow("2^20") << qint64(3) << u"byte * 2^20"_s << qint64(3 << 20);
    QTest::newRow("2^30 tight") << qint64(2) << u"byte*2^30"_s << (2ll << 30);
    QTest::newRow("10^9") << qint64(5) << u"byte * 10^9"_s << qint64(5'000'000'000);
    QTest::newRow("1024") << qint64(5) << u"byte * 1024"_s << qint64(5120);
    QTest::newRow("MegaBytes") << qint64(2048) << u"MegaBytes"_s << (2048ll << 20);
    QTest::newRow("GigaBytes") << qint64(62 * 1024) << u"GigaBytes"_s << (62ll << 40);
    QTest::newRow("just over") << qint64(62 * 1024 + 1) << u"GigaBytes"_s << qint64(-1);
    QTest::newRow("unknown") << qint64(1) << u"bits"_s << qint64(-1);
    QTest::newRow("negative") << qint64(-1) << u"byte"_s << qint64(-1);
}

void TestOvfReader::units()
{
    QFETCH(qint64, value);
    QFETCH(QString, units);
    QFETCH(qint64, bytes);
    auto result = OvfReader::bytesFromUnits(value, units);
    if (bytes < 0)
        QVERIFY(!result);
    else
        QCOMPARE(result.value_or(-7), bytes);
}

QTEST_GUILESS_MAIN(TestOvfReader)
#include "tst_ovfreader.moc"
