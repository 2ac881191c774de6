#include "convert/conversionlog.h"
#include "convert/conversionpolicy.h"
#include "convert/converteddomain.h"
#include "convert/guestconverter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestConversionLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsWhatTheToolSays();
    void tracedCallsBecomeChanges_data();
    void tracedCallsBecomeChanges();
    void resultLinesAreNotChanges();
    void domainXmlListsEveryDiskInOrder();
    void policy_data();
    void policy();
    void convertedDomainUsesVirtio();
};

void TestConversionLog::readsWhatTheToolSays()
{
    ConversionLog log;
    QCOMPARE(log.addLine("virt-v2v-in-place: virt-v2v 2.2.0 (x86_64)\n"), std::nullopt);
    QCOMPARE(log.addLine(R"({ "message": "Opening the source", "timestamp": "t", "type": "message" })"),
             std::optional<QString>(u"Opening the source"_s));
    QCOMPARE(log.addLine(R"({ "message": "Converting Debian GNU/Linux 12 (bookworm) to run on KVM", "type": "message" })"),
             std::optional<QString>(u"Converting Debian GNU/Linux 12 (bookworm) to run on KVM"_s));
    log.addLine(R"({ "message": "The QEMU Guest Agent will be\ninstalled at first boot.", "type": "warning" })");
    log.addLine(R"({ "message": "inspection could not detect the source guest.\n\nNo root device found.", "type": "error" })");
    log.addLine("gcaps_block_bus = virtio-blk");
    log.addLine("gcaps_net_bus = virtio-net");
    log.addLine("[  41.2] Inspecting the source");
    log.addLine("{ not json");
    QCOMPARE(log.version(), u"2.2.0"_s);
    QCOMPARE(log.diskBus(), u"virtio-blk"_s);
    QCOMPARE(log.nicModel(), u"virtio-net"_s);
    QCOMPARE(log.warnings(), QStringList{u"The QEMU Guest Agent will be installed at first boot."_s});
    QCOMPARE(log.error(), u"inspection could not detect the source guest. No root device found."_s);
    QCOMPARE(log.changes(), QStringList{u"Converting Debian GNU/Linux 12 (bookworm) to run on KVM"_s});
}

void TestConversionLog::tracedCallsBecomeChanges_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("change");
    QTest::newRow("fstab") << QByteArray(R"(libguestfs: trace: v2v: aug_set "/files/etc/fstab/1/spec" "/dev/vda1")")
                           << u"fstab entry 1 now names /dev/vda1"_s;
    QTest::newRow("initramfs") << QByteArray(R"(libguestfs: trace: v2v: command "/usr/sbin/update-initramfs -u -k 6.1.0-18-amd64")")
                               << u"rebuilt the initramfs with the virtio drivers"_s;
    QTest::newRow("grub") << QByteArray(R"(libguestfs: trace: v2v: command "grub-mkconfig -o /boot/grub/grub.cfg")")
                          << u"regenerated the grub configuration"_s;
    QTest::newRow("purge") << QByteArray(R"(libguestfs: trace: v2v: command "dpkg --purge open-vm-tools")")
                           << u"removed package(s) open-vm-tools"_s;
    QTest::newRow("info") << QByteArray("virt-v2v-in-place: This guest has virtio drivers installed.")
                          << u"This guest has virtio drivers installed."_s;
}

void TestConversionLog::tracedCallsBecomeChanges()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, change);
    ConversionLog log;
    log.addLine(line);
    log.addLine(line); // said twice, listed once
    QCOMPARE(log.changes(), QStringList{change});
}

void TestConversionLog::resultLinesAreNotChanges()
{
    ConversionLog log;
    log.addLine(R"(libguestfs: trace: v2v: command = "update-initramfs: Generating /boot/initrd.img")");
    log.addLine(R"(libguestfs: trace: v2v: aug_get "/files/etc/fstab/1/spec")");
    log.addLine(R"(libguestfs: trace: v2v: is_file "/usr/sbin/update-initramfs" "followsymlinks:true")");
    log.addLine(R"(libguestfs: trace: v2v: write "/usr/lib/x" "apt-get -y remove foo")");
    QCOMPARE(log.changes(), QStringList());
}

