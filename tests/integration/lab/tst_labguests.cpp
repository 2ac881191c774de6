// The lab's guest disks are real: partition tables (sfdisk), filesystems found at
// their partition offsets (blkid, dumpe2fs, mtools), sparse files, the snapshot delta
// readable by QEMU as a chain, the bench disk deterministic with zero regions, every
// filesystem inside its partition, and the boot-* disks carrying a boot loader and kernel.

#include "labtestclient.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
};

Run run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    Run result;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput() + process.readAllStandardError();
    return result;
}

// Partitions of an image as sfdisk --json reports them: (start sector, size, type).
QJsonArray partitions(const QString &image)
{
    const Run dump = run(u"/usr/sbin/sfdisk"_s, {u"--json"_s, image});
    return QJsonDocument::fromJson(dump.out).object().value(u"partitiontable"_s).toObject().value(u"partitions"_s).toArray();
}

QString blkid(const QString &image, qint64 offset, const QString &tag)
{
    return QString::fromUtf8(
               run(u"/usr/sbin/blkid"_s, {u"-p"_s, u"-O"_s, QString::number(offset), u"-s"_s, tag, u"-o"_s, u"value"_s, image}).out)
        .trimmed();
}

Run mtools(const QString &program, const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"MTOOLS_SKIP_CHECK"_s, u"1"_s);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run result;
    if (process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    return result;
}

