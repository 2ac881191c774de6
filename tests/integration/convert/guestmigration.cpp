#include "guestmigration.h"

#include "targettestsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

namespace {

const QString guestMarker = u"FERRY-GUEST-UP ens192=192.0.2.10/24"_s;
constexpr int migrateTimeoutMs = 1500000;
const QStringList systemConnection{u"-c"_s, u"qemu:///system"_s};

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

Result<QString> virsh(const QStringList &arguments)
{
    return TargetTest::run(u"virsh"_s, systemConnection + arguments);
}

} // namespace

QString guestTestBlocker()
{
    if (::geteuid() != 0)
        return u"needs root: the guest image is built with loop devices and mounts"_s;
    for (const QString &tool : {u"qemu-system-x86_64"_s, u"virt-v2v-in-place"_s, u"virt-customize"_s, u"debootstrap"_s}) {
        if (QStandardPaths::findExecutable(tool).isEmpty() && QStandardPaths::findExecutable(tool, {u"/usr/sbin"_s}).isEmpty())
            return tool + u" is missing: run installer/deps.sh"_s;
    }
    return {};
}

Result<QStringList> buildVmwareGuest(const QString &dir, const QStringList &options)
{
    QElapsedTimer timer;
    timer.start();
    const ProcessResult built = runProcess(QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures/guests/make-vmware-debian.sh"),
                                           QStringList{dir} + options, QProcessEnvironment::systemEnvironment(), migrateTimeoutMs);
    if (built.exitCode != 0)
        return fail(ErrorCode::Process, u"make-vmware-debian.sh failed"_s, QString::fromUtf8(built.err.right(3000)));
    const QStringList images = QString::fromUtf8(built.out).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &image : images) {
        if (!QFile::exists(image))
            return fail(ErrorCode::NotFound, u"make-vmware-debian.sh printed %1, which does not exist"_s.arg(image));
    }
    if (images.isEmpty())
        return fail(ErrorCode::Process, u"make-vmware-debian.sh printed no image"_s);
    qInfo("guest image(s) ready after %lld s", timer.elapsed() / 1000);
    for (const QByteArray &line : built.err.split('\n')) {
        if (line.contains("TIMING"))
            qInfo("%s", line.constData());
    }
    return images;
}

GuestMigrationTarget::GuestMigrationTarget(const QString &vm, const QString &workDir)
    : m_vm(vm)
    , m_dir(workDir)
    , m_pool(u"ferry-guest-%1"_s.arg(::getpid()))
    , m_network(u"ferry-guest-%1"_s.arg(::getpid()))
{
}

GuestMigrationTarget::~GuestMigrationTarget()
{
    removeDomain();
    if (m_poolCreated)
        TargetTest::destroyPool(m_pool);
    if (m_networkCreated)
        (void)virsh({u"net-destroy"_s, m_network});
}

void GuestMigrationTarget::removeDomain() const
{
    (void)virsh({u"destroy"_s, m_vm});
    (void)virsh({u"undefine"_s, u"--nvram"_s, m_vm});
}

Result<void> GuestMigrationTarget::prepare()
{
    if (auto running = m_daemon.ensureRunning(); !running)
        return running;
    if (!TargetTest::makeTraversable(m_dir))
        return fail(ErrorCode::Io, u"cannot make %1 traversable for qemu"_s.arg(m_dir));
    removeDomain();
    const QString poolDir = QDir(m_dir).filePath(u"pool"_s);
    if (!QDir().mkpath(poolDir))
        return fail(ErrorCode::Io, u"cannot create %1"_s.arg(poolDir));
    if (auto created = TargetTest::createDirectoryPool(m_pool, poolDir); !created)
        return created;
    m_poolCreated = true;
    const QString networkXml = QDir(m_dir).filePath(u"network.xml"_s);
    QFile file(networkXml);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, u"cannot write %1"_s.arg(networkXml));
    file.write(u"<network><name>%1</name><bridge name='fg%2'/></network>"_s.arg(m_network).arg(::getpid()).toUtf8());
    file.close();
    if (auto net = virsh({u"net-create"_s, networkXml}); !net)
        return std::unexpected(net.error());
    m_networkCreated = true;
    return {};
}

QStringList GuestMigrationTarget::arguments(const QString &sourceNetwork) const
{
    return {u"--vm"_s,
            m_vm,
            u"--target"_s,
            u"qemu:///system"_s,
            u"--pool"_s,
            m_pool,
            u"--virt-type"_s,
            u"qemu"_s,
            u"--network"_s,
            sourceNetwork + u"=network:"_s + m_network,
            u"--start"_s,
            u"--report-dir"_s,
            QDir(m_dir).filePath(u"reports"_s),
            u"--progress"_s,
            u"json"_s};
}

