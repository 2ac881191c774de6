// The proof that a VMware-shaped Linux guest really needs converting and that Ferry
// really converts it: make-vmware-debian.sh builds a Debian 12 guest whose initramfs knows
// only VMware/SATA storage and whose address sits on ens192.
//   1. Booted unconverted on virtio-blk under qemu (TCG) it must drop to the initramfs shell.
//   2. Served by ferry-lab (--guest-vm), one `ferry-cli migrate --target qemu:///system
//      --virt-type qemu --start` copies it, converts it (virt-v2v-in-place, plus the .link
//      file Ferry writes to keep ens192), defines it on virtio and starts it; report.json
//      must show boot_check passed, and the serial console log must show
//      FERRY-GUEST-UP ens192=192.0.2.10/24 (multi-user reached, the NIC up with its address).
//
// Needs root (the image build uses loop devices and mounts; qemu:///system), qemu, libvirtd,
// virt-v2v-in-place and virt-customize (installer/deps.sh). Everything runs under TCG:
// the unconverted boot takes about a minute, the migration with conversion and boot about
// five. Every program of part 1 runs in its own session, killed afterwards.

#include "guestmigration.h"
#include "testsupport.h"
#include "vsphere/labsource.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

const QString guestMac = u"00:50:56:9a:01:92"_s; // the unconverted boot
const QStringList initramfsShell{u"ALERT!"_s, u"Gave up waiting for root"_s, u"(initramfs)"_s};
constexpr int bootTimeoutMs = 600000;

// Process ids whose process group is pgid.
QList<qint64> processGroupMembers(qint64 pgid)
{
    QList<qint64> pids;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        QFile stat(u"/proc/"_s + entry + u"/stat"_s);
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // "pid (comm) state ppid pgrp ...": parse after the last ')'.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 2 && fields.at(2).toLongLong() == pgid && fields.at(0) != "Z")
            pids << entry.toLongLong();
    }
    return pids;
}

// One program in a session of its own, its output in a file. The destructor kills the
// whole session (qemu, a libguestfs appliance) and reaps the program.
class SessionProcess
{
public:
    SessionProcess(const QString &program, const QStringList &arguments, const QString &logPath,
                   const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProgram(program);
        m_process.setArguments(arguments);
        m_process.setProcessEnvironment(environment);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setStandardOutputFile(logPath);
        m_process.setStandardInputFile(QProcess::nullDevice());
        // Its own session, so stop() reaches grandchildren too; and killed with this test
        // even when it dies without running destructors (QtTest's watchdog aborts).
        // libguestfs kills its appliance itself when the tool dies.
        m_process.setChildProcessModifier([] {
            ::setsid();
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        });
        m_process.start();
        if (m_process.waitForStarted(30000))
            m_pgid = m_process.processId();
    }
    ~SessionProcess() { stop(); }
    SessionProcess(const SessionProcess &) = delete;
    SessionProcess &operator=(const SessionProcess &) = delete;

    bool started() const { return m_pgid > 0; }
    QProcess &process() { return m_process; }
    // Kills every process of the session; true when none is left.
    bool stop()
    {
        if (m_pgid <= 0)
            return true;
        ::kill(-static_cast<pid_t>(m_pgid), SIGKILL);
        m_process.waitForFinished(30000);
        const bool gone = QTest::qWaitFor([this] { return processGroupMembers(m_pgid).isEmpty(); }, 30000);
        m_pgid = 0;
        return gone;
    }

private:
    QProcess m_process;
    qint64 m_pgid = 0;
};

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

qint64 seconds(const QElapsedTimer &timer)
{
    return timer.elapsed() / 1000;
}

} // namespace

class TestGuestConversion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void unconvertedGuestDropsToInitramfsOnVirtio();
    void migratedGuestIsConvertedAndBootsWithItsAddress();

private:
    struct Boot
    {
        QString log;
        qint64 seconds = 0;
        bool stopped = false;
    };
    // Boots image on virtio-blk + virtio-net (pc machine, TCG) until its serial log holds
    // one of the patterns (or the time runs out), then kills qemu.
    Boot boot(const QString &image, const QString &name, const QStringList &patterns);
    QString copyImage(const QString &name);

    QTemporaryDir m_dir{QDir::tempPath() + u"/ferry-guestconversion-XXXXXX"_s};
    QString m_image;
};

