#include "base/bytesize.h"
#include "plan/migrationplan.h"
#include "target/outputdirectory.h"
#include "target/targetspec.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

// The pure functions behind the CLI's and the wizard's inputs.
class TestPlanInputs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void byteSizes_data();
    void byteSizes();
    void formattedSizes_data();
    void formattedSizes();
    void targets_data();
    void targets();
    void safeFileNames_data();
    void safeFileNames();
    void outputDirectoryNeverOverwrites();
    void planValidation_data();
    void planValidation();
    void diskPoolKeys_data();
    void diskPoolKeys();
};

void TestPlanInputs::byteSizes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("bytes"); // -1: refused
    QTest::newRow("plain") << u"33554432"_s << qint64(33554432);
    QTest::newRow("M") << u"32M"_s << qint64(32) * 1024 * 1024;
    QTest::newRow("MiB") << u"32MiB"_s << qint64(32) * 1024 * 1024;
    QTest::newRow("MB-is-binary") << u"32MB"_s << qint64(32) * 1024 * 1024;
    QTest::newRow("k") << u"512k"_s << qint64(512) * 1024;
    QTest::newRow("fraction") << u"1.5G"_s << qint64(3) * 512 * 1024 * 1024;
    QTest::newRow("T") << u"2T"_s << (qint64(2) << 40);
    QTest::newRow("spaces") << u" 4 G "_s << qint64(4) * 1024 * 1024 * 1024;
    QTest::newRow("word") << u"lots"_s << qint64(-1);
    QTest::newRow("negative") << u"-1M"_s << qint64(-1);
    QTest::newRow("fractional-bytes") << u"1.5"_s << qint64(-1);
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("huge") << u"99999999999T"_s << qint64(-1);
}

void TestPlanInputs::byteSizes()
{
    QFETCH(QString, text);
    QFETCH(qint64, bytes);
    const auto parsed = parseByteSize(text);
    if (bytes < 0) {
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code(), ErrorCode::Usage);
        QVERIFY(parsed.error().message().contains(text.trimmed()));
    } else {
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error().message()));
        QCOMPARE(*parsed, bytes);
    }
}

void TestPlanInputs::formattedSizes_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("bytes") << qint64(1000) << u"1000 B"_s;
    QTest::newRow("KiB") << qint64(1536) << u"1.5 KiB"_s;
    QTest::newRow("GiB") << qint64(32) * 1024 * 1024 * 1024 << u"32.0 GiB"_s;
}

void TestPlanInputs::formattedSizes()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, text);
    QCOMPARE(formatByteSize(bytes), text);
}

void TestPlanInputs::targets_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind"); // 0 dir, 1 libvirt, -1 refused
    QTest::addColumn<QString>("value");
    QTest::newRow("dir-absolute") << u"dir:/srv/ferry"_s << 0 << u"/srv/ferry"_s;
    QTest::newRow("dir-relative") << u"dir:out/../vms"_s << 0 << QDir::current().absoluteFilePath(u"vms"_s);
    QTest::newRow("qemu-system") << u"qemu:///system"_s << 1 << u"qemu:///system"_s;
    QTest::newRow("qemu-ssh") << u"qemu+ssh://root@kvm1/system"_s << 1 << u"qemu+ssh://root@kvm1/system"_s;
    QTest::newRow("test") << u"test:///default"_s << 1 << u"test:///default"_s;
    QTest::newRow("dir-empty") << u"dir:"_s << -1 << QString();
    QTest::newRow("bare-path") << u"/srv/ferry"_s << -1 << QString();
    QTest::newRow("space") << u"qemu:///sys tem"_s << -1 << QString();
}

void TestPlanInputs::targets()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(QString, value);
    const auto spec = TargetSpec::parse(text);
    if (kind < 0) {
        QVERIFY(!spec);
        QCOMPARE(spec.error().code(), ErrorCode::Usage);
        return;
    }
    QVERIFY(spec);
    QCOMPARE(int(spec->kind), kind);
    QCOMPARE(kind == 0 ? spec->path : spec->uri, value);
}

void TestPlanInputs::safeFileNames_data()
{
    QTest::addColumn<QString>("vm");
    QTest::addColumn<QString>("file");
    QTest::newRow("plain") << u"web01"_s << u"web01"_s;
    QTest::newRow("slash") << u"../../etc/passwd"_s << u"_._.._etc_passwd"_s;
    QTest::newRow("dot") << u".hidden"_s << u"_hidden"_s;
    QTest::newRow("control") << u"a\nb"_s << u"a_b"_s;
    QTest::newRow("spaces-kept") << u"Web Server (old)"_s << u"Web Server (old)"_s;
    QTest::newRow("empty") << QString() << u"_"_s;
}

