// The lab's guest disks are real: partition tables (sfdisk), filesystems found at
// their partition offsets (blkid, dumpe2fs, mtools), sparse files, the snapshot delta
// readable by QEMU as a chain, and the bench disk deterministic with zero regions.

#include "labtestclient.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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
    return QString::fromUtf8(run(u"/usr/sbin/blkid"_s, {u"-p"_s, u"-O"_s, QString::number(offset), u"-s"_s, tag, u"-o"_s, u"value"_s, image})
                                 .out).trimmed();
}

qint64 allocated(const QString &path)
{
    struct stat info {};
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

    void snapshotChain()
    {
        const QString dir = m_data.path() + u"/datastore1/snapshotted/"_s;
        const Run info = run(u"qemu-img"_s, {u"info"_s, u"--backing-chain"_s, u"--output=json"_s, dir + u"snapshotted-000001.vmdk"_s});
        QCOMPARE(info.exitCode, 0);
        const QJsonArray chain = QJsonDocument::fromJson(info.out).array();
        QCOMPARE(chain.size(), 2);
        QCOMPARE(chain.at(1).toObject().value(u"filename"_s).toString(), dir + u"snapshotted.vmdk"_s);
        // The delta really differs from its base (one sector), so copying the base is wrong.
        const Run compare = run(u"qemu-img"_s, {u"compare"_s, u"-f"_s, u"vmdk"_s, u"-F"_s, u"raw"_s, dir + u"snapshotted-000001.vmdk"_s,
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
