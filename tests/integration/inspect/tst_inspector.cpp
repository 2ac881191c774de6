// Guest inspection end to end on disks built from real tools (make-inspect-guests.sh):
// Debian on GPT+UEFI/ext4, RHEL on MBR/XFS/LVM, Windows on NTFS, encrypted volumes,
// a dirty journal and damaged partition tables, each read through qemu-nbd, a
// qemu-storage-daemon FUSE export and loop devices. After every case nothing may be
// left: no mount, no loop device, no child or helper process.

#include "inspectleaks.h"
#include "testsupport.h"

#include "inspect/cleanupstack.h"
#include "inspect/deviceholders.h"
#include "inspect/inspectcache.h"
#include "inspect/inspector.h"
#include "inspect/loopdevice.h"
#include "inspect/volumemounter.h"
#include "nbd/qemunbdexport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <thread>
#include <unistd.h>
#include <utime.h>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

QStringList codes(const InspectionReport &report)
{
    QStringList out;
    for (const Finding &finding : report.findings)
        out << finding.code;
    return out;
}

QString describe(const Result<InspectionReport> &report)
{
    return report ? QString() : report.error().toString();
}

bool haveDeviceMapper()
{
    QFile misc(u"/proc/misc"_s);
    return misc.open(QIODevice::ReadOnly) && misc.readAll().contains("device-mapper");
}

// LVM restricted to one device: what udev's pvscan sees of a loop device that just appeared.
QString lvmOnly(const QString &device)
{
    return uR"(devices { filter=["a|^%1$|","r|.*|"] global_filter=["a|^%1$|","r|.*|"] use_devicesfile=0 } )"
           uR"(activation { read_only_volume_list=["rhel"] } backup { backup=0 archive=0 })"_s.arg(device);
}

QStringList deviceMapperNames()
{
    QStringList names;
    for (const QByteArray &line : runProcess(u"dmsetup"_s, {u"ls"_s}).out.split('\n')) {
        const QString name = QString::fromLocal8Bit(line).section(u'\t', 0, 0).trimmed();
        if (!name.isEmpty() && name != u"No devices found"_s)
            names << name;
    }
    names.sort();
    return names;
}

QString hostVgUuid(const QString &device)
{
    return QString::fromLocal8Bit(
               runProcess(u"vgs"_s, {u"--config"_s, lvmOnly(device), u"--noheadings"_s, u"-o"_s, u"vg_uuid"_s, u"rhel"_s}).out)
        .trimmed();
}

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void inspectGuest_data();
    void inspectGuest();
    void debianDetails();
    void rhelLvmDetails();
    void windowsDetails();
    void twoDiskGuestIsOneGuest();
    void dirtyJournalUsesFallback();
    void qcow2GivesTheSameReport();
    void nbdUriGivesTheSameReport();
    void cacheSkipsProbingUntilTheImageChanges();
    void cancelReleasesEverything();
    void timeoutReleasesEverything();
    void failuresReleaseEverything_data();
    void failuresReleaseEverything();
    void busyDeviceIsRetriedWithBackoff();
    void physicalVolumeHookSeesTheGuestPv();
    void hostAutoActivationIsUndone();
    void cliPrintsReportAndJson();

private:
    QString image(const QString &name) const;
    InspectionReport inspected(const QString &name);

    std::unique_ptr<QTemporaryDir> m_dir;
    InspectLeaks m_before;
    QHash<QString, InspectionReport> m_reports;
};

QString TestInspector::image(const QString &name) const
{
    return m_dir->filePath(u"guests/"_s + name + u".img"_s);
}

InspectionReport TestInspector::inspected(const QString &name)
{
    if (!m_reports.contains(name)) {
        const auto report = Inspector().inspect(InspectSource::fromImage(image(name)));
        if (!report)
            qWarning() << name << report.error().toString();
        m_reports.insert(name, report.value_or(InspectionReport{}));
    }
    return m_reports.value(name);
}

