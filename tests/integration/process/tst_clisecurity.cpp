#include "testsupport.h"
#include "vsphere/labsource.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>
#include <sys/wait.h>
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

bool isGone(qint64 pid)
{
    const QByteArray stat = readAll(u"/proc/%1/stat"_s.arg(pid));
    return stat.isEmpty() || stat.mid(stat.lastIndexOf(')') + 2, 1) == "Z";
}

// Descendants of pid (children, grandchildren, ...) as (pid, comm).
QList<std::pair<qint64, QString>> descendants(qint64 root)
{
    QMultiHash<qint64, qint64> children;
    QHash<qint64, QString> names;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        const QByteArray stat = readAll(u"/proc/"_s + entry + u"/stat"_s);
        if (!numeric || stat.isEmpty())
            continue;
        const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        children.insert(fields.value(1).toLongLong(), pid);
        names.insert(pid, QString::fromUtf8(stat.mid(stat.indexOf('(') + 1, stat.lastIndexOf(')') - stat.indexOf('(') - 1)));
    }
    QList<std::pair<qint64, QString>> found;
    QList<qint64> queue{root};
    while (!queue.isEmpty()) {
        for (qint64 child : children.values(queue.takeFirst())) {
            found.append({child, names.value(child)});
            queue.append(child);
        }
    }
    return found;
}

bool isMounted(const QString &path)
{
    return readAll(u"/proc/self/mountinfo"_s).contains(QByteArray(QFile::encodeName(path) + ' '));
}

} // namespace

// ferry-cli's side of issue 12: a profile cannot turn TLS verification off by itself,
// the password leaves the environment and core dumps are off while it is held, SIGINT
// stops blocking steps at once, and a killed run's leftovers are swept at the next start.
class TestCliSecurity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void profileCannotTurnVerificationOff();
    void passwordLeavesTheEnvironmentAndDumpsAreOff();
    void interruptDuringInspectionExitsPromptly();
    void killedRunLeavesNoHelpers();
    void nextStartSweepsLeftovers();

private:
    QProcessEnvironment environment() const;
    QStringList migrateArguments(const SourceEndpoint &endpoint, const QStringList &extra) const;

    std::unique_ptr<LabSource> m_lab;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCliSecurity::initTestCase()
{
    m_lab = std::make_unique<LabSource>();
    m_lab->setProgram(QStringLiteral(FERRY_LAB_PATH));
    m_lab->setDataDirectory(sharedLabDataDir());
    auto started = m_lab->startAndWait(600000);
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
}

void TestCliSecurity::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCliSecurity::cleanup()
{
    const QList<qint64> children = childPids();
    QVERIFY2(children.size() <= 1, qPrintable(u"children left: %1"_s.arg(children.size())));
}

QProcessEnvironment TestCliSecurity::environment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"FERRY_PASSWORD"_s);
    return environment;
}

QStringList TestCliSecurity::migrateArguments(const SourceEndpoint &endpoint, const QStringList &extra) const
{
    return QStringList{u"migrate"_s} + sourceArguments(endpoint, m_dir->path())
        + QStringList{u"--target"_s, u"dir:"_s + m_dir->filePath(u"out"_s), u"--vm"_s, u"tiny-linux-bios"_s} + extra;
}

