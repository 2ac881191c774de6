#include "nbd/nbdkitcurlexport.h"
#include "process/spawnedprocess.h"
#include "process/toolrunner.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

const QByteArray secret = "s3cret-marker-7f3a";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Field 5 of /proc/<pid>/stat: the process group. (comm may hold spaces; skip past ')'.)
qint64 processGroupOf(qint64 pid)
{
    const QByteArray stat = readAll(u"/proc/%1/stat"_s.arg(pid));
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 2 ? fields.at(2).toLongLong() : -1;
}

bool hasPendingSigterm(qint64 pid)
{
    for (const QByteArray &line : readAll(u"/proc/%1/status"_s.arg(pid)).split('\n')) {
        if (line.startsWith("ShdPnd:") || line.startsWith("SigPnd:")) {
            if (line.mid(7).trimmed().toULongLong(nullptr, 16) & (1ULL << (SIGTERM - 1)))
                return true;
        }
    }
    return false;
}

bool isGone(qint64 pid)
{
    const QByteArray stat = readAll(u"/proc/%1/stat"_s.arg(pid));
    return stat.isEmpty() || stat.mid(stat.lastIndexOf(')') + 2, 1) == "Z";
}

} // namespace

// Every child Ferry starts, as a daemon (SpawnedProcess) or a tool (ToolRunner):
// no secret in its environment, its own process group, dead when Ferry is killed.
class TestChildProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void daemonEnvironmentHasNoSecrets();
    void toolEnvironmentHasNoSecretsAndOwnGroup();
    void daemonLeadsItsOwnGroup();
    void daemonOutlivesTheThreadThatStartedIt();
    void daemonDiesWhenFerryIsKilled();
    void nbdkitCurlFollowsNoRedirects();

private:
    QTemporaryDir m_dir;
};

void TestChildProcess::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("FERRY_PASSWORD", secret);
    qputenv("VENDOR_API_TOKEN", secret);
}

void TestChildProcess::cleanupTestCase()
{
    qunsetenv("FERRY_PASSWORD");
    qunsetenv("VENDOR_API_TOKEN");
    QTRY_VERIFY(childPids().isEmpty());
}

void TestChildProcess::daemonEnvironmentHasNoSecrets()
{
    auto sleeper = SpawnedProcess::start(u"/bin/sleep"_s, {u"600"_s}, m_dir.filePath(u"sleep.log"_s));
    QVERIFY2(sleeper, qPrintable(sleeper ? QString() : sleeper.error().toString()));
    const QByteArray environment = readAll(u"/proc/%1/environ"_s.arg((*sleeper)->pid()));
    QVERIFY(environment.contains("PATH="));
    QVERIFY2(!environment.contains(secret), environment.constData());
    QVERIFY(!environment.contains("FERRY_PASSWORD="));
}

void TestChildProcess::toolEnvironmentHasNoSecretsAndOwnGroup()
{
    // The shell prints what it inherited, its pid and its process group.
    const auto output = ToolRunner::runChecked(
        u"sh"_s, {u"-c"_s, u"echo \"[$FERRY_PASSWORD][$VENDOR_API_TOKEN]\"; echo $$; cut -d' ' -f5 /proc/$$/stat"_s}, {});
    QVERIFY2(output, qPrintable(output ? QString() : output.error().toString()));
    const QList<QByteArray> lines = output->out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), QByteArray("[][]"));
    QCOMPARE(lines.at(2), lines.at(1)); // pgid == pid
}

void TestChildProcess::daemonLeadsItsOwnGroup()
{
    auto sleeper = SpawnedProcess::start(u"/bin/sleep"_s, {u"600"_s}, m_dir.filePath(u"sleep.log"_s));
    QVERIFY(sleeper);
    QCOMPARE(processGroupOf((*sleeper)->pid()), (*sleeper)->pid());
    QVERIFY(processGroupOf((*sleeper)->pid()) != ::getpgrp());
}

// PR_SET_PDEATHSIG fires when the forking *thread* ends. A control child armed with it
// from the same short-lived thread must die; the daemon must not even get the signal.
void TestChildProcess::daemonOutlivesTheThreadThatStartedIt()
{
    std::unique_ptr<SpawnedProcess> daemon;
    pid_t control = -1;
    std::thread([&] {
        control = ::fork();
        if (control == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            ::execl("/bin/sleep", "sleep", "600", static_cast<char *>(nullptr));
            ::_exit(127);
        }
        auto started = SpawnedProcess::start(u"/bin/sleep"_s, {u"600"_s}, m_dir.filePath(u"daemon.log"_s));
        if (started)
            daemon = std::move(*started);
    }).join();
    QVERIFY(daemon);
    QVERIFY(control > 0);
    QTRY_VERIFY(isGone(control));
    ::waitpid(control, nullptr, WNOHANG);
    QVERIFY(!daemon->poll());
    QVERIFY(!hasPendingSigterm(daemon->pid()));
    QVERIFY(daemon->stop());
}

void TestChildProcess::daemonDiesWhenFerryIsKilled()
{
    QProcess spawner;
    spawner.start(QStringLiteral(CHILDSPAWNER_PATH), QStringList());
    QVERIFY(spawner.waitForStarted());
    QTRY_VERIFY(spawner.canReadLine());
    const qint64 sleeper = spawner.readLine().trimmed().toLongLong();
    QVERIFY(sleeper > 0);
    QVERIFY(!isGone(sleeper));
    ::kill(pid_t(spawner.processId()), SIGKILL);
    QVERIFY(spawner.waitForFinished());
    QTRY_VERIFY_WITH_TIMEOUT(isGone(sleeper), 5000);
}

void TestChildProcess::nbdkitCurlFollowsNoRedirects()
{
    NbdkitCurlExport::Options options;
    options.url = QUrl(u"https://esxi.example.com/folder/a-flat.vmdk?dcPath=ha-datacenter&dsName=ds1"_s);
    const QStringList arguments = NbdkitCurlExport::curlArguments(options);
    QVERIFY(arguments.contains(u"followlocation=false"_s));
    QVERIFY(arguments.contains(u"protocols=https"_s));
    // nbdkit on this host knows both parameters (Debian 12: nbdkit 1.32).
    const auto help = ToolRunner::runChecked(u"nbdkit"_s, {u"curl"_s, u"--help"_s}, {});
    QVERIFY(help);
    QVERIFY(help->out.contains("followlocation=") && help->out.contains("protocols="));
}

QTEST_GUILESS_MAIN(TestChildProcess)
#include "tst_childprocess.moc"
