#include "convert/guestconverter.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every live process below this one. The test is a child subreaper, so whatever the tool
// leaves behind (the appliance's qemu, nbdkit) stays below it instead of going to init.
QStringList descendants()
{
    QMap<qint64, qint64> parents;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        const QByteArray stat = readAll(u"/proc/"_s + entry + u"/stat"_s);
        const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(0) != "Z")
            parents.insert(entry.toLongLong(), fields.at(1).toLongLong());
    }
    QStringList found;
    for (auto it = parents.begin(); it != parents.end(); ++it) {
        for (qint64 pid = it.value(); pid > 1; pid = parents.value(pid, 0)) {
            if (pid == ::getpid()) {
                found << QString::fromUtf8(readAll(u"/proc/%1/comm"_s.arg(it.key())).trimmed());
                break;
            }
        }
    }
    return found;
}

// Processes anywhere whose command line names pattern (nbdkit serving the disk, say).
QList<qint64> pgrep(const QString &pattern)
{
    QList<qint64> pids;
    const QList<QByteArray> lines = runProcess(u"pgrep"_s, {u"-f"_s, pattern}).out.split('\n');
    for (const QByteArray &line : lines) {
        if (!line.isEmpty())
            pids << line.toLongLong();
    }
    return pids;
}

} // namespace

class TestConversion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failureOnDiskWithoutOs();
    void cancelDuringConversion();
    void migrateRecordsTheConversionStep_data();
    void migrateRecordsTheConversionStep();
    void convertCommandKeepsTheCopyOnFailure();

private:
    ConversionInput input(const QString &name) const;
    // ferry-cli migrate of the lab's tiny-linux-bios into dir:DIR/out; its VM directory.
    QString migrateLab(const QTemporaryDir &dir, const QStringList &flags) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_image;
    QString m_imageSha;
};

void TestConversion::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("virt-v2v-in-place runs the libguestfs appliance on the test's disk: run as root");
    if (QStandardPaths::findExecutable(u"virt-v2v-in-place"_s).isEmpty())
        QSKIP("virt-v2v-in-place is not installed (apt-get install virt-v2v)");
    QVERIFY(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // A disk with a filesystem but no OS: virt-v2v's inspection finds no root.
    m_image = m_dir->filePath(u"no-os.raw"_s);
    QFile image(m_image);
    QVERIFY(image.open(QIODevice::WriteOnly) && image.resize(64 << 20));
    image.close();
    const ProcessResult mkfs = runProcess(u"mkfs.ext4"_s, {u"-q"_s, u"-F"_s, m_image});
    QVERIFY2(mkfs.exitCode == 0, mkfs.err.constData());
    m_imageSha = fileSha256(m_image);
    QVERIFY(!m_imageSha.isEmpty());
}

ConversionInput TestConversion::input(const QString &name) const
{
    ConversionInput input;
    input.name = name;
    input.disks = {{m_image, u"scsi"_s}};
    input.macs = {u"00:50:56:01:02:03"_s};
    input.logPath = m_dir->filePath(name + u".log"_s);
    return input;
}

QString TestConversion::migrateLab(const QTemporaryDir &dir, const QStringList &flags) const
{
    // "--source lab" uses $XDG_CACHE_HOME/ferry-lab: the shared lab data, built once.
    if (!QDir().mkpath(dir.filePath(u"cache"_s)) || !QDir().mkpath(sharedLabDataDir())
        || !QFile::link(sharedLabDataDir(), dir.filePath(u"cache/ferry-lab"_s)))
        return QString();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_CACHE_HOME"_s, dir.filePath(u"cache"_s));
    const ProcessResult result = runProcess(QStringLiteral(FERRY_CLI_PATH),
                                            QStringList{u"migrate"_s, u"--source"_s, u"lab"_s, u"--vm"_s, u"tiny-linux-bios"_s,
                                                        u"--target"_s, u"dir:"_s + dir.filePath(u"out"_s), u"--progress"_s, u"none"_s}
                                                + flags,
                                            environment);
    if (result.exitCode != 0) {
        qWarning("ferry-cli migrate failed: %s", result.err.constData());
        return QString();
    }
    return dir.filePath(u"out/tiny-linux-bios"_s);
}