void TestPlanInputs::safeFileNames()
{
    QFETCH(QString, vm);
    QFETCH(QString, file);
    QCOMPARE(OutputDirectory::safeFileName(vm), file);
}

void TestPlanInputs::outputDirectoryNeverOverwrites()
{
    QTemporaryDir root;
    const OutputDirectory output(root.path());
    QVERIFY(output.prepareVm(u"web01"_s, false));
    QVERIFY(output.prepareVm(u"web01"_s, false)); // still empty: fine
    QFile disk(output.diskPath(u"web01"_s, 1, u"raw"_s));
    QVERIFY(disk.open(QIODevice::WriteOnly));
    disk.close();
    const auto again = output.prepareVm(u"web01"_s, false);
    QVERIFY(!again);
    QVERIFY(again.error().message().contains(u"--resume"_s));
    QVERIFY(output.prepareVm(u"web01"_s, true));
    QCOMPARE(output.diskPath(u"web01"_s, 2, u"qcow2"_s), root.path() + u"/web01/web01-disk2.qcow2"_s);
    QCOMPARE(output.domainXmlPath(u"web01"_s), root.path() + u"/web01/web01.xml"_s);
}

void TestPlanInputs::planValidation_data()
{
    QTest::addColumn<QStringList>("vms");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("connections");
    QTest::addColumn<QString>("error"); // empty: valid
    QTest::newRow("ok") << QStringList{u"a"_s} << u"raw"_s << 8 << QString();
    QTest::newRow("qcow2") << QStringList{u"a"_s, u"b"_s} << u"qcow2"_s << 8 << QString();
    QTest::newRow("no-vm") << QStringList{} << u"raw"_s << 8 << u"no VM chosen"_s;
    QTest::newRow("twice") << QStringList{u"a"_s, u"a"_s} << u"raw"_s << 8 << u"named twice"_s;
    QTest::newRow("format") << QStringList{u"a"_s} << u"vmdk"_s << 8 << u"vmdk"_s;
    QTest::newRow("connections") << QStringList{u"a"_s} << u"raw"_s << 0 << u"connections"_s;
}

void TestPlanInputs::planValidation()
{
    QFETCH(QStringList, vms);
    QFETCH(QString, format);
    QFETCH(int, connections);
    QFETCH(QString, error);
    MigrationPlan plan;
    plan.vmNames = vms;
    plan.diskFormat = format;
    plan.transfer.connections = connections;
    const auto valid = plan.validate();
    QCOMPARE(bool(valid), error.isEmpty());
    if (!valid) {
        QCOMPARE(valid.error().code(), ErrorCode::Usage);
        QVERIFY2(valid.error().message().contains(error), qPrintable(valid.error().message()));
    }
}

void TestPlanInputs::diskPoolKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("pool");
    QTest::addColumn<bool>("valid");
    QTest::newRow("first") << u"web/1"_s << u"fast"_s << true;
    QTest::newRow("slash-in-name") << u"team/web/12"_s << u"fast"_s << true;
    QTest::newRow("zero") << u"web/0"_s << u"fast"_s << false;
    QTest::newRow("negative") << u"web/-1"_s << u"fast"_s << false;
    QTest::newRow("no-number") << u"web"_s << u"fast"_s << false;
    QTest::newRow("no-vm") << u"/1"_s << u"fast"_s << false;
    QTest::newRow("text") << u"web/two"_s << u"fast"_s << false;
    QTest::newRow("no-pool") << u"web/1"_s << QString() << false;
}

void TestPlanInputs::diskPoolKeys()
{
    QFETCH(QString, key);
    QFETCH(QString, pool);
    QFETCH(bool, valid);
    MigrationPlan plan;
    plan.vmNames = {u"web"_s};
    plan.diskPools.insert(key, pool);
    const auto checked = plan.validate();
    QCOMPARE(bool(checked), valid);
    if (!checked) {
        QCOMPARE(checked.error().code(), ErrorCode::Usage);
        QVERIFY(checked.error().message().contains(u"VM/N=POOL"_s));
        QVERIFY(!checked.error().message().contains(u'\n'));
    }
}

QTEST_GUILESS_MAIN(TestPlanInputs)
#include "tst_planinputs.moc"