void TestCliSecurity::profileCannotTurnVerificationOff()
{
    const QJsonObject profile{
        {u"format"_s, u"ferry-profile"_s},
        {u"version"_s, 1},
        {u"source"_s,
         QJsonObject{{u"kind"_s, u"host"_s}, {u"url"_s, u"https://127.0.0.1:1"_s}, {u"user"_s, u"root"_s}, {u"trust"_s, u"insecure"_s}}},
        {u"vms"_s, QJsonArray{u"tiny-linux-bios"_s}},
        {u"target"_s, QString(u"dir:"_s + m_dir->filePath(u"out"_s))},
    };
    const QString path = m_dir->filePath(u"insecure.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(profile).toJson());
    file.close();

    const QString cli = QStringLiteral(FERRY_CLI_PATH);
    const ProcessResult refused = runProcess(cli, {u"migrate"_s, u"--profile"_s, path, u"--progress"_s, u"none"_s}, environment());
    QCOMPARE(refused.exitCode, 2);
    QByteArrayList lines = refused.err.trimmed().split('\n');
    lines.removeIf([](const QByteArray &line) { return line.startsWith("ferry-cli: cleaned up") || line.contains("warning"); });
    QCOMPARE(lines.size(), 1); // what was wrong and what to do, on one line
    QVERIFY2(lines.first().contains("--insecure"), refused.err.constData());

    // Given on the command line, it is accepted: the run gets as far as the (closed) port.
    const ProcessResult accepted = runProcess(cli, {u"migrate"_s, u"--profile"_s, path, u"--insecure"_s, u"--progress"_s, u"none"_s},
                                              environment());
    QCOMPARE(accepted.exitCode, 1);
}

// A server that accepts and never answers holds ferry-cli in its first request, after
// it has taken the password.
void TestCliSecurity::passwordLeavesTheEnvironmentAndDumpsAreOff()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    const QByteArray marker = "pw-" + QByteArray::number(::getpid()) + "-d41d8";
    QProcessEnvironment env = environment();
    env.insert(u"FERRY_PASSWORD"_s, QString::fromLatin1(marker));
    // As nobody: the kernel gives a non-dumpable process's /proc files to root, a
    // dumpable one's to its own user. (setpriv execs, so the pid stays ferry-cli's.)
    QProcess cli;
    cli.setProcessEnvironment(env);
    cli.start(u"setpriv"_s,
              {u"--reuid=65534"_s, u"--regid=65534"_s, u"--clear-groups"_s, QStringLiteral(FERRY_CLI_PATH), u"inventory"_s, u"--source"_s,
               u"https://127.0.0.1:%1"_s.arg(silent.serverPort()), u"--user"_s, u"root"_s, u"--insecure"_s});
    QVERIFY(cli.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 20000);
    const QString proc = u"/proc/%1/"_s.arg(cli.processId());
    QVERIFY(readAll(proc + u"cmdline"_s).contains("ferry-cli"));
    QVERIFY(!readAll(proc + u"environ"_s).contains(marker));
    struct stat info = {};
    QCOMPARE(::stat(QFile::encodeName(proc + u"status"_s).constData(), &info), 0);
    QCOMPARE(info.st_uid, 0u); // not 65534: PR_SET_DUMPABLE is 0
    cli.kill();
    QVERIFY(cli.waitForFinished());
}

// Inspection blocks ferry-cli's main thread; a losetup that takes a minute keeps it
// there, so only a signal handler that sets the cancel flag itself can stop it early.
void TestCliSecurity::interruptDuringInspectionExitsPromptly()
{
    const QString losetup = QStandardPaths::findExecutable(u"losetup"_s, {u"/usr/sbin"_s, u"/sbin"_s, u"/usr/bin"_s, u"/bin"_s});
    QVERIFY(!losetup.isEmpty());
    const QString slowTools = m_dir->filePath(u"slow-tools"_s);
    QVERIFY(QDir().mkpath(slowTools));
    QFile wrapper(slowTools + u"/losetup"_s);
    QVERIFY(wrapper.open(QIODevice::WriteOnly));
    wrapper.write("#!/usr/bin/perl\nsleep 60; exec '" + QFile::encodeName(losetup) + "', @ARGV;\n");
    wrapper.close();
    QVERIFY(wrapper.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    QProcessEnvironment env = environment();
    env.insert(u"PATH"_s, slowTools + u':' + env.value(u"PATH"_s));
    QProcess cli;
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(FERRY_CLI_PATH), migrateArguments(m_lab->endpoint(), {u"--progress"_s, u"json"_s}));
    QVERIFY(cli.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += cli.readAllStandardOutput()).contains("inspecting the guest"), 120000);
    QElapsedTimer clock;
    clock.start();
    ::kill(pid_t(cli.processId()), SIGINT);
    const bool finished = cli.waitForFinished(10000);
    if (!finished) {
        cli.kill();
        cli.waitForFinished();
    }
    QVERIFY(finished);
    qInfo() << "exited" << clock.elapsed() << "ms after SIGINT during inspection";
    QVERIFY(clock.elapsed() < 5000);
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QCOMPARE(cli.exitCode(), 130);
}