void TestInspector::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("guest inspection needs root (loop devices and mounts)");
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const ProcessResult built = runProcess(u"bash"_s,
                                           {QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures/guests/make-inspect-guests.sh"),
                                            m_dir->filePath(u"guests"_s)});
    QVERIFY2(built.exitCode == 0, built.err.constData());
}

void TestInspector::init()
{
    m_before = InspectLeaks::snapshot();
}

void TestInspector::cleanup()
{
    const QStringList left = InspectLeaks::snapshot().newSince(m_before);
    QVERIFY2(left.isEmpty(), qPrintable(u"left behind: "_s + left.join(u"; "_s)));
}

void TestInspector::inspectGuest_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("facts"); // family, distribution, version, arch, hostname, firmware, table
    QTest::addColumn<QString>("diskBus");
    QTest::addColumn<QString>("nicModel");
    QTest::addColumn<QStringList>("present");
    QTest::addColumn<QStringList>("absent");

    const QStringList healthy{u"mount-failed"_s, u"dirty-journal"_s, u"partition-table-corrupt"_s, u"inspect-cleanup"_s};
    QTest::newRow("debian gpt efi ext4") << u"debian-efi"_s
                                         << QStringList{u"linux"_s, u"debian"_s, u"12"_s, u"x86_64"_s, u"web01"_s, u"efi"_s, u"gpt"_s}
                                         << u"virtio"_s << u"virtio"_s
                                         << QStringList{u"fstab-device-name"_s, u"network-vmware-name"_s, u"network-mac-pinned"_s,
                                                        u"efi-nvram"_s, u"vmware-tools"_s}
                                         << healthy
            + QStringList{u"no-virtio-initramfs"_s, u"efi-no-fallback"_s, u"no-kernel"_s, u"fstab-elsewhere"_s};
    QTest::newRow("rhel mbr xfs lvm") << u"rhel-lvm"_s << QStringList{u"linux"_s, u"rhel"_s, u"9.3"_s, u"x86_64"_s, u"db01.example.com"_s,
                                                                      u"bios"_s,  u"dos"_s}
                                      << u"sata"_s << u"virtio"_s
                                      << QStringList{u"no-virtio-initramfs"_s, u"network-vmware-name"_s, u"network-mac-pinned"_s}
                                      << healthy
            + QStringList{u"fstab-device-name"_s, u"lvm-not-inspected"_s, u"fstab-elsewhere"_s, u"efi-nvram"_s};
    QTest::newRow("windows ntfs") << u"windows"_s
                                  << QStringList{u"windows"_s, u"windows"_s, u"10.0.17763.1"_s, u"x86_64"_s, QString(), u"bios"_s, u"dos"_s}
                                  << u"sata"_s << u"e1000e"_s << QStringList{u"no-virtio-windows"_s, u"vmware-tools"_s, u"heuristic"_s}
                                  << healthy;
    QTest::newRow("luks bitlocker swap") << u"misc-crypto"_s
                                         << QStringList{u"unknown"_s, QString(), QString(), QString(), QString(), u"unknown"_s, u"gpt"_s}
                                         << u"sata"_s << u"e1000e"_s << QStringList{u"luks"_s, u"bitlocker"_s, u"no-os"_s} << healthy;
    QTest::newRow("dirty ext4 on the whole disk")
        << u"dirty-ext4"_s << QStringList{u"linux"_s, u"debian"_s, u"12"_s, u"x86_64"_s, u"dirty01"_s, u"unknown"_s, u"none"_s} << u"sata"_s
        << u"e1000e"_s << QStringList{u"dirty-journal"_s, u"no-virtio-initramfs"_s} << QStringList{u"mount-failed"_s, u"no-kernel"_s};
    QTest::newRow("gpt with both headers destroyed")
        << u"gpt-corrupt"_s << QStringList{u"unknown"_s, QString(), QString(), QString(), QString(), u"unknown"_s, u"none"_s} << u"sata"_s
        << u"e1000e"_s << QStringList{u"partition-table-corrupt"_s, u"no-os"_s} << QStringList{u"mount-failed"_s};
    QTest::newRow("mbr partition past the end")
        << u"mbr-past-end"_s << QStringList{u"unknown"_s, QString(), QString(), QString(), QString(), u"unknown"_s, u"dos"_s} << u"sata"_s
        << u"e1000e"_s << QStringList{u"partition-table-corrupt"_s} << QStringList{u"mount-failed"_s};
}

