// LibvirtTarget: the checks before a copy and the domain at the end, first against the
// test driver (test:///default), then the whole flow against qemu:///system with a
// transient directory pool: preflight, one sink per disk, copy, define, roll back.

#include "libvirtdaemon.h"
#include "targettestsupport.h"

#include "target/libvirttarget.h"
#include "target/libvirtvolumesink.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

VmInfo twoDiskVm(const QString &name, qint64 diskSize, bool thin = true)
{
    VmInfo vm;
    vm.moref = u"vm-7"_s;
    vm.name = name;
    vm.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    vm.guestId = u"rhel9_64Guest"_s;
    vm.firmware = Firmware::Efi;
    vm.numCpu = 2;
    vm.coresPerSocket = 2;
    vm.memoryMB = 1024;
    for (int i = 0; i < 2; ++i) {
        DiskInfo disk;
        disk.key = 2000 + i;
        disk.label = u"Hard disk %1"_s.arg(i + 1);
        disk.controllerType = u"pvscsi"_s;
        disk.unitNumber = i;
        disk.capacity = diskSize;
        disk.thin = thin;
        vm.disks << disk;
    }
    NicInfo nic;
    nic.label = u"Network adapter 1"_s;
    nic.model = u"vmxnet3"_s;
    nic.macAddress = u"00:50:56:12:34:56"_s;
    nic.network = u"VM Network"_s;
    vm.nics << nic;
    return vm;
}

LibvirtTarget::Options testDriverOptions()
{
    LibvirtTarget::Options options;
    options.uri = u"test:///default"_s;
    options.pool = u"default-pool"_s;
    options.networkMap = {{u"VM Network"_s, u"default"_s}};
    return options;
}

} // namespace

class TestLibvirtTarget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unknownPoolIsAUsageError();
    void preflightOnTestDriver();
    void preflightRefusesExistingVolumeAndDomain();
    void preflightChecksSpace();
    void definesFromOpenedSinks();
    void diskPoolsOnTestDriver();
    void wholeFlowOnSystemDaemon();
};

void TestLibvirtTarget::unknownPoolIsAUsageError()
{
    LibvirtTarget::Options options = testDriverOptions();
    options.pool = u"nope"_s;
    auto target = LibvirtTarget::open(options);
    QVERIFY(!target);
    QCOMPARE(target.error().code(), ErrorCode::Usage);
    QVERIFY(target.error().message().contains(u"--pool"_s));
    options.pool = u"default-pool"_s;
    options.format = u"vmdk"_s;
    QVERIFY(!LibvirtTarget::open(options));
}

void TestLibvirtTarget::preflightOnTestDriver()
{
    auto target = LibvirtTarget::open(testDriverOptions());
    QVERIFY2(target, target ? "" : qPrintable(target.error().toString()));
    VmInfo vm = twoDiskVm(u"pf-ok"_s, 1 << 30);
    auto warnings = (*target)->preflight(vm);
    QVERIFY2(warnings, warnings ? "" : qPrintable(warnings.error().toString()));
    QVERIFY(warnings->isEmpty());

    // A mapping to a network the host does not have is caught before copying.
    vm.nics.first().network = u"Backup Net"_s;
    LibvirtTarget::Options options = testDriverOptions();
    options.networkMap.insert(u"Backup Net"_s, u"backup"_s);
    auto mapped = LibvirtTarget::open(options);
    QVERIFY(mapped);
    auto missing = (*mapped)->preflight(vm);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code(), ErrorCode::Usage);
    QVERIFY2(missing.error().message().contains(u"\"backup\", which does not exist"_s), qPrintable(missing.error().message()));
    // A bridge is the admin's business: not checked against libvirt networks.
    options.networkMap.insert(u"Backup Net"_s, u"bridge:br-backup"_s);
    QVERIFY((*LibvirtTarget::open(options))->preflight(vm));
}

void TestLibvirtTarget::preflightRefusesExistingVolumeAndDomain()
{
    auto target = LibvirtTarget::open(testDriverOptions());
    QVERIFY(target);
    LibvirtConnection &connection = (*target)->connection();
    const VmInfo vm = twoDiskVm(u"pf-clash"_s, 1 << 30);
    const QString volume = LibvirtVolumeSink::volumeNameFor(vm.name, 2, u"raw"_s);
    QVERIFY(connection.createVolume(u"default-pool"_s, volume, 1 << 20, u"raw"_s));
    auto clash = (*target)->preflight(vm);
    QVERIFY(!clash);
    QVERIFY2(clash.error().message().contains(volume), qPrintable(clash.error().message()));
    QVERIFY(connection.deleteVolume(u"default-pool"_s, volume));

    // The test driver's own domain "test" stands for an earlier migration of that name.
    VmInfo existing = twoDiskVm(u"test"_s, 1 << 30);
    auto domainClash = (*target)->preflight(existing);
    QVERIFY(!domainClash);
    QVERIFY(domainClash.error().message().contains(u"already exists"_s));
}

