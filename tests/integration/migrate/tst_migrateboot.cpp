// The proof that firmware, bus and disk mapping are right: ferry-cli migrates ferry-lab's
// boot-bios and boot-efi VMs into a storage pool on qemu:///system, the domain is
// started with its serial console attached, and the test passes only when the guest
// prints FERRY-BOOT-OK. Everything is undefined and deleted afterwards.
//
// Virtualization type: FERRY_TEST_VIRT_TYPE (kvm|qemu) if set; "qemu" (TCG) where /dev/kvm
// is the PVM module, which cannot run ordinary guest kernels; otherwise the host's choice.

#include "libvirtdaemon.h"
#include "targettestsupport.h"
#include "testsupport.h"
#include "vsphere/labsource.h"

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

class TestMigrateBoot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void migratedVmBoots_data();
    void migratedVmBoots();

private:
    LibvirtDaemon m_daemon;
    QTemporaryDir m_dir;
    QString m_pool;
    QString m_virtType;
    LabSource m_lab;
    SourceEndpoint m_endpoint;
};

void TestMigrateBoot::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("needs root for qemu:///system");
    auto running = m_daemon.ensureRunning();
    QVERIFY2(running, running ? "" : qPrintable(running.error().toString()));
    m_virtType = TargetTest::bootVirtType();
    QVERIFY(m_dir.isValid());
    QVERIFY(TargetTest::makeTraversable(m_dir.path()));
    auto pool = TargetTest::createTestPool(u"ferry-e2e"_s, m_dir.path());
    QVERIFY2(pool, pool ? "" : qPrintable(pool.error().toString()));
    m_pool = *pool;

    m_lab.setProgram(QStringLiteral(FERRY_LAB_PATH));
    m_lab.setDataDirectory(Test::sharedLabDataDir());
    auto endpoint = m_lab.startAndWait(600000);
    QVERIFY2(endpoint, endpoint ? "" : qPrintable(endpoint.error().toString()));
    m_endpoint = *endpoint;
}

void TestMigrateBoot::cleanupTestCase()
{
    if (!m_pool.isEmpty())
        TargetTest::destroyPool(m_pool);
}

void TestMigrateBoot::migratedVmBoots_data()
{
    QTest::addColumn<QString>("vm");
    QTest::addColumn<QString>("format");
    QTest::newRow("bios-raw") << u"boot-bios"_s << u"raw"_s;
    QTest::newRow("efi-qcow2") << u"boot-efi"_s << u"qcow2"_s;
}

void TestMigrateBoot::migratedVmBoots()
{
    QFETCH(QString, vm);
    QFETCH(QString, format);
    TargetTest::removeDomain(vm);
    QStringList arguments{u"migrate"_s};
    arguments << Test::sourceArguments(m_endpoint, m_dir.path()) << u"--vm"_s << vm << u"--target"_s << u"qemu:///system"_s << u"--pool"_s
              << m_pool << u"--format"_s << format << u"--report-dir"_s << m_dir.path() + u"/reports"_s << u"--progress"_s << u"none"_s;
    if (!m_virtType.isEmpty())
        arguments << u"--virt-type"_s << m_virtType;
    const Test::ProcessResult result = Test::runProcess(QStringLiteral(FERRY_CLI_PATH), arguments);
    QVERIFY2(result.exitCode == 0, result.err.constData());

    const QJsonObject report = Test::readJson(m_dir.path() + u"/reports/"_s + vm + u"/report.json"_s);
    QCOMPARE(report.value(u"result"_s).toString(), u"ok"_s);
    QCOMPARE(report.value(u"domain_xml"_s).toString(), vm);
    const QString volume = report.value(u"disks"_s).toArray().first().toObject().value(u"target"_s).toString();
    QVERIFY2(volume.startsWith(m_dir.path() + u"/pool/"_s), qPrintable(volume));

    // The guest powers itself off after printing the marker.
    const QString output = TargetTest::startWithConsole(vm);
    TargetTest::removeDomain(vm);
    (void)TargetTest::run(u"virsh"_s, {u"-c"_s, u"qemu:///system"_s, u"vol-delete"_s, u"--pool"_s, m_pool, QFileInfo(volume).fileName()});
    QVERIFY2(output.contains(u"FERRY-BOOT-OK"_s), qPrintable(output.right(2000)));
}

QTEST_GUILESS_MAIN(TestMigrateBoot)
#include "tst_migrateboot.moc"
