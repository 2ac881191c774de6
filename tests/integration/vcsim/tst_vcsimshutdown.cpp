// ferry-cli migrate --shutdown-source against ferry-vcsim (govmomi's simulator): a
// powered-on VM whose guest shuts down through VMware Tools (graceful), one whose guest
// ignores ShutdownGuest (-stubborn-guest: forced after --shutdown-timeout), and what is
// never touched: a powered-on VM without the option, a suspended VM. The power states
// are read back from the simulator with ferry-cli inventory, not from Ferry's report.

#include "fixtures/vcsim/vcsimprocess.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

QList<QJsonObject> jsonLines(const QByteArray &out)
{
    QList<QJsonObject> lines;
    for (const QByteArray &line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            lines << QJsonDocument::fromJson(line).object();
    }
    return lines;
}

} // namespace

class TestVcsimShutdown : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<VcsimProcess> m_vc;
    QTemporaryDir m_dir;

    // The VM of a datacenter path in a power state, without snapshots (those are refused).
    QJsonObject vm(const QString &dcPath, const QString &powerState) const
    {
        for (const QJsonValue &value : m_vc->expected().value(u"vms"_s).toArray()) {
            const QJsonObject object = value.toObject();
            if (object.value(u"datacenterPath"_s).toString() == dcPath && object.value(u"powerState"_s).toString() == powerState
                && object.value(u"snapshotCount"_s).toInt() == 0)
                return object;
        }
        return {};
    }

    QStringList source() const { return sourceArguments(m_vc->endpoint(), m_dir.path()); }

    ProcessResult migrate(const QString &name, const QStringList &extra)
    {
        return runProcess(QStringLiteral(FERRY_CLI_PATH),
                          QStringList{u"migrate"_s} + source()
                              + QStringList{u"--vm"_s, name, u"--target"_s, u"dir:"_s + m_dir.filePath(u"out"_s), u"--no-inspect"_s,
                                            u"--progress"_s, u"json"_s}
                              + extra,
                          QProcessEnvironment::systemEnvironment(), 120000);
    }

    // The simulator's power state of a VM now, through ferry-cli inventory.
    QString powerStateNow(const QString &name) const
    {
        const ProcessResult result = runProcess(QStringLiteral(FERRY_CLI_PATH),
                                                QStringList{u"inventory"_s} + source() + QStringList{u"--json"_s});
        const QJsonArray vms = QJsonDocument::fromJson(result.out).object().value(u"vms"_s).toArray();
        for (const QJsonValue &value : vms) {
            if (value.toObject().value(u"name"_s).toString() == name)
                return value.toObject().value(u"powerState"_s).toString();
        }
        return u"(not listed: %1)"_s.arg(QString::fromUtf8(result.err));
    }

    void checkCopied(const QJsonObject &expectedVm, const QJsonObject &report)
    {
        const QJsonArray disks = report.value(u"disks"_s).toArray();
        const QJsonArray expectedDisks = expectedVm.value(u"disks"_s).toArray();
        QCOMPARE(disks.size(), expectedDisks.size());
        for (qsizetype i = 0; i < disks.size(); ++i)
            QCOMPARE(disks.at(i).toObject().value(u"sha256"_s).toString(), expectedDisks.at(i).toObject().value(u"sha256"_s).toString());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_vc = std::make_unique<VcsimProcess>(VcsimProcess::Model::Vc, QStringList{u"-stubborn-guest"_s});
        const auto started = m_vc->start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
    }

    void poweredOnVmIsRefusedAndLeftRunning()
    {
        const QString name = vm(u"DC0"_s, u"poweredOn"_s).value(u"name"_s).toString();
        QVERIFY(!name.isEmpty());
        const ProcessResult result = migrate(name, {});
        QCOMPARE(result.exitCode, 1);
        // --progress json: the refusal is in the vm-finished event's report.
        const QString err = QString::fromUtf8(result.out + result.err);
        QVERIFY2(err.contains(u"is powered on"_s) && err.contains(u"--shutdown-source"_s) && err.contains(u"--allow-powered-on"_s),
                 qPrintable(err));
        QCOMPARE(powerStateNow(name), u"poweredOn"_s);
    }

    void suspendedVmIsNotShutDown()
    {
        const QString name = vm(u"DC0"_s, u"suspended"_s).value(u"name"_s).toString();
        QVERIFY(!name.isEmpty());
        const ProcessResult result = migrate(name, {u"--shutdown-source"_s});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(QString::fromUtf8(result.out + result.err).contains(u"is suspended"_s), result.out.constData());
        QCOMPARE(powerStateNow(name), u"suspended"_s);
    }

    void gracefulShutdownThenCopy()
    {
        const QJsonObject expected = vm(u"DC0"_s, u"poweredOn"_s);
        const QString name = expected.value(u"name"_s).toString();
        const ProcessResult result = migrate(name, {u"--shutdown-source"_s, u"--shutdown-timeout"_s, u"60"_s});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject report = readJson(m_dir.filePath(u"out/"_s + name + u"/report.json"_s));
        const QJsonObject source = report.value(u"source"_s).toObject();
        QCOMPARE(source.value(u"power_state_before"_s).toString(), u"poweredOn"_s);
        QCOMPARE(source.value(u"power_state_after"_s).toString(), u"poweredOff"_s);
        QCOMPARE(source.value(u"shutdown"_s).toString(), u"graceful"_s);
        checkCopied(expected, report);
        QCOMPARE(powerStateNow(name), u"poweredOff"_s);
        // The step comes before any byte is copied.
        const QList<QJsonObject> events = jsonLines(result.out);
        qsizetype step = -1;
        qsizetype firstProgress = -1;
        for (qsizetype i = 0; i < events.size(); ++i) {
            if (step < 0 && events[i].value(u"event"_s) == u"step"_s && events[i].value(u"step"_s) == u"shutdown-source"_s)
                step = i;
            if (firstProgress < 0 && events[i].value(u"event"_s) == u"progress"_s)
                firstProgress = i;
        }
        QVERIFY2(step >= 0, result.out.constData());
        QVERIFY(events[step].contains(u"elapsed_ms"_s));
        QVERIFY(firstProgress < 0 || step < firstProgress);
    }

    // Ctrl-C while waiting for a guest that does not shut down: the wait ends at once, the
    // VM is neither powered off nor on, nothing is left in the target.
    void interruptWhileWaitingForTheGuest()
    {
        const QString name = vm(u"F0/DC1"_s, u"poweredOn"_s).value(u"name"_s).toString();
        QVERIFY(!name.isEmpty());
        QProcess cli;
        cli.setProgram(QStringLiteral(FERRY_CLI_PATH));
        cli.setArguments(QStringList{u"migrate"_s} + source()
                         + QStringList{u"--vm"_s, name, u"--target"_s, u"dir:"_s + m_dir.filePath(u"interrupted"_s), u"--no-inspect"_s,
                                       u"--progress"_s, u"json"_s, u"--shutdown-source"_s, u"--shutdown-timeout"_s, u"120"_s});
        cli.start();
        QVERIFY(cli.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += cli.readAllStandardOutput()).contains("asked the guest to shut down"), 30000);
        QElapsedTimer clock;
        clock.start();
        ::kill(pid_t(cli.processId()), SIGINT);
        QVERIFY(cli.waitForFinished(30000));
        QVERIFY2(clock.elapsed() < 10000, "the wait for the guest did not stop at the interrupt");
        QCOMPARE(cli.exitCode(), 130);
        QCOMPARE(powerStateNow(name), u"poweredOn"_s);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"interrupted/"_s + name)));
    }

    void stubbornGuestIsPoweredOffAfterTheTimeout()
    {
        const QJsonObject expected = vm(u"F0/DC1"_s, u"poweredOn"_s);
        const QString name = expected.value(u"name"_s).toString();
        QVERIFY(!name.isEmpty());
        const ProcessResult result = migrate(name, {u"--shutdown-source"_s, u"--shutdown-timeout"_s, u"3"_s});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject report = readJson(m_dir.filePath(u"out/"_s + name + u"/report.json"_s));
        const QJsonObject source = report.value(u"source"_s).toObject();
        QCOMPARE(source.value(u"power_state_before"_s).toString(), u"poweredOn"_s);
        QCOMPARE(source.value(u"power_state_after"_s).toString(), u"poweredOff"_s);
        QCOMPARE(source.value(u"shutdown"_s).toString(), u"forced"_s);
        QVERIFY2(source.value(u"shutdown_reason"_s).toString().contains(u"still running 3 s"_s),
                 qPrintable(source.value(u"shutdown_reason"_s).toString()));
        QVERIFY(source.value(u"shutdown_seconds"_s).toDouble() >= 3.0);
        checkCopied(expected, report);
        QCOMPARE(powerStateNow(name), u"poweredOff"_s);
    }

    void cleanupTestCase() { m_vc.reset(); }
};

QTEST_GUILESS_MAIN(TestVcsimShutdown)
#include "tst_vcsimshutdown.moc"
