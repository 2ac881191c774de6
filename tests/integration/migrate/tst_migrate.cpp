#include "testsupport.h"
#include "vsphere/labsource.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

QString labFlat(const QString &vm, const QString &disk = {})
{
    return sharedLabDataDir() + u"/datastore1/"_s + vm + u'/' + (disk.isEmpty() ? vm : disk) + u"-flat.vmdk"_s;
}

// A ferry-lab for one test, with its own fault knobs.
struct Lab
{
    explicit Lab(const QStringList &extra = {})
    {
        source.setProgram(QStringLiteral(FERRY_LAB_PATH));
        source.setDataDirectory(sharedLabDataDir());
        source.setExtraArguments(extra);
        auto started = source.startAndWait(600000);
        if (started)
            endpoint = *started;
        else
            error = started.error().toString();
    }
    LabSource source;
    SourceEndpoint endpoint;
    QString error;
};

} // namespace

class TestMigrate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void rawCopyIsByteExactAndSparse();
    void qcow2CopyMatchesTheSource();
    void multiDiskVm();
    void refusals_data();
    void refusals();
    void crashConsistentCopyWhenAccepted();
    void shutdownSourceOnTheLab();
    void batchWithAFailureExitsFour();
    void existingOutputIsNeverOverwritten();
    void verifyReadsBackEveryChunk();
    void copySurvivesFaults();
    void copyOutlivesTheSession();
    void resumeAfterKillFetchesOnlyWhatIsMissing();
    void interruptKeepsWhatArrived();
    void usageErrors_data();
    void usageErrors();
    void wrongFingerprintIsRefused();
    void finishingVmDoesNotStallTheOthers();

private:
    ProcessResult migrate(const Lab &lab, const QStringList &extra, const QString &outDir = {});
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMigrate::initTestCase()
{
    m_lab = std::make_unique<Lab>();
    QVERIFY2(m_lab->error.isEmpty(), qPrintable(m_lab->error));
}

void TestMigrate::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestMigrate::cleanup()
{
    // Only the shared lab may remain: no qemu-nbd or other child left behind.
    const QList<qint64> children = childPids();
    QVERIFY2(children.size() <= 1, qPrintable(u"children left: %1"_s.arg(children.size())));
    if (children.size() == 1)
        QCOMPARE(children.first(), m_lab->source.processId());
}

ProcessResult TestMigrate::migrate(const Lab &lab, const QStringList &extra, const QString &outDir)
{
    const QString out = outDir.isEmpty() ? m_dir->path() + u"/out"_s : outDir;
    QStringList arguments{u"migrate"_s};
    arguments << sourceArguments(lab.endpoint, m_dir->path()) << u"--target"_s << u"dir:"_s + out << u"--progress"_s << u"none"_s << extra;
    return runProcess(QStringLiteral(FERRY_CLI_PATH), arguments);
}