void TestLibvirtTarget::preflightChecksSpace()
{
    auto target = LibvirtTarget::open(testDriverOptions());
    QVERIFY(target);
    const qint64 free = (*target)->connection().poolInfo(u"default-pool"_s)->available;
    auto thin = (*target)->preflight(twoDiskVm(u"pf-thin"_s, free));
    QVERIFY(thin);
    QCOMPARE(thin->size(), 1);
    QVERIFY(thin->first().contains(u"can grow to"_s));
    auto thick = (*target)->preflight(twoDiskVm(u"pf-thick"_s, free, false));
    QVERIFY(!thick);
    QVERIFY(thick.error().message().contains(u"free"_s));
}

void TestLibvirtTarget::definesFromOpenedSinks()
{
    // On the test driver the pool's path is not local, so the sinks stage and create their
    // volumes at open(); the domain refers to them as pool/volume.
    QTemporaryDir staging;
    LibvirtTarget::Options options = testDriverOptions();
    options.stagingDirectory = staging.path();
    auto target = LibvirtTarget::open(options);
    QVERIFY(target);
    const VmInfo vm = twoDiskVm(u"td-define"_s, 16 << 20);
    QVERIFY((*target)->preflight(vm));
    std::vector<std::unique_ptr<LibvirtVolumeSink>> sinks;
    QList<const LibvirtVolumeSink *> views;
    for (int i = 0; i < 2; ++i) {
        auto sink = (*target)->createSink(vm, i);
        QVERIFY(sink);
        QVERIFY((*sink)->isStaged());
        // In a private ferry-staging-XXXXXX directory of the staging directory.
        const QFileInfo staged((*sink)->target());
        QCOMPARE(staged.fileName(), u"local-default-pool-td-define-disk%1.raw"_s.arg(i + 1));
        QCOMPARE(QFileInfo(staged.path()).path(), staging.path());
        sinks.push_back(std::move(*sink));
        QVERIFY(sinks.back()->open(vm.disks.at(i).capacity, Sink::OpenMode::Create));
        QVERIFY(sinks.back()->isStaged());
        views << sinks.back().get();
    }
    auto defined = (*target)->defineVm(vm, views, u"from the test"_s);
    QVERIFY2(defined, defined ? "" : qPrintable(defined.error().toString()));
    QCOMPARE(defined->name, vm.name);
    QVERIFY(defined->xml.contains(u"<domain type=\"test\">"_s));
    QVERIFY(defined->xml.contains(u"volume=\"td-define-disk2.raw\""_s));
    QVERIFY(defined->decisions.join(u'\n').contains(u"chosen by libvirt"_s));
    QVERIFY((*target)->startVm(vm.name));

    // Defining again is refused; nothing is replaced.
    auto again = (*target)->defineVm(vm, views);
    QVERIFY(!again);
    QVERIFY((*target)->connection().undefineDomain(vm.name));
    for (auto &sink : sinks)
        sink->discard(false);
    QCOMPARE((*target)->connection().volumeExists(u"default-pool"_s, u"td-define-disk1.raw"_s).value_or(true), false);
    QVERIFY(QDir(staging.path()).isEmpty());
}

void TestLibvirtTarget::diskPoolsOnTestDriver()
{
    // A test driver node of our own with two 100 GiB pools (test:///default has one).
    QTemporaryDir dir;
    const QString node = dir.filePath(u"two-pools.xml"_s);
    QFile file(node);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("<node>\n"
               "  <pool type='dir'><name>default-pool</name><target><path>/default-pool</path></target></pool>\n"
               "  <pool type='dir'><name>fast-pool</name><target><path>/fast-pool</path></target></pool>\n"
               "  <network><name>default</name><bridge name='virbr0'/><forward/>"
               "<ip address='192.168.122.1' netmask='255.255.255.0'/></network>\n"
               "</node>\n");
    file.close();
    LibvirtTarget::Options options = testDriverOptions();
    options.uri = u"test://"_s + node;
    options.stagingDirectory = dir.path();

    options.diskPools = {{u"dp-vm/2"_s, u"no-such-pool"_s}};
    auto unknown = LibvirtTarget::open(options);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code(), ErrorCode::Usage);
    QVERIFY(unknown.error().message().contains(u"--disk-pool"_s));

    // Two thick 60 GiB disks fit only when each pool takes one.
    const VmInfo vm = twoDiskVm(u"dp-vm"_s, 60ll << 30, false);
    options.diskPools.clear();
    auto onePool = LibvirtTarget::open(options);
    QVERIFY(onePool);
    QVERIFY(!(*onePool)->preflight(vm));
    options.diskPools = {{u"dp-vm/2"_s, u"fast-pool"_s}};
    QCOMPARE(LibvirtTarget::poolForDisk(options, vm.name, 1), u"default-pool"_s);
    QCOMPARE(LibvirtTarget::poolForDisk(options, vm.name, 2), u"fast-pool"_s);
    QCOMPARE(LibvirtTarget::poolForDisk(options, u"other"_s, 2), u"default-pool"_s);
    auto target = LibvirtTarget::open(options);
    QVERIFY(target);
    auto checked = (*target)->preflight(vm);
    QVERIFY2(checked, checked ? "" : qPrintable(checked.error().toString()));

    // Disk 1 lands in the main pool, disk 2 in its own; the volumes exist once opened.
    const QStringList expected{u"default-pool"_s, u"fast-pool"_s};
    std::vector<std::unique_ptr<LibvirtVolumeSink>> sinks;
    for (int i = 0; i < 2; ++i) {
        auto sink = (*target)->createSink(vm, i);
        QVERIFY(sink);
        QCOMPARE((*sink)->domainDisk().pool, expected.at(i));
        sinks.push_back(std::move(*sink));
        QVERIFY(sinks.back()->open(16 << 20, Sink::OpenMode::Create));
    }
    LibvirtConnection &connection = (*target)->connection();
    QCOMPARE(connection.volumeExists(u"default-pool"_s, u"dp-vm-disk1.raw"_s).value_or(false), true);
    QCOMPARE(connection.volumeExists(u"fast-pool"_s, u"dp-vm-disk2.raw"_s).value_or(false), true);
    QCOMPARE(connection.volumeExists(u"default-pool"_s, u"dp-vm-disk2.raw"_s).value_or(true), false);
    // A clash is looked for in the disk's own pool.
    auto clash = (*target)->preflight(vm);
    QVERIFY(!clash);
    QVERIFY(clash.error().message().contains(u"default-pool"_s));
    for (auto &sink : sinks)
        sink->discard(false);
    QCOMPARE(connection.volumeExists(u"fast-pool"_s, u"dp-vm-disk2.raw"_s).value_or(true), false);
}