// The number after `key` on its line of tool output ("Block count:  236032"), -1 if absent.
qint64 field(const QByteArray &out, const QByteArray &key)
{
    for (const QByteArray &line : out.split('\n')) {
        if (line.trimmed().startsWith(key))
            return line.mid(line.indexOf(key) + key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Bytes the filesystem at `offset` claims: ext4 from its superblock, FAT from its boot
// sector (minfo); -1 for anything else.
qint64 filesystemBytes(const QString &image, qint64 offset, const QString &type)
{
    if (type == u"ext4"_s) {
        const Run dump = run(u"/usr/sbin/dumpe2fs"_s, {u"-h"_s, image + u"?offset="_s + QString::number(offset)});
        return dump.exitCode == 0 ? field(dump.out, "Block count:") * field(dump.out, "Block size:") : -1;
    }
    if (type == u"vfat"_s) {
        const Run info = mtools(u"minfo"_s, {u"-i"_s, image + u"@@"_s + QString::number(offset)});
        return info.exitCode == 0 ? field(info.out, "big size:") * field(info.out, "sector size:") : -1;
    }
    return -1;
}

qint64 allocated(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? qint64(info.st_blocks) * 512 : -1;
}

} // namespace

class TestLabGuests : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;

    QString flat(const QString &vm, const QString &base = {}) const
    {
        return m_data.path() + u"/datastore1/"_s + vm + u'/' + (base.isEmpty() ? vm : base) + u"-flat.vmdk"_s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        // Starting the lab builds the images; 96 MiB keeps the bench disk quick.
        auto lab = startLab(m_data.path(), {u"--bench-disk-size"_s, u"96M"_s});
        QVERIFY(lab);
    }

    void biosDisk()
    {
        const QString image = flat(u"tiny-linux-bios"_s);
        QCOMPARE(QFileInfo(image).size(), qint64(1) << 30);
        QVERIFY(allocated(image) < (64 << 20)); // sparse
        const QJsonArray parts = partitions(image);
        QCOMPARE(parts.size(), 1);
        QCOMPARE(parts.at(0).toObject().value(u"start"_s).toInteger(), 2048);
        QCOMPARE(parts.at(0).toObject().value(u"type"_s).toString(), u"83"_s);
        QCOMPARE(blkid(image, 2048 * 512, u"TYPE"_s), u"ext4"_s);
        const Run dump = run(u"/usr/sbin/dumpe2fs"_s, {u"-h"_s, image + u"?offset=1048576"_s});
        QCOMPARE(dump.exitCode, 0);
        QVERIFY(dump.out.contains("Filesystem magic number:  0xEF53"));
        const Run fstab = run(u"/usr/sbin/debugfs"_s, {u"-R"_s, u"cat /etc/fstab"_s, image + u"?offset=1048576"_s});
        QVERIFY2(fstab.out.contains("/dev/sda1 /"), fstab.out.constData());
        const Run osRelease = run(u"/usr/sbin/debugfs"_s, {u"-R"_s, u"cat /usr/lib/os-release"_s, image + u"?offset=1048576"_s});
        QVERIFY(osRelease.out.contains("ID=debian"));
        const Run interfaces = run(u"/usr/sbin/debugfs"_s, {u"-R"_s, u"cat /etc/network/interfaces"_s, image + u"?offset=1048576"_s});
        QVERIFY(interfaces.out.contains("iface ens192 inet dhcp"));
    }

    void efiDisk()
    {
        const QString image = flat(u"tiny-linux-efi"_s);
        const QJsonArray parts = partitions(image);
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts.at(0).toObject().value(u"type"_s).toString(), u"C12A7328-F81F-11D2-BA4B-00A0C93EC93B"_s);
        const qint64 espOffset = parts.at(0).toObject().value(u"start"_s).toInteger() * 512;
        const qint64 rootOffset = parts.at(1).toObject().value(u"start"_s).toInteger() * 512;
        QCOMPARE(blkid(image, espOffset, u"TYPE"_s), u"vfat"_s);
        QCOMPARE(blkid(image, rootOffset, u"TYPE"_s), u"ext4"_s);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"MTOOLS_SKIP_CHECK"_s, u"1"_s);
        QProcess mtype;
        mtype.setProcessEnvironment(environment);
        mtype.start(u"mtype"_s, {u"-i"_s, image + u"@@"_s + QString::number(espOffset), u"::/EFI/debian/grub.cfg"_s});
        QVERIFY(mtype.waitForFinished(30000));
        QVERIFY(mtype.readAllStandardOutput().contains("search.fs_uuid"));
        const Run fstab = run(u"/usr/sbin/debugfs"_s, {u"-R"_s, u"cat /etc/fstab"_s, image + u"?offset="_s + QString::number(rootOffset)});
        QVERIFY(fstab.out.contains("/boot/efi"));
    }

    void dataDisk()
    {
        const QString image = flat(u"multi-disk"_s, u"multi-disk_1"_s);
        QCOMPARE(QFileInfo(image).size(), qint64(2) << 30);
        QCOMPARE(blkid(image, 1 << 20, u"LABEL"_s), u"data"_s);
        QVERIFY(allocated(image) < (128 << 20)); // the unallocated half is a hole
        const Run blob = run(u"/usr/sbin/debugfs"_s, {u"-R"_s, u"stat /archive/blob-1.bin"_s, image + u"?offset=1048576"_s});
        QVERIFY(blob.out.contains("Size: 8388608"));
    }

    void filesystemsFitPartitions_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<int>("filesystems");
        QTest::newRow("tiny-linux-bios") << flat(u"tiny-linux-bios"_s) << 1;
        QTest::newRow("tiny-linux-efi") << flat(u"tiny-linux-efi"_s) << 2;
        QTest::newRow("multi-disk data") << flat(u"multi-disk"_s, u"multi-disk_1"_s) << 1;
        QTest::newRow("boot-bios") << flat(u"boot-bios"_s) << 1;
        QTest::newRow("boot-efi") << flat(u"boot-efi"_s) << 1;
    }

    // A kernel refuses an ext4 larger than its partition ("bad geometry"), so every ext4
    // must match its partition exactly and every FAT must lie inside its partition.
    void filesystemsFitPartitions()
    {
        QFETCH(QString, image);
        QFETCH(int, filesystems);
        const QJsonArray parts = partitions(image);
        QVERIFY(!parts.isEmpty());
        int checked = 0;
        for (const QJsonValue &value : parts) {
            const qint64 offset = value.toObject().value(u"start"_s).toInteger() * 512;
            const qint64 size = value.toObject().value(u"size"_s).toInteger() * 512;
            QVERIFY(offset + size <= QFileInfo(image).size());
            const QString type = blkid(image, offset, u"TYPE"_s);
            const qint64 used = filesystemBytes(image, offset, type);
            QVERIFY2(used > 0, qPrintable(u"%1 at %2"_s.arg(type).arg(offset)));
            if (type == u"ext4"_s)
                QCOMPARE(used, size);
            else
                QVERIFY2(used <= size && used > size - (1 << 20), qPrintable(u"%1 in %2"_s.arg(used).arg(size)));
            ++checked;
        }
        QCOMPARE(checked, filesystems);
    }

    void bootDisks_data()
    {
        QTest::addColumn<QString>("vm");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QStringList>("files");
        QTest::newRow("bios") << u"boot-bios"_s << u"dos"_s << u"c"_s
                              << QStringList{u"::/vmlinuz"_s, u"::/initrd.gz"_s, u"::/syslinux.cfg"_s, u"::/ldlinux.sys"_s};
        QTest::newRow("efi") << u"boot-efi"_s << u"gpt"_s << u"C12A7328-F81F-11D2-BA4B-00A0C93EC93B"_s
                             << QStringList{u"::/vmlinuz"_s, u"::/initrd.gz"_s, u"::/EFI/BOOT/BOOTX64.EFI"_s, u"::/EFI/BOOT/ldlinux.e64"_s,
                                            u"::/EFI/BOOT/syslinux.cfg"_s};
    }

    void bootDisks()
    {
        QFETCH(QString, vm);
        QFETCH(QString, label);
        QFETCH(QString, type);
        QFETCH(QStringList, files);
        const QString image = flat(vm);
        QCOMPARE(QFileInfo(image).size(), qint64(64) << 20);
        const Run dump = run(u"/usr/sbin/sfdisk"_s, {u"--json"_s, image});
        QCOMPARE(QJsonDocument::fromJson(dump.out).object().value(u"partitiontable"_s).toObject().value(u"label"_s).toString(), label);
        const QJsonArray parts = partitions(image);
        QCOMPARE(parts.size(), 1);
        QCOMPARE(parts.at(0).toObject().value(u"type"_s).toString(), type);
        const QString fat = image + u"@@"_s + QString::number(parts.at(0).toObject().value(u"start"_s).toInteger() * 512);
        for (const QString &file : std::as_const(files))
            QVERIFY2(mtools(u"mdir"_s, {u"-a"_s, u"-i"_s, fat, file}).exitCode == 0, qPrintable(file));
        const QString loaderConfig = vm == u"boot-efi"_s ? u"::/EFI/BOOT/syslinux.cfg"_s : u"::/syslinux.cfg"_s;
        QVERIFY(mtools(u"mtype"_s, {u"-i"_s, fat, loaderConfig}).out.contains("console=ttyS0"));
        QFile vmx(m_data.path() + u"/datastore1/"_s + vm + u'/' + vm + u".vmx"_s);
        QVERIFY(vmx.open(QIODevice::ReadOnly));
        const QByteArray config = vmx.readAll();
        QVERIFY(!config.contains("ethernet0")); // no NIC: the converted domain needs no network
        QVERIFY(config.contains("pvscsi"));
        QCOMPARE(config.contains("firmware = \"efi\""), vm == u"boot-efi"_s);
        if (vm == u"boot-efi"_s)
            QVERIFY(config.contains("uefi.secureBoot.enabled = \"FALSE\""));
    }

    void bootDiskBoots_data()
    {
        QTest::addColumn<QString>("vm");
        QTest::newRow("bios") << u"boot-bios"_s;
        QTest::newRow("efi") << u"boot-efi"_s;
    }

    // The disk really boots: QEMU (TCG; this test must not depend on KVM) runs it until
    // the guest's /init prints FERRY-BOOT-OK on the serial port and powers off.
    void bootDiskBoots()
    {
        QFETCH(QString, vm);
        const QString qemuPath = QStandardPaths::findExecutable(u"qemu-system-x86_64"_s);
        if (qemuPath.isEmpty())
            QSKIP("qemu-system-x86_64 is not installed (package qemu-system-x86)");
        QStringList arguments{u"-accel"_s,     u"tcg"_s,
                              u"-m"_s,         u"256"_s,
                              u"-display"_s,   u"none"_s,
                              u"-monitor"_s,   u"none"_s,
                              u"-serial"_s,    u"stdio"_s,
                              u"-no-reboot"_s, u"-snapshot"_s,
                              u"-drive"_s,     u"file="_s + flat(vm) + u",format=raw,if=virtio"_s};
        QTemporaryDir firmware;
        if (vm == u"boot-efi"_s) {
            const QString code = u"/usr/share/OVMF/OVMF_CODE_4M.fd"_s;
            if (!QFileInfo::exists(code))
                QSKIP("OVMF is not installed (package ovmf)");
            QVERIFY(QFile::copy(u"/usr/share/OVMF/OVMF_VARS_4M.fd"_s, firmware.filePath(u"vars.fd"_s)));
            arguments += {u"-machine"_s, u"q35"_s,
                          u"-drive"_s,   u"if=pflash,format=raw,readonly=on,file="_s + code,
                          u"-drive"_s,   u"if=pflash,format=raw,file="_s + firmware.filePath(u"vars.fd"_s)};
        }
        QByteArray serial; // outlives qemu, whose readyRead appends to it
        QProcess qemu;
        qemu.setProcessChannelMode(QProcess::MergedChannels);
        connect(&qemu, &QProcess::readyRead, this, [&] { serial += qemu.readAll().right(1 << 20); });
        const auto reap = qScopeGuard([&] {
            qemu.kill();
            qemu.waitForFinished();
        });
        qemu.start(qemuPath, arguments);
        QVERIFY(qemu.waitForStarted());
        QTRY_VERIFY2_WITH_TIMEOUT(serial.contains("FERRY-BOOT-OK"), serial.right(2000).constData(), 240000);
        QTRY_COMPARE_WITH_TIMEOUT(qemu.state(), QProcess::NotRunning, 60000); // the guest powered itself off
        QCOMPARE(qemu.exitCode(), 0);
    }

    void snapshotChain()
    {
        const QString dir = m_data.path() + u"/datastore1/snapshotted/"_s;
        const Run info = run(u"qemu-img"_s, {u"info"_s, u"--backing-chain"_s, u"--output=json"_s, dir + u"snapshotted-000001.vmdk"_s});
        QCOMPARE(info.exitCode, 0);
        const QJsonArray chain = QJsonDocument::fromJson(info.out).array();
        QCOMPARE(chain.size(), 2);
        QCOMPARE(chain.at(1).toObject().value(u"filename"_s).toString(), dir + u"snapshotted.vmdk"_s);
        // The delta really differs from its base (one sector), so copying the base is wrong.
        const Run compare = run(u"qemu-img"_s,
                                {u"compare"_s, u"-f"_s, u"vmdk"_s, u"-F"_s, u"raw"_s, dir + u"snapshotted-000001.vmdk"_s,
                                 dir + u"snapshotted-flat.vmdk"_s});
        QCOMPARE(compare.exitCode, 1);
        QVERIFY(compare.out.contains("offset 32768"));
    }

    void descriptorsMatchFiles()
    {
        QFile descriptor(m_data.path() + u"/datastore1/multi-disk/multi-disk_1.vmdk"_s);
        QVERIFY(descriptor.open(QIODevice::ReadOnly));
        const QByteArray text = descriptor.readAll();
        QVERIFY(text.contains("createType=\"vmfs\""));
        QVERIFY(text.contains("RW 4194304 VMFS \"multi-disk_1-flat.vmdk\""));
        QVERIFY(text.contains("ddb.thinProvisioned = \"1\""));
        QFile vmx(m_data.path() + u"/datastore1/multi-disk/multi-disk.vmx"_s);
        QVERIFY(vmx.open(QIODevice::ReadOnly));
        const QByteArray config = vmx.readAll();
        QVERIFY(config.contains("numvcpus = \"4\""));
        QVERIFY(config.contains("cpuid.coresPerSocket = \"2\""));
        QVERIFY(config.contains("sata0:0.fileName = \"multi-disk_1.vmdk\""));
        QVERIFY(config.contains("ethernet1.virtualDev = \"e1000\""));
    }

    void benchDisk()
    {
        const QString image = flat(u"bench"_s);
        QCOMPARE(QFileInfo(image).size(), qint64(96) << 20);
        // Region 0 is pseudo-random (does not compress), the 8th 64 MiB region would be
        // zero; at 96 MiB only region 0 and half of region 1 exist, both data.
        QFile file(image);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray head = file.read(1 << 20);
        QVERIFY(qCompress(head).size() > head.size() * 99 / 100);
        // Deterministic: a second data directory gets the same bytes.
        QTemporaryDir other;
        auto lab = startLab(other.path(), {u"--bench-disk-size"_s, u"96M"_s});
        QVERIFY(lab);
        QCOMPARE(fileSha256(other.path() + u"/datastore1/bench/bench-flat.vmdk"_s), fileSha256(image));
    }

    void benchDiskZeroRegions()
    {
        QTemporaryDir other;
        auto lab = startLab(other.path(), {u"--bench-disk-size"_s, u"520M"_s});
        QVERIFY(lab);
        const QString image = other.path() + u"/datastore1/bench/bench-flat.vmdk"_s;
        QFile file(image);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.seek(qint64(7 * 64) << 20));
        QCOMPARE(file.read(1 << 20), QByteArray(1 << 20, '\0'));
        QVERIFY(file.seek(qint64(6 * 64) << 20));
        QVERIFY(file.read(4096) != QByteArray(4096, '\0'));
        QVERIFY(allocated(image) < (qint64(520 - 64 + 8) << 20));
    }
};

QTEST_GUILESS_MAIN(TestLabGuests)
#include "tst_labguests.moc"