void TestInspector::inspectGuest()
{
    QFETCH(QString, name);
    QFETCH(QStringList, facts);
    QFETCH(QString, diskBus);
    QFETCH(QString, nicModel);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);

    const auto result = Inspector().inspect(InspectSource::fromImage(image(name)));
    QVERIFY2(result, qPrintable(describe(result)));
    const InspectionReport &report = *result;
    m_reports.insert(name, report);
    const OsInfo &os = report.os;
    QCOMPARE((QStringList{os.family, os.distribution, os.version, os.arch, os.hostname, report.boot.firmware, report.partitionTable}),
             facts);
    QCOMPARE(report.recommendation.diskBus, diskBus);
    QCOMPARE(report.recommendation.nicModel, nicModel);
    const QStringList found = codes(report);
    for (const QString &code : present)
        QVERIFY2(found.contains(code), qPrintable(code + u" missing from "_s + found.join(u", "_s)));
    for (const QString &code : absent)
        QVERIFY2(!found.contains(code), qPrintable(code + u" unexpected in "_s + found.join(u", "_s)));
    // The JSON carries the members report.json's "inspection" promises.
    const QJsonObject json = report.toJson();
    for (const char *key : {"os", "partitions", "lvm", "firmware", "findings", "recommendation"})
        QVERIFY2(json.contains(QString::fromLatin1(key)), key);
    QCOMPARE(json.value(u"recommendation"_s).toObject().value(u"disk_bus"_s).toString(), diskBus);
}

void TestInspector::debianDetails()
{
    const InspectionReport report = inspected(u"debian-efi"_s);
    QCOMPARE(report.partitions.size(), 3);
    const PartitionEntry &esp = report.partitions[0];
    QCOMPARE(esp.typeName, u"EFI System"_s);
    QCOMPARE(esp.filesystem.type, u"vfat"_s);
    QCOMPARE(esp.filesystem.uuid, u"DEB1-0001"_s);
    QCOMPARE(esp.mountedAs, u"/boot/efi"_s);
    QCOMPARE(esp.name, u"EFI System Partition"_s);
    QCOMPARE(report.partitions[1].filesystem.uuid, u"d1a2b3c4-0000-4000-8000-000000000002"_s);
    QCOMPARE(report.partitions[1].mountedAs, u"/"_s);
    QCOMPARE(report.partitions[2].filesystem.type, u"swap"_s);
    QCOMPARE(report.partitions[2].mountedAs, u"swap"_s);
    QCOMPARE(report.os.kernels.size(), 1);
    const KernelInfo &kernel = report.os.kernels.first();
    QCOMPARE(kernel.version, u"6.1.0-18-amd64"_s);
    QCOMPARE(kernel.initramfs, u"/boot/initrd.img-6.1.0-18-amd64"_s);
    QCOMPARE(kernel.virtioInInitramfs, std::optional<bool>(true));
    QCOMPARE(kernel.virtioModules, (QStringList{u"virtio_blk"_s, u"virtio_net"_s, u"virtio_scsi"_s}));
    QVERIFY(report.boot.efiFallbackLoader);
    QVERIFY(report.boot.efiBinaries.join(u' ').contains(u"EFI/DEBIAN/GRUBX64.EFI"_s, Qt::CaseInsensitive));
    QCOMPARE(report.network.size(), 1);
    QCOMPARE(report.network[0].interfaceName, u"ens192"_s);
    QCOMPARE(report.network[0].mac, u"00:50:56:9a:01:02"_s);
    const Finding *renamed = report.finding(u"fstab-device-name"_s);
    QVERIFY(renamed);
    QCOMPARE(renamed->message, u"fstab mounts /dev/sda3 by device name; on virtio it becomes /dev/vda3"_s);
    QCOMPARE(report.fstab.size(), 3);
}

