// An OVA all the way to a running guest: ferry-cli migrates both VMs of multi.ova
// (tests/fixtures/ova/make-ova.sh: a vSphere VirtualSystemCollection holding the lab's
// boot-bios and boot-efi disks) into a storage pool on qemu:///system, the domains are
// started with their serial console attached, and the test passes only when each guest
// prints FERRY-BOOT-OK. Everything is undefined and deleted afterwards.
//
// Virtualization type as in tst_migrateboot: FERRY_TEST_VIRT_TYPE, else "qemu" (TCG) where
// /dev/kvm is the PVM module, else the host's choice.

#include "libvirtdaemon.h"
#include "targettestsupport.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestOvaBoot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void importedVmBoots_data();
    void importedVmBoots();

private:
    LibvirtDaemon m_daemon;
    QTemporaryDir m_dir;
    QString m_pool;
    QString m_network;
    QString m_virtType;
};

void TestOvaBoot::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("needs root for qemu:///system");
    auto running = m_daemon.ensureRunning();
    QVERIFY2(running, running ? "" : qPrintable(running.error().toString()));
    m_virtType = TargetTest::bootVirtType();
    QVERIFY(m_dir.isValid());
    QVERIFY(TargetTest::makeTraversable(m_dir.path()));
    auto pool = TargetTest::createTestPool(u"ferry-ova"_s, m_dir.path());
    QVERIFY2(pool, pool ? "" : qPrintable(pool.error().toString()));
    m_pool = *pool;
    // A network of our own, a bare bridge (no DHCP, so no dnsmasq): the host's "default" may
    // be missing or inactive, and the package's networks are mapped onto this one.
    QFile network(m_dir.path() + u"/network.xml"_s);
    QVERIFY(network.open(QIODevice::WriteOnly));
    network.write(u"<network><name>ferry-ova-%1</name><bridge name='fova%1' stp='on' delay='0'/></network>"_s.arg(::getpid()).toUtf8());
    network.close();
    auto created = TargetTest::run(u"virsh"_s, {u"-c"_s, u"qemu:///system"_s, u"net-create"_s, network.fileName()});
    QVERIFY2(created, created ? "" : qPrintable(created.error().toString()));
    m_network = u"ferry-ova-%1"_s.arg(::getpid());

    const QString fixtures = QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures");
    const auto guests = Test::runProcess(u"bash"_s, {fixtures + u"/guests/make-lab-guests.sh"_s, m_dir.path() + u"/guests"_s});
    QVERIFY2(guests.exitCode == 0, guests.err.constData());
    const auto packages = Test::runProcess(u"bash"_s,
                                           {fixtures + u"/ova/make-ova.sh"_s, m_dir.path() + u"/guests"_s, m_dir.path() + u"/ova"_s});
    QVERIFY2(packages.exitCode == 0, packages.err.constData());
}

void TestOvaBoot::cleanupTestCase()
{
    if (!m_pool.isEmpty())
        TargetTest::destroyPool(m_pool);
    if (!m_network.isEmpty())
        (void)TargetTest::run(u"virsh"_s, {u"-c"_s, u"qemu:///system"_s, u"net-destroy"_s, m_network});
}

void TestOvaBoot::importedVmBoots_data()
{
    QTest::addColumn<QString>("vm");
    QTest::addColumn<QString>("format");
    QTest::newRow("bios-lsilogic-raw") << u"multi-web"_s << u"raw"_s;
    QTest::newRow("efi-lsilogicsas-qcow2") << u"multi-db"_s << u"qcow2"_s;
}

void TestOvaBoot::importedVmBoots()
{
    QFETCH(QString, vm);
    QFETCH(QString, format);
    TargetTest::removeDomain(vm);
    QStringList arguments{u"migrate"_s,
                          u"--source"_s,
                          m_dir.path() + u"/ova/multi.ova"_s,
                          u"--vm"_s,
                          vm,
                          u"--target"_s,
                          u"qemu:///system"_s,
                          u"--pool"_s,
                          m_pool,
                          u"--format"_s,
                          format,
                          u"--verify"_s,
                          u"--report-dir"_s,
                          m_dir.path() + u"/reports"_s,
                          u"--progress"_s,
                          u"none"_s};
    arguments << u"--network"_s << u"Frontend="_s + m_network << u"--network"_s << u"Backend="_s + m_network;
    if (!m_virtType.isEmpty())
        arguments << u"--virt-type"_s << m_virtType;
    const Test::ProcessResult result = Test::runProcess(QStringLiteral(FERRY_CLI_PATH), arguments);
    QVERIFY2(result.exitCode == 0, result.err.constData());

    const QJsonObject report = Test::readJson(m_dir.path() + u"/reports/"_s + vm + u"/report.json"_s);
    QCOMPARE(report.value(u"result"_s).toString(), u"ok"_s);
    QCOMPARE(report.value(u"source"_s).toObject().value(u"kind"_s).toString(), u"ova"_s);
    QCOMPARE(report.value(u"domain_xml"_s).toString(), vm);
    const QJsonObject disk = report.value(u"disks"_s).toArray().first().toObject();
    QCOMPARE(disk.value(u"verified"_s).toBool(), true);
    const QString image = m_dir.path() + (vm == u"multi-web" ? u"/guests/boot-bios.img"_s : u"/guests/boot-efi.img"_s);
    QCOMPARE(disk.value(u"sha256"_s).toString(), Test::fileSha256(image));
    const QString volume = disk.value(u"target"_s).toString();
    QVERIFY2(volume.startsWith(m_dir.path() + u"/pool/"_s), qPrintable(volume));

    // The guest powers itself off after printing the marker.
    const QString output = TargetTest::startWithConsole(vm);
    TargetTest::removeDomain(vm);
    (void)TargetTest::run(u"virsh"_s, {u"-c"_s, u"qemu:///system"_s, u"vol-delete"_s, u"--pool"_s, m_pool, QFileInfo(volume).fileName()});
    QVERIFY2(output.contains(u"FERRY-BOOT-OK"_s), qPrintable(output.right(2000)));
}

QTEST_GUILESS_MAIN(TestOvaBoot)
#include "tst_ovaboot.moc"