void TestLibvirtTarget::wholeFlowOnSystemDaemon()
{
    if (::geteuid() != 0)
        QSKIP("qemu:///system and a libvirtd started by the test need root");
    LibvirtDaemon daemon;
    auto running = daemon.ensureRunning();
    QVERIFY2(running, running ? "" : qPrintable(running.error().toString()));
    QTemporaryDir dir;
    QVERIFY(TargetTest::makeTraversable(dir.path()));
    const QString pool = u"ferry-test-target-%1"_s.arg(::getpid());
    QVERIFY(TargetTest::createDirectoryPool(pool, dir.path()));
    const auto destroyPool = qScopeGuard([&] { TargetTest::destroyPool(pool); });

    LibvirtTarget::Options options;
    options.uri = u"qemu:///system"_s;
    options.pool = pool;
    options.format = u"qcow2"_s;
    options.virtType = u"qemu"_s; // defined only, never started: any type the host has
    auto target = LibvirtTarget::open(options);
    QVERIFY2(target, target ? "" : qPrintable(target.error().toString()));
    const VmInfo vm = twoDiskVm(u"ferry-test-flow-%1"_s.arg(::getpid()), 8 << 20);
    auto warnings = (*target)->preflight(vm);
    QVERIFY2(warnings, warnings ? "" : qPrintable(warnings.error().toString()));

    const QString image = dir.filePath(u"source.img"_s);
    QFile file(image);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.resize(8 << 20) && file.write("disk data") == 9);
    file.close();
    std::vector<std::unique_ptr<LibvirtVolumeSink>> sinks;
    QList<const LibvirtVolumeSink *> views;
    for (int i = 0; i < 2; ++i) {
        auto sink = (*target)->createSink(vm, i);
        QVERIFY(sink);
        QCOMPARE((*sink)->target(), dir.filePath(vm.name + u"-disk%1.qcow2"_s.arg(i + 1))); // direct, known before open()
        sinks.push_back(std::move(*sink));
        auto copied = TargetTest::copyIntoSink(image, *sinks.back());
        QVERIFY2(copied, copied ? "" : qPrintable(copied.error().toString()));
        views << sinks.back().get();
    }
    auto defined = (*target)->defineVm(vm, views);
    QVERIFY2(defined, defined ? "" : qPrintable(defined.error().toString()));
    const auto undefine = qScopeGuard([&] { (void)(*target)->connection().undefineDomain(vm.name); });
    auto dumped = TargetTest::run(u"virsh"_s, {u"-c"_s, u"qemu:///system"_s, u"dumpxml"_s, vm.name});
    QVERIFY(dumped);
    QVERIFY(dumped->contains(dir.filePath(vm.name + u"-disk2.qcow2"_s)));
    QVERIFY(dumped->contains(u"00:50:56:12:34:56"_s));
    QVERIFY(dumped->contains(vm.uuid));
    // UEFI from the host's firmware descriptors (libvirt 9.0 resolves the loader at start).
    QVERIFY2(dumped->contains(u"<os firmware='efi'>"_s), qPrintable(*dumped));

    // A failed VM is rolled back: domain gone, volumes gone.
    QVERIFY((*target)->connection().undefineDomain(vm.name));
    for (auto &sink : sinks)
        sink->discard(false);
    QCOMPARE((*target)->connection().volumeExists(pool, vm.name + u"-disk1.qcow2"_s).value_or(true), false);
    QVERIFY(TargetTest::processesMentioning(dir.path()).isEmpty()); // no qemu-nbd left
}

QTEST_GUILESS_MAIN(TestLibvirtTarget)
#include "tst_libvirttarget.moc"