QString GuestMigrationTarget::reportPath() const
{
    return QDir(m_dir).filePath(u"reports/"_s + m_vm + u"/report.json"_s);
}

GuestMigration runGuestMigration(const QStringList &arguments, const QString &reportPath)
{
    GuestMigration migration;
    QElapsedTimer timer;
    timer.start();
    migration.process = runProcess(QStringLiteral(FERRY_CLI_PATH), arguments, QProcessEnvironment::systemEnvironment(), migrateTimeoutMs);
    migration.seconds = timer.elapsed() / 1000;
    qInfo("ferry-cli migrate --start (copy, inspect, convert, define, boot check): exit %d after %lld s", migration.process.exitCode,
          migration.seconds);
    for (const QByteArray &line : migration.process.out.split('\n')) {
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        if (event.value(u"event"_s).toString() == u"step"_s) {
            migration.steps << event.value(u"step"_s).toString();
            qInfo("step %s at %.1f s", qPrintable(migration.steps.last()), event.value(u"elapsed_ms"_s).toDouble() / 1000.0);
        }
    }
    QFile report(reportPath);
    if (report.open(QIODevice::ReadOnly))
        migration.report = QJsonDocument::fromJson(report.readAll()).object();
    return migration;
}

void verifyConvertedGuest(const GuestMigration &migration, const QString &vm, int disks)
{
    const QStringList &steps = migration.steps;
    QVERIFY2(migration.process.exitCode == 0, migration.process.err.right(3000).constData());
    QVERIFY2(steps.contains(u"convert"_s) && steps.contains(u"boot"_s), qPrintable(steps.join(u',')));
    QVERIFY(steps.indexOf(u"convert"_s) < steps.indexOf(u"define"_s) && steps.indexOf(u"define"_s) < steps.indexOf(u"boot"_s));

    const QJsonObject &report = migration.report;
    QCOMPARE(report.value(u"result"_s).toString(), u"ok"_s);
    QCOMPARE(report.value(u"disks"_s).toArray().size(), disks);
    const QJsonObject conversion = report.value(u"conversion"_s).toObject();
    QCOMPARE(conversion.value(u"result"_s).toString(), u"converted"_s);
    qInfo("conversion: %.0f s", conversion.value(u"seconds"_s).toDouble());
    // Ferry, not the test, keeps the NIC's name: a .link file for the MAC the domain keeps.
    const QJsonArray nicNames = conversion.value(u"nic_names"_s).toArray();
    QCOMPARE(nicNames.size(), 1);
    const QJsonObject nic = nicNames.at(0).toObject();
    QCOMPARE(nic.value(u"name"_s).toString(), u"ens192"_s);
    QCOMPARE(nic.value(u"action"_s).toString(), u"link-file"_s);
    auto interfaces = virsh({u"domiflist"_s, vm});
    QVERIFY2(interfaces && interfaces->contains(nic.value(u"mac"_s).toString()) && interfaces->contains(u"virtio"_s),
             qPrintable(interfaces ? *interfaces : interfaces.error().toString()));

    const QJsonObject boot = report.value(u"boot_check"_s).toObject();
    qInfo("boot check: %s", QJsonDocument(boot).toJson(QJsonDocument::Compact).constData());
    QCOMPARE(boot.value(u"result"_s).toString(), u"passed"_s);
    QCOMPARE(boot.value(u"method"_s).toString(), u"serial-console"_s);
    QVERIFY2(boot.value(u"seen"_s).toString().contains(u"login:"_s), qPrintable(boot.value(u"seen"_s).toString()));
    // The guest's own report follows multi-user.target: ens192 holds its address.
    const QString console = boot.value(u"console_log"_s).toString();
    QVERIFY(!console.isEmpty());
    const bool up = QTest::qWaitFor([&] { return readText(console).contains(u"FERRY-GUEST-END"_s); }, 240000);
    const QString log = readText(console);
    QVERIFY2(up && log.contains(guestMarker), qPrintable(log.right(3000)));
    // The NIC's link is up too (a powered-off VMware NIC reads "connected": false; the
    // domain follows "startConnected").
    static const QRegularExpression linkUp(u"ens192\\s+UP\\s+192\\.0\\.2\\.10/24"_s);
    QVERIFY2(linkUp.match(log).hasMatch(), qPrintable(log.right(3000)));
    const qsizetype marker = log.indexOf(u"FERRY-GUEST-UP"_s);
    qInfo("%s", qPrintable(log.mid(marker, log.indexOf(u"FERRY-GUEST-END"_s, marker) - marker)));
    auto state = virsh({u"domstate"_s, vm});
    QVERIFY2(state && state->contains(u"running"_s), qPrintable(state ? *state : state.error().toString()));
}

} // namespace Ferry::Test