void TestInspector::rhelLvmDetails()
{
    const InspectionReport report = inspected(u"rhel-lvm"_s);
    QCOMPARE(report.partitions.size(), 2);
    QCOMPARE(report.partitions[0].filesystem.type, u"xfs"_s);
    QCOMPARE(report.partitions[0].mountedAs, u"/boot"_s);
    QVERIFY(report.partitions[0].bootable);
    QCOMPARE(report.partitions[1].filesystem.type, u"LVM2_member"_s);
    QCOMPARE(report.lvm.size(), 2);
    QCOMPARE(report.lvm[0].path(), u"/dev/rhel/root"_s);
    QVERIFY(report.lvm[0].mapped);
    QCOMPARE(report.lvm[0].filesystem.type, u"xfs"_s);
    QCOMPARE(report.lvm[0].filesystem.uuid, u"a1b2c3d4-0000-4000-8000-0000000000a0"_s);
    QCOMPARE(report.lvm[0].mountedAs, u"/"_s);
    QCOMPARE(report.lvm[1].filesystem.type, u"swap"_s);
    QCOMPARE(report.lvm[1].mountedAs, u"swap"_s);
    QCOMPARE(report.os.kernels.size(), 1);
    QCOMPARE(report.os.kernels[0].virtioInInitramfs, std::optional<bool>(false));
    QVERIFY(report.os.kernels[0].virtioModules.contains(u"virtio_net"_s));
    QCOMPARE(report.boot.mbrBootCode, u"grub"_s);
    QCOMPARE(report.network.size(), 1); // ifcfg-lo is not an interface to move
    QCOMPARE(report.network[0].mac, u"00:50:56:ab:cd:ef"_s);
    QVERIFY(report.recommendation.reason.contains(u"initramfs-5.14.0-362.8.1.el9_3.x86_64.img has no virtio_blk"_s));
}

void TestInspector::windowsDetails()
{
    const InspectionReport report = inspected(u"windows"_s);
    QCOMPARE(report.os.name, u"Windows Server 2019"_s);
    QVERIFY(report.os.vmwareTools);
    QVERIFY(report.os.virtioDrivers.isEmpty());
    QVERIFY(!report.os.heuristics.isEmpty()); // the product name is a guess and says so
    QCOMPARE(report.partitions.value(0).filesystem.type, u"ntfs"_s);
    QCOMPARE(report.partitions.value(0).mountedAs, u"C:"_s);
    QCOMPARE(report.boot.mbrBootCode, u"windows"_s);
}