void TestCliSecurity::killedRunLeavesNoHelpers()
{
    // A slow source and a qcow2 target: qemu-nbd serves the target while bytes trickle in.
    LabSource slow;
    slow.setProgram(QStringLiteral(FERRY_LAB_PATH));
    slow.setDataDirectory(sharedLabDataDir());
    slow.setExtraArguments({u"--rate-per-connection"_s, u"2000000"_s});
    auto endpoint = slow.startAndWait(600000);
    QVERIFY(endpoint);
    QProcess cli;
    cli.setProcessEnvironment(environment());
    cli.start(QStringLiteral(FERRY_CLI_PATH), migrateArguments(*endpoint, {u"--format"_s, u"qcow2"_s, u"--progress"_s, u"none"_s}));
    QVERIFY(cli.waitForStarted());
    const auto stopCli = qScopeGuard([&] {
        cli.kill();
        cli.waitForFinished();
    });
    QList<std::pair<qint64, QString>> helpers;
    const auto servesTheTarget = [&] {
        helpers = descendants(cli.processId());
        return std::any_of(helpers.begin(), helpers.end(), [](const auto &helper) { return helper.second == u"qemu-nbd"_s; });
    };
    QTRY_VERIFY2_WITH_TIMEOUT(servesTheTarget() || cli.state() == QProcess::NotRunning,
                              qPrintable(QString::fromLocal8Bit(cli.readAllStandardError())), 60000);
    QVERIFY2(cli.state() == QProcess::Running, qPrintable(QString::fromLocal8Bit(cli.readAllStandardError())));
    const qint64 cliPid = cli.processId();
    ::kill(pid_t(cliPid), SIGKILL);
    QVERIFY(cli.waitForFinished());
    for (const auto &[pid, name] : std::as_const(helpers))
        qInfo() << "helper" << pid << name;
    for (const auto &[pid, name] : std::as_const(helpers))
        QTRY_VERIFY2_WITH_TIMEOUT(isGone(pid), qPrintable(u"%1 %2 outlived ferry-cli"_s.arg(pid).arg(name)), 5000);
    // Its private directories stay until the next start sweeps them.
    const QString owned = u"ferry-*-%1-*"_s.arg(cliPid);
    QVERIFY(!QDir(u"/tmp"_s).entryList({owned}, QDir::Dirs).isEmpty());
    QCOMPARE(runProcess(QStringLiteral(FERRY_CLI_PATH), {u"inspect"_s, u"--help"_s}, environment()).exitCode, 0);
    QVERIFY(QDir(u"/tmp"_s).entryList({owned}, QDir::Dirs).isEmpty());
}

void TestCliSecurity::nextStartSweepsLeftovers()
{
    // A pid that is certainly not running: a child that has been reaped.
    const pid_t dead = ::fork();
    if (dead == 0)
        ::_exit(0);
    QVERIFY(dead > 0);
    QCOMPARE(::waitpid(dead, nullptr, 0), dead);
    const QString tmp = u"/tmp"_s;
    const QString inspectDir = u"%1/ferry-inspect-%2-AbC123"_s.arg(tmp).arg(dead);
    const QString fuseDir = u"%1/ferry-fuse-%2-AbC123"_s.arg(tmp).arg(dead);
    const QString liveDir = u"%1/ferry-nbd-%2-AbC123"_s.arg(tmp).arg(::getpid());
    QVERIFY(QDir().mkpath(inspectDir + u"/p1"_s));
    QVERIFY(QDir().mkpath(fuseDir));
    QVERIFY(QDir().mkpath(liveDir));
    const auto removeLiveDir = qScopeGuard([&] { QDir(liveDir).removeRecursively(); });
    QVERIFY(runProcess(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"none"_s, inspectDir + u"/p1"_s}).exitCode == 0);
    QFile disk(fuseDir + u"/disk"_s);
    QVERIFY(disk.open(QIODevice::WriteOnly));
    QVERIFY(disk.resize(4 * 1024 * 1024));
    disk.close();
    const ProcessResult loop = runProcess(u"losetup"_s, {u"--find"_s, u"--show"_s, u"--read-only"_s, disk.fileName()});
    QCOMPARE(loop.exitCode, 0);
    const QString loopDevice = QString::fromLocal8Bit(loop.out).trimmed();
    const auto detachLoop = qScopeGuard([&] { runProcess(u"losetup"_s, {u"--detach"_s, loopDevice}); });

    const ProcessResult started = runProcess(QStringLiteral(FERRY_CLI_PATH), {u"inspect"_s, u"--help"_s}, environment());
    QCOMPARE(started.exitCode, 0);
    QVERIFY2(started.err.contains("cleaned up"), started.err.constData());
    QVERIFY(!isMounted(inspectDir + u"/p1"_s));
    QVERIFY(!QFile::exists(u"/sys/block/%1/loop/backing_file"_s.arg(QFileInfo(loopDevice).fileName())));
    QVERIFY(!QFileInfo::exists(inspectDir));
    QVERIFY(!QFileInfo::exists(fuseDir));
    QVERIFY(QFileInfo::exists(liveDir)); // this test runs: its directory is not stale
}

QTEST_GUILESS_MAIN(TestCliSecurity)
#include "tst_clisecurity.moc"