void TestMigrate::rawCopyIsByteExactAndSparse()
{
    const ProcessResult result = migrate(*m_lab, {u"--vm"_s, u"tiny-linux-bios"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QString vmDir = m_dir->path() + u"/out/tiny-linux-bios"_s;
    const QString disk = vmDir + u"/tiny-linux-bios-disk1.raw"_s;
    const QString expected = fileSha256(labFlat(u"tiny-linux-bios"_s));
    QVERIFY(!expected.isEmpty());
    QCOMPARE(fileSha256(disk), expected);
    QCOMPARE(QFileInfo(disk).size(), QFileInfo(labFlat(u"tiny-linux-bios"_s)).size());
    // The lab disk is mostly zeros: the copy must keep them as holes.
    QVERIFY2(allocatedBytes(disk) < QFileInfo(disk).size() / 4, qPrintable(QString::number(allocatedBytes(disk))));

    const QJsonObject report = readJson(vmDir + u"/report.json"_s);
    QCOMPARE(report.value(u"result"_s).toString(), u"ok"_s);
    QCOMPARE(report.value(u"vm"_s).toString(), u"tiny-linux-bios"_s);
    const QJsonObject d = report.value(u"disks"_s).toArray().first().toObject();
    QCOMPARE(d.value(u"sha256"_s).toString(), expected);
    QCOMPARE(d.value(u"target"_s).toString(), disk);
    QCOMPARE(d.value(u"format"_s).toString(), u"raw"_s);
    QCOMPARE(d.value(u"source"_s).toString(), u"[datastore1] tiny-linux-bios/tiny-linux-bios.vmdk"_s);
    QCOMPARE(d.value(u"bytes_fetched"_s).toInteger(), QFileInfo(disk).size());
    QVERIFY(d.value(u"bytes_zero"_s).toInteger() > QFileInfo(disk).size() / 2);
    QVERIFY(d.value(u"bytes_zero"_s).toInteger() < QFileInfo(disk).size());
    QCOMPARE(d.value(u"verified"_s).toBool(), false);
    // A domain definition that libvirt's schema accepts, pointing at the disk.
    const QString xml = vmDir + u"/tiny-linux-bios.xml"_s;
    QCOMPARE(report.value(u"domain_xml"_s).toString(), xml);
    const ProcessResult valid = runProcess(u"virt-xml-validate"_s, {xml, u"domain"_s});
    QVERIFY2(valid.exitCode == 0, valid.err.constData());
    QFile xmlFile(xml);
    QVERIFY(xmlFile.open(QIODevice::ReadOnly));
    QVERIFY(xmlFile.readAll().contains(disk.toUtf8()));
    QVERIFY(!report.value(u"decisions"_s).toArray().isEmpty());
    // Guest inspection ran on the copy and found the lab's Debian tree.
    const QJsonObject inspection = report.value(u"inspection"_s).toObject();
    QCOMPARE(inspection.value(u"performed"_s).toBool(), true);
    QCOMPARE(inspection.value(u"os"_s).toObject().value(u"distribution"_s).toString(), u"debian"_s);
    // The journal has done its job once the disk is committed.
    QVERIFY(!QFile::exists(disk + u".ferry-journal"_s));
    QVERIFY(result.out.contains("tiny-linux-bios: ok"));
}

void TestMigrate::qcow2CopyMatchesTheSource()
{
    const ProcessResult result = migrate(*m_lab, {u"--vm"_s, u"tiny-linux-efi"_s, u"--format"_s, u"qcow2"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QString disk = m_dir->path() + u"/out/tiny-linux-efi/tiny-linux-efi-disk1.qcow2"_s;
    const ProcessResult info = runProcess(u"qemu-img"_s, {u"info"_s, u"--output=json"_s, disk});
    QCOMPARE(QJsonDocument::fromJson(info.out).object().value(u"format"_s).toString(), u"qcow2"_s);
    const ProcessResult compare = runProcess(u"qemu-img"_s,
                                             {u"compare"_s, u"-f"_s, u"raw"_s, u"-F"_s, u"qcow2"_s, labFlat(u"tiny-linux-efi"_s), disk});
    QVERIFY2(compare.exitCode == 0, compare.out.constData());
    const QJsonObject report = readJson(m_dir->path() + u"/out/tiny-linux-efi/report.json"_s);
    const QJsonObject d = report.value(u"disks"_s).toArray().first().toObject();
    // The digest is of the virtual disk, so it equals the raw source's.
    QCOMPARE(d.value(u"sha256"_s).toString(), fileSha256(labFlat(u"tiny-linux-efi"_s)));
    QCOMPARE(d.value(u"format"_s).toString(), u"qcow2"_s);
    // Zero blocks were not written as data: the qcow2 file stays far below capacity.
    QVERIFY(QFileInfo(disk).size() < d.value(u"capacity"_s).toInteger() / 4);
}

void TestMigrate::multiDiskVm()
{
    const ProcessResult result = migrate(*m_lab, {u"--vm"_s, u"multi-disk"_s, u"--connections"_s, u"4"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject report = readJson(m_dir->path() + u"/out/multi-disk/report.json"_s);
    const QJsonArray disks = report.value(u"disks"_s).toArray();
    QCOMPARE(disks.size(), 2);
    for (const QJsonValue &value : disks) {
        const QJsonObject d = value.toObject();
        QCOMPARE(fileSha256(d.value(u"target"_s).toString()), d.value(u"sha256"_s).toString());
    }
    QCOMPARE(disks.at(0).toObject().value(u"sha256"_s).toString(), fileSha256(labFlat(u"multi-disk"_s)));
}

void TestMigrate::refusals_data()
{
    QTest::addColumn<QString>("vm");
    QTest::addColumn<QString>("reason");
    QTest::newRow("snapshot") << u"snapshotted"_s << u"snapshot"_s;
    QTest::newRow("rdm") << u"rdm-vm"_s << u"raw device mapping"_s;
    QTest::newRow("powered-on") << u"running"_s << u"--allow-powered-on"_s;
    QTest::newRow("unknown") << u"no-such-vm"_s << u"no VM named 'no-such-vm'"_s;
}

void TestMigrate::refusals()
{
    QFETCH(QString, vm);
    QFETCH(QString, reason);
    const ProcessResult result = migrate(*m_lab, {u"--vm"_s, vm});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(QString::fromUtf8(result.err).contains(reason), result.err.constData());
    // Nothing was written for a refused VM.
    QVERIFY(!QFileInfo::exists(m_dir->path() + u"/out/"_s + vm));
}

void TestMigrate::crashConsistentCopyWhenAccepted()
{
    const ProcessResult result = migrate(*m_lab, {u"--vm"_s, u"running"_s, u"--allow-powered-on"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject report = readJson(m_dir->path() + u"/out/running/report.json"_s);
    QVERIFY(report.value(u"warnings"_s).toArray().first().toString().contains(u"crash-consistent"_s));
}

// ferry-lab's guests take 2 s to shut down after ShutdownGuest. A lab of its own: the
// shared one keeps its powered-on VM for the other tests.
void TestMigrate::shutdownSourceOnTheLab()
{
    const Lab lab;
    QVERIFY2(lab.error.isEmpty(), qPrintable(lab.error));
    const ProcessResult result = migrate(lab, {u"--vm"_s, u"running"_s, u"--shutdown-source"_s, u"--no-inspect"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject source = readJson(m_dir->path() + u"/out/running/report.json"_s).value(u"source"_s).toObject();
    QCOMPARE(source.value(u"power_state_before"_s).toString(), u"poweredOn"_s);
    QCOMPARE(source.value(u"power_state_after"_s).toString(), u"poweredOff"_s);
    QCOMPARE(source.value(u"shutdown"_s).toString(), u"graceful"_s);
    QVERIFY(source.value(u"shutdown_seconds"_s).toDouble() >= 1.5);
    // Migrating it again finds it off and leaves it alone.
    const ProcessResult again = migrate(lab, {u"--vm"_s, u"running"_s, u"--shutdown-source"_s, u"--no-inspect"_s},
                                        m_dir->path() + u"/again"_s);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    const QJsonObject second = readJson(m_dir->path() + u"/again/running/report.json"_s).value(u"source"_s).toObject();
    QCOMPARE(second.value(u"power_state_before"_s).toString(), u"poweredOff"_s);
    QCOMPARE(second.value(u"shutdown"_s).toString(), u"none"_s);
}

void TestMigrate::batchWithAFailureExitsFour()
{
    const ProcessResult result = migrate(*m_lab, {u"--vm"_s, u"tiny-linux-bios"_s, u"--vm"_s, u"rdm-vm"_s});
    QCOMPARE(result.exitCode, 4);
    QCOMPARE(readJson(m_dir->path() + u"/out/tiny-linux-bios/report.json"_s).value(u"result"_s).toString(), u"ok"_s);
}

void TestMigrate::existingOutputIsNeverOverwritten()
{
    QVERIFY(migrate(*m_lab, {u"--vm"_s, u"tiny-linux-bios"_s}).exitCode == 0);
    const QString disk = m_dir->path() + u"/out/tiny-linux-bios/tiny-linux-bios-disk1.raw"_s;
    const QDateTime before = QFileInfo(disk).lastModified();
    const ProcessResult again = migrate(*m_lab, {u"--vm"_s, u"tiny-linux-bios"_s});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains("already holds files"), again.err.constData());
    QCOMPARE(QFileInfo(disk).lastModified(), before);
    QCOMPARE(fileSha256(disk), fileSha256(labFlat(u"tiny-linux-bios"_s)));
}

void TestMigrate::verifyReadsBackEveryChunk()
{
    const ProcessResult result = migrate(*m_lab, {u"--vm"_s, u"tiny-linux-bios"_s, u"--verify"_s, u"--format"_s, u"qcow2"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject report = readJson(m_dir->path() + u"/out/tiny-linux-bios/report.json"_s);
    QCOMPARE(report.value(u"disks"_s).toArray().first().toObject().value(u"verified"_s).toBool(), true);
}

void TestMigrate::copySurvivesFaults()
{
    Lab lab({u"--error-503-every"_s, u"5"_s, u"--drop-after"_s, u"6000000"_s});
    QVERIFY2(lab.error.isEmpty(), qPrintable(lab.error));
    const ProcessResult result = migrate(lab, {u"--vm"_s, u"tiny-linux-bios"_s, u"--chunk-size"_s, u"8M"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(fileSha256(m_dir->path() + u"/out/tiny-linux-bios/tiny-linux-bios-disk1.raw"_s), fileSha256(labFlat(u"tiny-linux-bios"_s)));
    const QJsonObject stats = labStats(lab.endpoint);
    QVERIFY2(stats.value(u"responses_503"_s).toInteger() > 0, QJsonDocument(stats).toJson().constData());
    const QJsonObject d = readJson(m_dir->path() + u"/out/tiny-linux-bios/report.json"_s).value(u"disks"_s).toArray().first().toObject();
    QVERIFY(d.value(u"retries"_s).toInt() > 0);
}

void TestMigrate::copyOutlivesTheSession()
{
    // Sessions expire after 1 s idle; at 8 x 2 MB/s the copy of 1 GiB (mostly zeros, but
    // every byte crosses the wire) takes far longer, so its cookie dies mid-copy. Basic
    // authentication on every range keeps the copy going.
    Lab lab({u"--session-idle-timeout"_s, u"1"_s, u"--rate-per-connection"_s, u"20000000"_s});
    QVERIFY2(lab.error.isEmpty(), qPrintable(lab.error));
    const ProcessResult result = migrate(lab, {u"--vm"_s, u"tiny-linux-bios"_s, u"--no-inspect"_s});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(fileSha256(m_dir->path() + u"/out/tiny-linux-bios/tiny-linux-bios-disk1.raw"_s), fileSha256(labFlat(u"tiny-linux-bios"_s)));
    const QJsonObject stats = labStats(lab.endpoint);
    QVERIFY2(stats.value(u"session_expiries"_s).toInteger() > 0, QJsonDocument(stats).toJson().constData());
}

void TestMigrate::resumeAfterKillFetchesOnlyWhatIsMissing()
{
    // 8 connections at 4 MB/s each: about 30 s for 1 GiB, time enough to kill mid-way.
    Lab lab({u"--rate-per-connection"_s, u"4000000"_s});
    QVERIFY2(lab.error.isEmpty(), qPrintable(lab.error));
    const QString out = m_dir->path() + u"/out"_s;
    const QString disk = out + u"/tiny-linux-bios/tiny-linux-bios-disk1.raw"_s;
    const QString journal = disk + u".ferry-journal"_s;
    QStringList arguments{u"migrate"_s};
    arguments << sourceArguments(lab.endpoint, m_dir->path()) << u"--target"_s << u"dir:"_s + out << u"--vm"_s << u"tiny-linux-bios"_s
              << u"--chunk-size"_s << u"8M"_s << u"--progress"_s << u"none"_s;
    QProcess first;
    first.start(QStringLiteral(FERRY_CLI_PATH), arguments);
    QVERIFY(first.waitForStarted());
    const auto chunkLines = [&] {
        QFile file(journal);
        return file.open(QIODevice::ReadOnly) ? int(file.readAll().count("\nchunk ")) : 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(chunkLines() >= 20, 120000);
    ::kill(pid_t(first.processId()), SIGKILL);
    QVERIFY(first.waitForFinished());
    QVERIFY(chunkLines() < 128); // 1 GiB / 8 MiB: the copy was really interrupted

    const ProcessResult second = runProcess(QStringLiteral(FERRY_CLI_PATH), arguments << u"--resume"_s);
    QVERIFY2(second.exitCode == 0, second.err.constData());
    QCOMPARE(fileSha256(disk), fileSha256(labFlat(u"tiny-linux-bios"_s)));
    const QJsonObject d = readJson(out + u"/tiny-linux-bios/report.json"_s).value(u"disks"_s).toArray().first().toObject();
    QVERIFY(d.value(u"bytes_resumed"_s).toInteger() >= 20 * 8 * 1024 * 1024);
    QCOMPARE(d.value(u"bytes_fetched"_s).toInteger() + d.value(u"bytes_resumed"_s).toInteger(), QFileInfo(disk).size());
    QCOMPARE(d.value(u"sha256"_s).toString(), fileSha256(disk));
    QVERIFY(!QFile::exists(journal));
}

// Issue 17: an interrupt keeps what arrived, not only whole chunks. 4 connections at 8 MB/s
// each with 32 MiB requests: after ~80 MiB no request is complete, so a journal of whole
// chunks only would keep nothing and the resume would fetch the whole disk again.
void TestMigrate::interruptKeepsWhatArrived()
{
    constexpr qint64 kRequest = 32ll << 20;
    Lab lab({u"--rate-per-connection"_s, u"8000000"_s});
    QVERIFY2(lab.error.isEmpty(), qPrintable(lab.error));
    const QString out = m_dir->path() + u"/out"_s;
    const QString disk = out + u"/tiny-linux-bios/tiny-linux-bios-disk1.raw"_s;
    const qint64 capacity = QFileInfo(labFlat(u"tiny-linux-bios"_s)).size();
    QStringList arguments{u"migrate"_s};
    arguments << sourceArguments(lab.endpoint, m_dir->path()) << u"--target"_s << u"dir:"_s + out << u"--vm"_s << u"tiny-linux-bios"_s
              << u"--chunk-size"_s << u"32M"_s << u"--connections"_s << u"4"_s << u"--progress"_s << u"none"_s << u"--no-inspect"_s
              << u"--no-convert"_s;
    const auto bodyBytes = [&] { return labStats(lab.endpoint).value(u"folder_body_bytes"_s).toInteger(); };
    QProcess first;
    first.start(QStringLiteral(FERRY_CLI_PATH), QStringList(arguments) << u"--keep-partial"_s);
    QVERIFY(first.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(bodyBytes() >= 80ll << 20, 60000);
    const qint64 arrived = bodyBytes(); // N: sent by the lab before the interrupt
    ::kill(pid_t(first.processId()), SIGINT);
    QVERIFY(first.waitForFinished(60000));
    QCOMPARE(first.exitStatus(), QProcess::NormalExit);
    QCOMPARE(first.exitCode(), 130);
    QVERIFY2(arrived < capacity / 2, "the copy was too far along to tell");

    // The interrupted run says what it kept, and its journal holds it.
    const QByteArray log = first.readAllStandardError() + first.readAllStandardOutput();
    const QJsonObject interrupted = readJson(out + u"/tiny-linux-bios/report.json"_s).value(u"disks"_s).toArray().first().toObject();
    const qint64 kept = interrupted.value(u"bytes_kept"_s).toInteger();
    QVERIFY2(kept >= arrived - kRequest && kept <= capacity,
             qPrintable(u"kept %1 of %2 bytes that arrived; %3"_s.arg(kept).arg(arrived).arg(QString::fromUtf8(log))));
    QFile journal(disk + u".ferry-journal"_s);
    QVERIFY(journal.open(QIODevice::ReadOnly));
    QMap<qint64, qint64> journaled; // offset -> bytes, as ResumeJournal reads it
    for (const QByteArray &line : journal.readAll().split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        // "chunk <index> <offset> <length> ..." and "part <index> <offset> <written>"
        if (fields.first() == "chunk" || fields.first() == "part")
            journaled[fields.at(2).toLongLong()] = std::max(journaled.value(fields.at(2).toLongLong()), fields.at(3).toLongLong());
    }
    journal.close();
    qint64 journaledBytes = 0;
    for (const qint64 bytes : std::as_const(journaled))
        journaledBytes += bytes;
    QCOMPARE(journaledBytes, kept);

    // The resume fetches only the rest (more connections: the lab caps each one).
    const qint64 before = bodyBytes();
    const ProcessResult second = runProcess(QStringLiteral(FERRY_CLI_PATH),
                                            arguments << u"--resume"_s << u"--verify"_s << u"--connections"_s << u"16"_s);
    QVERIFY2(second.exitCode == 0, second.err.constData());
    const qint64 fetched = bodyBytes() - before;
    qInfo("%lld bytes arrived before SIGINT, %lld kept, the resume fetched %lld of %lld", arrived, kept, fetched, capacity);
    QVERIFY2(fetched <= capacity - arrived + kRequest, qPrintable(u"the resume fetched %1 of %2 bytes"_s.arg(fetched).arg(capacity)));
    const QString expected = fileSha256(labFlat(u"tiny-linux-bios"_s));
    QCOMPARE(fileSha256(disk), expected);
    const QJsonObject d = readJson(out + u"/tiny-linux-bios/report.json"_s).value(u"disks"_s).toArray().first().toObject();
    QCOMPARE(d.value(u"bytes_resumed"_s).toInteger(), kept);
    QCOMPARE(d.value(u"bytes_fetched"_s).toInteger(), capacity - kept);
    QCOMPARE(d.value(u"sha256"_s).toString(), expected);
    QCOMPARE(d.value(u"verified"_s).toBool(), true); // --verify read back what was kept, too
    QVERIFY(!d.contains(u"bytes_kept"_s));
    QVERIFY(!QFile::exists(disk + u".ferry-journal"_s));
}

void TestMigrate::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("password-argument") << QStringList{u"--password"_s, u"secret"_s} << u"--password is not accepted"_s;
    QTest::newRow("chunk-size") << QStringList{u"--chunk-size"_s, u"lots"_s} << u"--chunk-size"_s;
    QTest::newRow("connections") << QStringList{u"--connections"_s, u"0"_s} << u"connections"_s;
    QTest::newRow("format") << QStringList{u"--format"_s, u"vmdk"_s} << u"vmdk"_s;
    QTest::newRow("network") << QStringList{u"--network"_s, u"nonsense"_s} << u"--network"_s;
}

void TestMigrate::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const ProcessResult result = migrate(*m_lab, QStringList{u"--vm"_s, u"tiny-linux-bios"_s} + arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
    QCOMPARE(result.err.count('\n'), 1); // one line a problem
    QVERIFY(!result.err.contains("secret"));
}

void TestMigrate::wrongFingerprintIsRefused()
{
    QStringList arguments{u"migrate"_s, u"--vm"_s, u"tiny-linux-bios"_s, u"--target"_s, u"dir:"_s + m_dir->path()};
    QStringList source = sourceArguments(m_lab->endpoint, m_dir->path());
    source.last() = QString(64, u'a');
    const ProcessResult result = runProcess(QStringLiteral(FERRY_CLI_PATH), arguments + source);
    QCOMPARE(result.exitCode, 3);
    QVERIFY(result.err.contains(m_lab->endpoint.trust.pinnedFingerprint().toLatin1()));
}

namespace {

// The longest pause between two consecutive times in ms, counting only pauses that end
// at or before until (ms).
qint64 longestGap(const QList<qint64> &times, qint64 until)
{
    qint64 gap = 0;
    for (qsizetype i = 1; i < times.size() && times.at(i) <= until; ++i)
        gap = std::max(gap, times.at(i) - times.at(i - 1));
    return gap;
}

} // namespace

void TestMigrate::finishingVmDoesNotStallTheOthers()
{
    // A batch whose first VM finishes (final digest, --verify read-back, inspection)
    // while the second still fetches: chunks go disk by disk, so tiny-linux-bios
    // (1 GiB) is copied first and finishes while bench (1 GiB) has about 13 s to go
    // at 4 x 20 MB/s. The copy's progress and the second disk's journal must keep
    // moving all the while: no finishing step runs where the engine's progress is
    // relayed or where chunk records pass.
    Lab lab({u"--rate-per-connection"_s, u"20000000"_s, u"--bench-disk-size"_s, u"1G"_s});
    QVERIFY2(lab.error.isEmpty(), qPrintable(lab.error));
    const QString out = m_dir->path() + u"/out"_s;
    const QString benchJournal = out + u"/bench/bench-disk1.raw.ferry-journal"_s;
    QStringList arguments{u"migrate"_s};
    arguments << sourceArguments(lab.endpoint, m_dir->path()) << u"--target"_s << u"dir:"_s + out << u"--vm"_s << u"tiny-linux-bios"_s
              << u"--vm"_s << u"bench"_s << u"--verify"_s << u"--connections"_s << u"4"_s << u"--chunk-size"_s << u"8M"_s << u"--progress"_s
              << u"json"_s;
    QProcess cli;
    QElapsedTimer clock;
    QList<qint64> progressAt;    // arrival of every progress event while bytes remained
    QList<qint64> journalGrewAt; // when bench's journal was seen growing
    qint64 tinyFinishingAt = -1;
    qint64 tinyFinishedAt = -1;
    qint64 benchFinishedAt = -1;
    qint64 copyDoneAt = -1;
    QByteArray pending;
    connect(&cli, &QProcess::readyReadStandardOutput, this, [&] {
        pending += cli.readAllStandardOutput();
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QJsonObject event = QJsonDocument::fromJson(pending.left(newline)).object();
            pending.remove(0, newline + 1);
            const QString kind = event.value(u"event"_s).toString();
            const qint64 now = clock.elapsed();
            if (kind == u"progress"_s) {
                if (event.value(u"bytes_done"_s).toInteger() < event.value(u"bytes_total"_s).toInteger())
                    progressAt << now;
                else if (copyDoneAt < 0)
                    copyDoneAt = now;
            } else if (kind == u"log"_s && tinyFinishingAt < 0
                       && event.value(u"message"_s).toString().startsWith(u"tiny-linux-bios: Hard disk 1 copied"_s)) {
                tinyFinishingAt = now;
            } else if (kind == u"vm-finished"_s) {
                (event.value(u"vm"_s).toString() == u"bench"_s ? benchFinishedAt : tinyFinishedAt) = now;
            }
        }
    });
    QTimer journalPoll;
    qint64 journalSize = 0;
    connect(&journalPoll, &QTimer::timeout, this, [&] {
        const qint64 size = QFileInfo(benchJournal).size();
        if (size > journalSize)
            journalGrewAt << clock.elapsed();
        journalSize = size;
    });
    clock.start();
    journalPoll.start(50);
    cli.start(QStringLiteral(FERRY_CLI_PATH), arguments);
    QVERIFY(cli.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(cli.state() == QProcess::NotRunning, 240000);
    journalPoll.stop();
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());

    QVERIFY(!progressAt.isEmpty());
    const qint64 copyEnd = progressAt.last();
    const qint64 progressGap = longestGap(progressAt, copyEnd);
    qInfo("longest pause between progress events during the copy: %lld ms", progressGap);
    QVERIFY2(progressGap <= 1000, qPrintable(u"progress paused for %1 ms"_s.arg(progressGap)));
    // Bench's journal is committed about once a second (JournalCommitter) once its chunks
    // are fetched; count from its first commit (the first growth is its header, written
    // at prepare) to the end of the copy. A commit is due every second and itself waits
    // for an fdatasync of the disk, so the bound is 2 s; relayed through a busy thread
    // the journal stood still for as long as the other VM's finishing took (7.5 s here).
    QVERIFY(journalGrewAt.size() >= 6);
    journalGrewAt.removeFirst();
    const qint64 journalGap = longestGap(journalGrewAt, copyEnd);
    qInfo("longest pause between journal commits of bench: %lld ms", journalGap);
    QVERIFY2(journalGap <= 2000, qPrintable(u"bench's journal paused for %1 ms"_s.arg(journalGap)));

    // The situation the test is about really happened: tiny-linux-bios finished
    // (its steps took measurable time) while bench was still being copied.
    QVERIFY(tinyFinishingAt > 0);
    QVERIFY(tinyFinishedAt > tinyFinishingAt);
    QVERIFY(copyDoneAt > tinyFinishedAt);
    QVERIFY(benchFinishedAt > copyDoneAt);
    qInfo("tiny-linux-bios finished in %lld ms while bench was copied", tinyFinishedAt - tinyFinishingAt);
}

QTEST_GUILESS_MAIN(TestMigrate)
#include "tst_migrate.moc"