void TestConversionLog::domainXmlListsEveryDiskInOrder()
{
    ConversionInput input;
    input.name = u"web<1>"_s;
    input.format = u"qcow2"_s;
    input.disks = {{u"/v/a.qcow2"_s, u"scsi"_s}, {u"/v/b.qcow2"_s, u"ide"_s}, {u"/v/c.qcow2"_s, u"sata"_s}};
    input.macs = {u"00:50:56:01:02:03"_s};
    const QString xml = GuestConverter::domainXml(input);
    QVERIFY2(xml.contains(u"<name>web&lt;1&gt;</name>"_s), qPrintable(xml));
    const qsizetype a = xml.indexOf(u"<source file=\"/v/a.qcow2\"/>\n            <target dev=\"sda\" bus=\"scsi\"/>"_s);
    const qsizetype b = xml.indexOf(u"<source file=\"/v/b.qcow2\"/>\n            <target dev=\"hda\" bus=\"ide\"/>"_s);
    const qsizetype c = xml.indexOf(u"<source file=\"/v/c.qcow2\"/>\n            <target dev=\"sdb\" bus=\"sata\"/>"_s);
    QVERIFY2(a > 0 && a < b && b < c, qPrintable(xml));
    QCOMPARE(xml.count(u"<driver name=\"qemu\" type=\"qcow2\"/>"_s), 3);
    QVERIFY(xml.contains(u"<mac address=\"00:50:56:01:02:03\"/>"_s));
}

void TestConversionLog::policy_data()
{
    QTest::addColumn<QJsonObject>("os");
    QTest::addColumn<QString>("reasonPart"); // empty: convert
    QTest::addColumn<bool>("virtioWin");
    const QJsonArray kernel{QJsonObject{{u"version"_s, u"6.1.0"_s}, {u"image"_s, true}}};
    const QJsonArray modulesOnly{QJsonObject{{u"version"_s, u"6.1.0"_s}, {u"image"_s, false}}};
    QTest::newRow("linux") << QJsonObject{{u"family"_s, u"linux"_s}, {u"kernels"_s, kernel}} << QString() << false;
    QTest::newRow("no kernel") << QJsonObject{{u"family"_s, u"linux"_s}, {u"kernels"_s, modulesOnly}} << u"no kernel image"_s << false;
    QTest::newRow("windows") << QJsonObject{{u"family"_s, u"windows"_s}} << u"virtio-win"_s << true;
    QTest::newRow("unknown") << QJsonObject{{u"family"_s, u"unknown"_s}} << u"no Linux"_s << false;
}

void TestConversionLog::policy()
{
    QFETCH(QJsonObject, os);
    QFETCH(QString, reasonPart);
    QFETCH(bool, virtioWin);
    const QJsonObject inspection{{u"os"_s, os}};
    const QString reason = ConversionPolicy::skipReason(inspection);
    QVERIFY2(reasonPart.isEmpty() ? reason.isEmpty() : reason.contains(reasonPart), qPrintable(reason));
    QCOMPARE(ConversionPolicy::needsVirtioWin(inspection), virtioWin);
}

void TestConversionLog::convertedDomainUsesVirtio()
{
    const QString before = uR"(<devices>
      <disk type="file" device="disk"><target dev="sda" bus="sata"/></disk>
      <disk type="file" device="disk"><target dev="sdb" bus="sata"/></disk>
      <interface type="network"><mac address="00:50:56:01:02:03"/><model type="e1000e"/></interface>
      <video>
        <model type="vga"/>
      </video>
      <memballoon model="none"/>
    </devices>)"_s;
    const QString withNet = ConvertedDomain::withVirtio(before, true);
    QVERIFY(withNet.indexOf(u"<target dev=\"vda\" bus=\"virtio\"/>"_s) < withNet.indexOf(u"<target dev=\"vdb\" bus=\"virtio\"/>"_s));
    QVERIFY(!withNet.contains(u"sata"_s));
    QVERIFY(withNet.contains(u"<mac address=\"00:50:56:01:02:03\"/><model type=\"virtio\"/>"_s));
    QVERIFY(withNet.contains(u"<memballoon model=\"virtio\"/>"_s));
    QVERIFY(!withNet.contains(u"vga"_s));
    QVERIFY(ConvertedDomain::withVirtio(before, false).contains(u"e1000e"_s));
}

QTEST_GUILESS_MAIN(TestConversionLog)
#include "tst_conversionlog.moc"