void TestConversion::failureOnDiskWithoutOs()
{
    QStringList progress;
    const ConversionReport report = GuestConverter([&](const QString &line) { progress << line; }).convert(input(u"no-os"_s));
    QCOMPARE(report.result, u"failed"_s);
    QVERIFY2(report.reason.contains(u"inspection could not detect"_s), qPrintable(report.reason));
    QVERIFY(report.version.startsWith(u"2."_s));
    QCOMPARE(report.tool, u"virt-v2v-in-place"_s);
    QVERIFY(report.seconds > 0);
    QVERIFY2(progress.contains(u"virt-v2v: Opening the source"_s), qPrintable(progress.join(u'\n')));
    QVERIFY(readAll(report.log).contains("libguestfs: trace:"));
    QCOMPARE(QFileInfo(report.log).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
    QCOMPARE(fileSha256(m_image), m_imageSha); // the copy is never lost
    QVERIFY2(descendants().isEmpty(), qPrintable(descendants().join(u',')));
    QCOMPARE(childPids(), QList<qint64>());
    QCOMPARE(pgrep(m_image), QList<qint64>()); // no nbdkit still serving the disk
}

void TestConversion::cancelDuringConversion()
{
    std::atomic<bool> cancelled{false};
    ConversionReport report;
    std::unique_ptr<QThread> thread(QThread::create([&] { report = GuestConverter().convert(input(u"cancel"_s), &cancelled); }));
    thread->start();
    // Cancel once the appliance runs: its qemu is the grandchild that must not survive.
    QTRY_VERIFY_WITH_TIMEOUT(descendants().join(u' ').contains(u"qemu-system"_s), 120000);
    QElapsedTimer clock;
    clock.start();
    cancelled = true;
    QTRY_VERIFY_WITH_TIMEOUT(thread->isFinished(), 30000);
    qInfo("convert() returned %lld ms after the cancel", clock.elapsed());
    QVERIFY2(clock.elapsed() < 15000, qPrintable(QString::number(clock.elapsed())));
    thread->wait();
    QCOMPARE(report.result, u"cancelled"_s);
    QVERIFY(report.reason.contains(u"the copy is unchanged"_s));
    QCOMPARE(fileSha256(m_image), m_imageSha);
    QVERIFY2(descendants().isEmpty(), qPrintable(descendants().join(u',')));
    QCOMPARE(childPids(), QList<qint64>());
    QCOMPARE(pgrep(m_image), QList<qint64>());
}

void TestConversion::migrateRecordsTheConversionStep_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("reason");
    QTest::newRow("--no-convert") << QStringList{u"--no-convert"_s} << u"turned off (--no-convert)"_s;
    // The lab's tiny Linux has no kernel: inspection says so, virt-v2v is not run.
    QTest::newRow("default") << QStringList() << u"no kernel image"_s;
}

void TestConversion::migrateRecordsTheConversionStep()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString vmDir = migrateLab(dir, flags);
    QVERIFY(!vmDir.isEmpty());
    const QJsonObject report = QJsonDocument::fromJson(readAll(vmDir + u"/report.json"_s)).object();
    const QJsonObject conversion = report.value(u"conversion"_s).toObject();
    QCOMPARE(conversion.value(u"result"_s).toString(), u"skipped"_s);
    QVERIFY2(conversion.value(u"reason"_s).toString().contains(reason), qPrintable(conversion.value(u"reason"_s).toString()));
    QVERIFY(!QFileInfo::exists(vmDir + u"/conversion.log"_s)); // the tool never ran
    QCOMPARE(report.value(u"result"_s).toString(), u"ok"_s);
}

void TestConversion::convertCommandKeepsTheCopyOnFailure()
{
    // The lab's tiny Linux passes virt-v2v's inspection (os-release, fstab) and fails in
    // the conversion, after the tool had mounted the guest for writing.
    QTemporaryDir dir;
    const QString vmDir = migrateLab(dir, {u"--no-convert"_s});
    QVERIFY(!vmDir.isEmpty());
    const QString xmlPath = vmDir + u"/tiny-linux-bios.xml"_s;
    const QByteArray xml = readAll(xmlPath);
    const QJsonObject before = QJsonDocument::fromJson(readAll(vmDir + u"/report.json"_s)).object();
    const QJsonObject disk = before.value(u"disks"_s).toArray().at(0).toObject();
    const ProcessResult result = runProcess(QStringLiteral(FERRY_CLI_PATH), {u"convert"_s, vmDir, u"--json"_s});
    QCOMPARE(result.exitCode, 1);
    const QJsonObject printed = QJsonDocument::fromJson(result.out).object();
    const QJsonObject report = QJsonDocument::fromJson(readAll(vmDir + u"/report.json"_s)).object();
    const QJsonObject conversion = report.value(u"conversion"_s).toObject();
    QCOMPARE(conversion, printed);
    QCOMPARE(conversion.value(u"result"_s).toString(), u"failed"_s);
    QVERIFY2(!conversion.value(u"reason"_s).toString().isEmpty(), result.err.constData());
    QCOMPARE(conversion.value(u"log"_s).toString(), vmDir + u"/conversion.log"_s);
    QVERIFY(readAll(vmDir + u"/conversion.log"_s).contains("Inspecting the source"));
    QCOMPARE(fileSha256(disk.value(u"target"_s).toString()), disk.value(u"sha256"_s).toString());
    QCOMPARE(readAll(xmlPath), xml);
    QCOMPARE(report.value(u"disks"_s), before.value(u"disks"_s));
}

QTEST_GUILESS_MAIN(TestConversion)
#include "tst_conversion.moc"