// /boot on disk 1, / on disk 2 (make-inspect-guests.sh build_split): inspected together,
// the root is found on disk 2 and its fstab puts disk 1's partition on /boot, so the kernel
// and its initramfs count. Disk 1 alone holds no OS.
void TestInspector::twoDiskGuestIsOneGuest()
{
    const auto alone = Inspector().inspect(InspectSource::fromImage(image(u"split-boot"_s)));
    QVERIFY2(alone, qPrintable(describe(alone)));
    QCOMPARE(alone->os.family, u"unknown"_s);

    const auto result = Inspector().inspect(
        {InspectSource::fromImage(image(u"split-boot"_s)), InspectSource::fromImage(image(u"split-root"_s))});
    QVERIFY2(result, qPrintable(describe(result)));
    const InspectionReport &report = *result;
    QCOMPARE(report.os.family, u"linux"_s);
    QCOMPARE(report.os.hostname, u"split01"_s);
    QCOMPARE(report.disks.size(), 2);
    QCOMPARE(report.partitionTable, u"dos"_s);
    QCOMPARE(report.boot.mbrBootCode, u"grub"_s);
    QCOMPARE(report.boot.firmware, u"bios"_s);
    QCOMPARE(report.partitions.size(), 2);
    QCOMPARE(report.partitions[0].disk, 0);
    QCOMPARE(report.partitions[0].mountedAs, u"/boot"_s);
    QCOMPARE(report.partitions[1].disk, 1);
    QCOMPARE(report.partitions[1].mountedAs, u"/"_s);
    QCOMPARE(report.os.kernels.size(), 1);
    QVERIFY(report.os.kernels[0].image);
    QCOMPARE(report.os.kernels[0].initramfs, u"/boot/initrd.img-6.1.0-18-amd64"_s);
    QCOMPARE(report.os.kernels[0].virtioInInitramfs, std::optional<bool>(true));
    QCOMPARE(report.network.size(), 1);
    QCOMPARE(report.network[0].interfaceName, u"ens192"_s);
    const QStringList found = codes(report);
    QVERIFY2(found.contains(u"fstab-device-name"_s) && !found.contains(u"no-kernel"_s) && !found.contains(u"mount-failed"_s),
             qPrintable(found.join(u", "_s)));
    const Finding *renamed = report.finding(u"fstab-device-name"_s);
    QVERIFY2(renamed->message.contains(u"/dev/vdb1"_s), qPrintable(renamed->message));
    const QJsonObject json = report.toJson();
    QCOMPARE(json.value(u"disks"_s).toArray().size(), 2);
    QCOMPARE(json.value(u"partitions"_s).toArray().at(1).toObject().value(u"disk"_s).toInt(), 1);
}

void TestInspector::dirtyJournalUsesFallback()
{
    const InspectionReport report = inspected(u"dirty-ext4"_s);
    const Finding *dirty = report.finding(u"dirty-journal"_s);
    QVERIFY(dirty);
    QVERIFY2(dirty->details.startsWith(u"read with ro,noload after: ro: "_s), qPrintable(dirty->details));
    QCOMPARE(report.partitions.value(0).number, 0); // a filesystem on the whole disk
    QCOMPARE(report.partitions.value(0).mountedAs, u"/"_s);
    // The damaged initramfs: unknown, so SATA, and the reason says why; the architecture
    // comes from the kernel's flavour as no executable is there.
    QCOMPARE(report.os.kernels.value(0).initramfs, u"/boot/initrd.img-6.1.0-9-amd64"_s);
    QCOMPARE(report.os.kernels.value(0).virtioInInitramfs, std::nullopt);
    QVERIFY2(report.recommendation.reason.contains(u"could not be read"_s), qPrintable(report.recommendation.reason));
}

void TestInspector::qcow2GivesTheSameReport()
{
    const QString qcow2 = m_dir->filePath(u"debian.qcow2"_s);
    const ProcessResult converted = runProcess(u"qemu-img"_s,
                                               {u"convert"_s, u"-f"_s, u"raw"_s, u"-O"_s, u"qcow2"_s, image(u"debian-efi"_s), qcow2});
    QVERIFY2(converted.exitCode == 0, converted.err.constData());
    const auto report = Inspector().inspect(InspectSource::fromImage(qcow2)); // format detected
    QVERIFY2(report, qPrintable(describe(report)));
    QCOMPARE(report->toJson(), inspected(u"debian-efi"_s).toJson());
    QFile::remove(qcow2);
}

void TestInspector::nbdUriGivesTheSameReport()
{
    QemuNbdExport::Options options;
    options.image = image(u"rhel-lvm"_s);
    options.maxClients = 1;
    auto server = QemuNbdExport::start(options);
    QVERIFY2(server, server ? "" : qPrintable(server.error().toString()));
    const auto report = Inspector().inspect(InspectSource::fromNbdUri((*server)->uri()));
    QVERIFY2(report, qPrintable(describe(report)));
    QCOMPARE(report->toJson(), inspected(u"rhel-lvm"_s).toJson());
    QVERIFY((*server)->stop());
}