void TestGuestConversion::initTestCase()
{
    if (const QString blocker = Test::guestTestBlocker(); !blocker.isEmpty())
        QSKIP(qPrintable(blocker));
    QVERIFY(m_dir.isValid());
    const auto images = Test::buildVmwareGuest(m_dir.path());
    QVERIFY2(images, images ? "" : qPrintable(images.error().toString()));
    m_image = images->first();
}

void TestGuestConversion::cleanupTestCase()
{
    QVERIFY2(Test::childPids().isEmpty(), "a child process outlived the test");
}

QString TestGuestConversion::copyImage(const QString &name)
{
    const QString copy = m_dir.filePath(name);
    const Test::ProcessResult copied = Test::runProcess(u"cp"_s, {u"--sparse=always"_s, m_image, copy});
    return copied.exitCode == 0 ? copy : QString();
}

TestGuestConversion::Boot TestGuestConversion::boot(const QString &image, const QString &name, const QStringList &patterns)
{
    const QString serial = m_dir.filePath(name + u".serial"_s);
    QFile::remove(serial);
    Boot result;
    QElapsedTimer timer;
    timer.start();
    SessionProcess qemu(u"qemu-system-x86_64"_s,
                        {u"-accel"_s,
                         u"tcg"_s,
                         u"-machine"_s,
                         u"pc"_s,
                         u"-m"_s,
                         u"1024"_s,
                         u"-nodefaults"_s,
                         u"-display"_s,
                         u"none"_s,
                         u"-monitor"_s,
                         u"none"_s,
                         u"-serial"_s,
                         u"file:"_s + serial,
                         u"-drive"_s,
                         u"file="_s + image + u",format=raw,if=none,id=disk0"_s,
                         u"-device"_s,
                         u"virtio-blk-pci,drive=disk0"_s,
                         u"-netdev"_s,
                         u"user,id=net0,restrict=on"_s,
                         u"-device"_s,
                         u"virtio-net-pci,netdev=net0,mac="_s + guestMac},
                        m_dir.filePath(name + u".qemu.log"_s));
    if (qemu.started()) {
        (void)QTest::qWaitFor(
            [&] {
                const QString log = readText(serial);
                return qemu.process().state() == QProcess::NotRunning
                    || std::any_of(patterns.begin(), patterns.end(), [&](const QString &p) { return log.contains(p); });
            },
            bootTimeoutMs);
    }
    result.seconds = seconds(timer);
    result.stopped = qemu.stop();
    result.log = readText(serial) + readText(m_dir.filePath(name + u".qemu.log"_s));
    return result;
}

void TestGuestConversion::unconvertedGuestDropsToInitramfsOnVirtio()
{
    const QString copy = copyImage(u"unconverted.raw"_s);
    QVERIFY(!copy.isEmpty());
    const Boot result = boot(copy, u"unconverted"_s, initramfsShell + QStringList{u"FERRY-GUEST-UP"_s});
    QFile::remove(copy);
    qInfo("unconverted boot on virtio-blk: stopped after %lld s", result.seconds);
    QVERIFY2(result.stopped, "qemu or one of its children survived SIGKILL");
    QVERIFY2(!result.log.contains(u"FERRY-GUEST-UP"_s), qPrintable(result.log.right(3000)));
    QVERIFY2(std::any_of(initramfsShell.begin(), initramfsShell.end(), [&](const QString &p) { return result.log.contains(p); }),
             qPrintable(result.log.right(3000)));
}

void TestGuestConversion::migratedGuestIsConvertedAndBootsWithItsAddress()
{
    const QString vm = u"vmware-debian"_s;
    Test::GuestMigrationTarget target(vm, m_dir.path());
    auto prepared = target.prepare();
    QVERIFY2(prepared, prepared ? "" : qPrintable(prepared.error().toString()));

    LabSource lab;
    lab.setProgram(QStringLiteral(FERRY_LAB_PATH));
    lab.setDataDirectory(Test::sharedLabDataDir());
    lab.setExtraArguments({u"--guest-vm"_s, vm + u'=' + m_image});
    auto endpoint = lab.startAndWait(600000);
    QVERIFY2(endpoint, endpoint ? "" : qPrintable(endpoint.error().toString()));

    const QStringList arguments = QStringList{u"migrate"_s} + Test::sourceArguments(*endpoint, m_dir.path())
        + target.arguments(u"VM Network"_s);
    const Test::GuestMigration migration = Test::runGuestMigration(arguments, target.reportPath());
    Test::verifyConvertedGuest(migration, vm, 1);
}

FERRY_GUEST_TEST_MAIN(TestGuestConversion)
#include "tst_guestconversion.moc"