void TestInspector::cacheSkipsProbingUntilTheImageChanges()
{
    const QString copy = m_dir->filePath(u"cached.img"_s);
    QVERIFY(runProcess(u"cp"_s, {u"--sparse=always"_s, image(u"windows"_s), copy}).exitCode == 0);
    Inspector inspector;
    const auto first = inspector.inspect(InspectSource::fromImage(copy));
    QVERIFY2(first, qPrintable(describe(first)));
    QCOMPARE(inspector.cache()->misses(), 1);
    const auto second = inspector.inspect(InspectSource::fromImage(copy));
    QVERIFY(second);
    QCOMPARE(inspector.cache()->hits(), 1);
    QCOMPARE(second->toJson(), first->toJson());
    struct utimbuf times
    {
        1000, 1000
    }; // as a write would: another mtime
    QCOMPARE(::utime(QFile::encodeName(copy).constData(), &times), 0);
    const auto third = inspector.inspect(InspectSource::fromImage(copy));
    QVERIFY(third);
    QCOMPARE(inspector.cache()->invalidations(), 1);
    QCOMPARE(inspector.cache()->hits(), 1);
    QCOMPARE(third->toJson(), first->toJson());
    QFile::remove(copy);
}

void TestInspector::cancelReleasesEverything()
{
    std::atomic<bool> cancel{false};
    std::optional<Result<InspectionReport>> result;
    std::thread worker([&] { result = Inspector().inspect(InspectSource::fromImage(image(u"debian-efi"_s)), &cancel); });
    // Cancel once a guest filesystem is mounted: mid-way through mounting and reading.
    auto mounted = [] {
        QFile mounts(u"/proc/mounts"_s);
        return mounts.open(QIODevice::ReadOnly) && mounts.readAll().contains("/ferry-inspect-");
    };
    QTRY_VERIFY_WITH_TIMEOUT(mounted() || result.has_value(), 60000);
    cancel = true;
    worker.join();
    QVERIFY(result.has_value());
    QVERIFY2(!*result, "the inspection finished before it could be cancelled");
    QCOMPARE(result->error().code(), ErrorCode::Cancelled);
}

void TestInspector::timeoutReleasesEverything()
{
    Inspector::Options options;
    options.timeoutMs = 100; // far less than exporting, attaching and mounting this disk takes
    QElapsedTimer timer;
    timer.start();
    const auto report = Inspector(options).inspect(InspectSource::fromImage(image(u"debian-efi"_s)));
    QVERIFY(!report);
    QCOMPARE(report.error().code(), ErrorCode::Timeout);
    QVERIFY2(timer.elapsed() < 15000, qPrintable(u"took %1 ms to give up"_s.arg(timer.elapsed())));
}

void TestInspector::failuresReleaseEverything_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("code");
    QTest::newRow("missing image") << QByteArray() << u"raw"_s << int(ErrorCode::NotFound);
    QTest::newRow("broken qcow2") << QByteArray("QFI\xfb\0\0\0\3garbage", 15) + QByteArray(4096, 'x') << QString()
                                  << int(ErrorCode::Process);
}

void TestInspector::failuresReleaseEverything()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, format);
    QFETCH(int, code);
    const QString path = m_dir->filePath(u"bad.img"_s);
    QFile::remove(path);
    if (!content.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    const auto report = Inspector().inspect(InspectSource::fromImage(path, format));
    QVERIFY(!report);
    QCOMPARE(int(report.error().code()), code);
    QVERIFY(!report.error().message().isEmpty());
}

void TestInspector::busyDeviceIsRetriedWithBackoff()
{
    const QString fs = m_dir->filePath(u"busy.ext4"_s);
    QVERIFY(runProcess(u"truncate"_s, {u"-s"_s, u"16M"_s, fs}).exitCode == 0);
    QVERIFY(runProcess(u"mkfs.ext4"_s, {u"-q"_s, u"-F"_s, fs}).exitCode == 0);
    CleanupStack cleanup;
    const auto loop = LoopDevice::attach(fs, 0, 0, nullptr);
    QVERIFY2(loop, loop ? "" : qPrintable(loop.error().toString()));
    cleanup.push(u"detach"_s, [device = *loop] { return LoopDevice::detach(device); });
    const QString mountPoint = m_dir->filePath(u"busy-mnt"_s);
    QVERIFY(QDir().mkpath(mountPoint));
    // An exclusive opener makes every mount attempt fail with EBUSY.
    const int exclusive = ::open(QFile::encodeName(*loop).constData(), O_RDONLY | O_EXCL);
    QVERIFY(exclusive >= 0);
    QElapsedTimer timer;
    timer.start();
    const auto refused = VolumeMounter::mount(*loop, u"ext4"_s, mountPoint, cleanup, nullptr);
    const qint64 elapsed = timer.elapsed();
    ::close(exclusive);
    QVERIFY(!refused);
    // Two ways (ro, ro,noload), each tried 5 times with 50+100+200+400 ms between tries.
    QCOMPARE(refused.error().details().count(u"still busy after 5 attempts"_s), 2);
    QVERIFY2(elapsed >= 2 * 750, qPrintable(u"only %1 ms"_s.arg(elapsed)));
    const auto mounted = VolumeMounter::mount(*loop, u"ext4"_s, mountPoint, cleanup, nullptr);
    QVERIFY2(mounted, mounted ? "" : qPrintable(mounted.error().toString()));
    QCOMPARE(mounted->busyRetries, 0);
    QVERIFY(!mounted->usedFallback());
    QVERIFY(VolumeMounter::isMountPoint(mountPoint));
    QVERIFY(cleanup.unwind());
    QVERIFY(!VolumeMounter::isMountPoint(mountPoint));
    QDir().rmdir(mountPoint);
    QFile::remove(fs);
}

// Where hostAutoActivationIsUndone plays udev: the guest's PV is on a loop device by then.
void TestInspector::physicalVolumeHookSeesTheGuestPv()
{
    Inspector::Options options;
    QStringList types;
    options.physicalVolumesAttached = [&types](const QStringList &devices) {
        for (const QString &device : devices)
            types
                << QString::fromLocal8Bit(runProcess(u"blkid"_s, {u"-p"_s, u"-o"_s, u"value"_s, u"-s"_s, u"TYPE"_s, device}).out).trimmed();
    };
    const auto report = Inspector(options).inspect(InspectSource::fromImage(image(u"rhel-lvm"_s)));
    QVERIFY2(report, qPrintable(describe(report)));
    QCOMPARE(types, QStringList{u"LVM2_member"_s});
}

// The host's udev autoactivates a guest VG on Ferry's loop device (69-lvm.rules runs
// pvscan --autoactivation event for a new loop device with a PV). This machine may have no
// udev, so the test does what the rule would, while inspection holds the loop device; the
// host has an active VG of the same name ("rhel") that must come through untouched.
void TestInspector::hostAutoActivationIsUndone()
{
    if (!haveDeviceMapper())
        QSKIP("the kernel has no device-mapper: nothing can be activated here");
    const QString hostFile = m_dir->filePath(u"host-vg.img"_s);
    QVERIFY(runProcess(u"truncate"_s, {u"-s"_s, u"64M"_s, hostFile}).exitCode == 0);
    const QString hostLoop = QString::fromLocal8Bit(runProcess(u"losetup"_s, {u"--find"_s, u"--show"_s, hostFile}).out).trimmed();
    QVERIFY(hostLoop.startsWith(u"/dev/loop"_s));
    CleanupStack host;
    host.push(u"losetup -d "_s + hostLoop, [hostLoop] {
        runProcess(u"losetup"_s, {u"-d"_s, hostLoop});
        return Result<void>();
    });
    const QString config = lvmOnly(hostLoop);
    host.push(u"vgremove rhel"_s, [config] {
        runProcess(u"vgchange"_s, {u"-an"_s, u"--config"_s, config, u"rhel"_s});
        runProcess(u"vgremove"_s, {u"-ff"_s, u"-y"_s, u"--config"_s, config, u"rhel"_s});
        return Result<void>();
    });
    QVERIFY(runProcess(u"pvcreate"_s, {u"-ff"_s, u"-y"_s, u"--config"_s, config, hostLoop}).exitCode == 0);
    QVERIFY(runProcess(u"vgcreate"_s, {u"--config"_s, config, u"rhel"_s, hostLoop}).exitCode == 0);
    const ProcessResult lv = runProcess(u"lvcreate"_s,
                                        {u"-Zn"_s, u"-L"_s, u"8M"_s, u"-n"_s, u"hostlv"_s, u"--config"_s, config, u"rhel"_s});
    QVERIFY2(lv.exitCode == 0, lv.err.constData());
    const QStringList before = deviceMapperNames();
    QVERIFY(before.contains(u"rhel-hostlv"_s));
    const QString uuid = hostVgUuid(hostLoop);
    QVERIFY(!uuid.isEmpty());

    Inspector::Options options;
    QStringList activated;
    options.physicalVolumesAttached = [&activated](const QStringList &devices) {
        for (const QString &device : devices) {
            runProcess(u"vgchange"_s, {u"-aay"_s, u"--config"_s, lvmOnly(device), u"rhel"_s});
            activated += DeviceHolders::mapped(device);
        }
    };
    const auto report = Inspector(options).inspect(InspectSource::fromImage(image(u"rhel-lvm"_s)));
    QVERIFY2(report, qPrintable(describe(report)));
    QCOMPARE(activated, QStringList({u"rhel-root"_s, u"rhel-swap"_s})); // the simulation did what udev does
    QVERIFY2(!codes(*report).contains(u"inspect-cleanup"_s), qPrintable(codes(*report).join(u' ')));
    QCOMPARE(deviceMapperNames(), before);
    QCOMPARE(hostVgUuid(hostLoop), uuid);
    QVERIFY(QFile::exists(u"/dev/mapper/rhel-hostlv"_s));
    QVERIFY(host.unwind());
}

void TestInspector::cliPrintsReportAndJson()
{
    const QString cli = QStringLiteral(FERRY_CLI_PATH);
    const ProcessResult json = runProcess(cli, {u"inspect"_s, image(u"rhel-lvm"_s), u"--json"_s});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const QJsonObject object = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(object, inspected(u"rhel-lvm"_s).toJson());
    QCOMPARE(object.value(u"os"_s).toObject().value(u"hostname"_s).toString(), u"db01.example.com"_s);

    const ProcessResult text = runProcess(cli, {u"inspect"_s, image(u"debian-efi"_s)});
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.out.contains("Recommended: disk bus virtio, NIC virtio"), text.out.constData());
    QVERIFY(text.out.contains("fstab mounts /dev/sda3 by device name; on virtio it becomes /dev/vda3"));

    QCOMPARE(runProcess(cli, {u"inspect"_s}).exitCode, 2);
    QCOMPARE(runProcess(cli, {u"inspect"_s, image(u"windows"_s), u"--format"_s, u"vmdk"_s}).exitCode, 2);
    const ProcessResult missing = runProcess(cli, {u"inspect"_s, m_dir->filePath(u"nope.img"_s)});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.startsWith("ferry-cli: "));
}

QTEST_GUILESS_MAIN(TestInspector)
#include "tst_inspector.moc"
