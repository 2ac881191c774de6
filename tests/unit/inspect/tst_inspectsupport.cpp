// Inspection's support classes on temporary directories and files: guest path
// resolution that never leaves the guest, the cleanup stack's order and error handling,
// the layout cache's invalidation, and the pure helpers of the FUSE export and mounter.

#include "inspect/cleanupstack.h"
#include "inspect/guesttree.h"
#include "inspect/inspectcache.h"
#include "inspect/volumemounter.h"
#include "nbd/fuseblockexport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <thread>
#include <utime.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

void symlink(const QString &target, const QString &link)
{
    QDir().mkpath(QFileInfo(link).absolutePath());
    QVERIFY(::symlink(QFile::encodeName(target).constData(), QFile::encodeName(link).constData()) == 0);
}

} // namespace

class TestInspectSupport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void guestTreeFollowsLinksInsideTheGuest();
    void guestTreeStaysInsideOnDotDot();
    void guestTreeRefusesLinkLoops();
    void guestTreeMountsAndCase();
    void guestTreeGlobAndBoundedRead();
    void cleanupStackUnwindsInReverse();
    void cleanupStackContinuesAfterFailure();
    void cleanupStackIsThreadSafe();
    void cacheHitsMissesAndInvalidates();
    void cacheIgnoresNonImageTargets();
    void fuseBlockdevFromUri_data();
    void fuseBlockdevFromUri();
    void mountWays();
};

void TestInspectSupport::guestTreeFollowsLinksInsideTheGuest()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(u"root"_s);
    writeFile(root + u"/usr/lib/os-release"_s, "ID=guest\n");
    symlink(u"../usr/lib/os-release"_s, root + u"/etc/os-release"_s);
    symlink(u"usr/lib"_s, root + u"/lib"_s);
    // An absolute link must resolve in the guest: the host's /etc/passwd is never read.
    writeFile(root + u"/etc/passwd"_s, "guest-passwd\n");
    symlink(u"/etc/passwd"_s, root + u"/home/link"_s);
    const GuestTree tree(root);
    QCOMPARE(tree.read(u"/etc/os-release"_s, 100).value_or(QByteArray()), QByteArray("ID=guest\n"));
    QCOMPARE(tree.read(u"/lib/os-release"_s, 100).value_or(QByteArray()), QByteArray("ID=guest\n"));
    QCOMPARE(tree.read(u"/home/link"_s, 100).value_or(QByteArray()), QByteArray("guest-passwd\n"));
    QCOMPARE(tree.resolve(u"/home/link"_s), root + u"/etc/passwd"_s);
    QVERIFY(!tree.exists(u"/missing"_s));
    QCOMPARE(tree.read(u"/missing"_s, 10).error().code(), ErrorCode::NotFound);
    QCOMPARE(tree.read(u"/etc"_s, 10).error().code(), ErrorCode::Io);
}

void TestInspectSupport::guestTreeStaysInsideOnDotDot()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(u"root"_s);
    writeFile(dir.filePath(u"outside"_s), "host file\n");
    writeFile(root + u"/etc/hostname"_s, "guest\n");
    symlink(u"../../../../outside"_s, root + u"/etc/escape"_s);
    const GuestTree tree(root);
    QVERIFY(!tree.exists(u"/etc/escape"_s)); // ".." stops at the guest root: /outside is not in the guest
    QVERIFY(!tree.exists(u"/../outside"_s));
    QCOMPARE(tree.read(u"/../../etc/hostname"_s, 100).value_or(QByteArray()), QByteArray("guest\n"));
}

void TestInspectSupport::guestTreeRefusesLinkLoops()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(u"root"_s);
    QDir().mkpath(root);
    symlink(u"b"_s, root + u"/a"_s);
    symlink(u"a"_s, root + u"/b"_s);
    const GuestTree tree(root);
    QVERIFY(tree.resolve(u"/a"_s).isEmpty());
}

void TestInspectSupport::guestTreeMountsAndCase()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(u"root"_s);
    const QString boot = dir.filePath(u"boot"_s);
    const QString esp = dir.filePath(u"esp"_s);
    writeFile(root + u"/boot/stale-on-root"_s, "hidden by the mount\n");
    writeFile(boot + u"/vmlinuz-6.1.0"_s, "kernel\n");
    writeFile(esp + u"/EFI/BOOT/BOOTX64.EFI"_s, "MZ\n");
    symlink(u"/boot/vmlinuz-6.1.0"_s, root + u"/vmlinuz"_s);
    GuestTree tree(root);
    tree.addMount(u"/boot"_s, boot);
    tree.addMount(u"/boot/efi"_s, esp, true);
    QCOMPARE(tree.read(u"/vmlinuz"_s, 100).value_or(QByteArray()), QByteArray("kernel\n"));
    QVERIFY(!tree.exists(u"/boot/stale-on-root"_s));
    QVERIFY(tree.exists(u"/boot/efi/efi/boot/bootx64.efi"_s)); // FAT: any case
    QVERIFY(!tree.exists(u"/BOOT/vmlinuz-6.1.0"_s));           // ext4: exact case
}

void TestInspectSupport::guestTreeGlobAndBoundedRead()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(u"root"_s);
    writeFile(root + u"/etc/netplan/01-a.yaml"_s, "a");
    writeFile(root + u"/etc/netplan/50-b.yaml"_s, "b");
    writeFile(root + u"/etc/netplan/README"_s, "c");
    writeFile(root + u"/big"_s, QByteArray(10000, 'x'));
    const GuestTree tree(root);
    QCOMPARE(tree.glob(u"/etc/netplan/*.yaml"_s), (QStringList{u"/etc/netplan/01-a.yaml"_s, u"/etc/netplan/50-b.yaml"_s}));
    QCOMPARE(tree.glob(u"/etc/*/50-*"_s), (QStringList{u"/etc/netplan/50-b.yaml"_s}));
    QVERIFY(tree.glob(u"/nothing/*"_s).isEmpty());
    QCOMPARE(tree.read(u"/big"_s, 100).value_or(QByteArray()).size(), 100);
}

void TestInspectSupport::cleanupStackUnwindsInReverse()
{
    QStringList order;
    {
        CleanupStack stack;
        stack.push(u"stop process"_s, [&] {
            order << u"process"_s;
            return Result<void>();
        });
        stack.push(u"detach loop"_s, [&] {
            order << u"loop"_s;
            return Result<void>();
        });
        const std::size_t depth = stack.size();
        stack.push(u"umount"_s, [&] {
            order << u"umount"_s;
            return Result<void>();
        });
        QVERIFY(stack.unwindTo(depth));
        QCOMPARE(stack.size(), depth);
    } // the destructor releases the rest
    QCOMPARE(order, (QStringList{u"umount"_s, u"loop"_s, u"process"_s}));
}

void TestInspectSupport::cleanupStackContinuesAfterFailure()
{
    CleanupStack stack;
    int ran = 0;
    stack.push(u"first"_s, [&] {
        ++ran;
        return Result<void>();
    });
    stack.push(u"failing"_s, [&] {
        ++ran;
        return Result<void>(fail(ErrorCode::Io, u"busy"_s));
    });
    stack.push(u"last"_s, [&] {
        ++ran;
        return Result<void>(fail(ErrorCode::Process, u"late"_s));
    });
    const auto done = stack.unwind();
    QCOMPARE(ran, 3);
    QVERIFY(!done);
    QCOMPARE(done.error().code(), ErrorCode::Process); // the first failure, in unwind order
    QVERIFY(done.error().message().startsWith(u"last"_s));
    QCOMPARE(stack.size(), std::size_t(0));
    QVERIFY(stack.unwind()); // nothing left
}

void TestInspectSupport::cleanupStackIsThreadSafe()
{
    CleanupStack stack;
    std::atomic<int> ran{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 250; ++i)
                stack.push(u"x"_s, [&] {
                    ++ran;
                    return Result<void>();
                });
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(stack.size(), std::size_t(1000));
    QVERIFY(stack.unwind());
    QCOMPARE(ran.load(), 1000);
}

void TestInspectSupport::cacheHitsMissesAndInvalidates()
{
    QTemporaryDir dir;
    const QString image = dir.filePath(u"disk.img"_s);
    writeFile(image, QByteArray(4096, 0));
    const InspectSource target = InspectSource::fromImage(image);
    InspectCache cache;
    const auto key = InspectCache::keyFor(target);
    QVERIFY(key);
    QVERIFY(!cache.lookup(*key));
    InspectCache::Entry entry;
    entry.layout.table = u"gpt"_s;
    entry.filesystems.insert(1048576, FilesystemInfo{u"ext4"_s, u"filesystem"_s, u"root"_s, u"u"_s, u"1.0"_s});
    cache.store(*key, entry);
    const auto hit = cache.lookup(*InspectCache::keyFor(target));
    QVERIFY(hit);
    QCOMPARE(hit->layout.table, u"gpt"_s);
    QCOMPARE(hit->filesystems.value(1048576).label, u"root"_s);

    // A write changes the mtime: the entry is dropped, not served.
    struct utimbuf times
    {
        1000, 1000
    };
    QCOMPARE(::utime(QFile::encodeName(image).constData(), &times), 0);
    const auto changed = InspectCache::keyFor(target);
    QVERIFY(!(*changed == *key));
    QVERIFY(!cache.lookup(*changed));
    QVERIFY(!cache.lookup(*key)); // gone for good
    QCOMPARE(cache.hits(), 1);
    QCOMPARE(cache.misses(), 3);
    QCOMPARE(cache.invalidations(), 1);
}

void TestInspectSupport::cacheIgnoresNonImageTargets()
{
    QVERIFY(!InspectCache::keyFor(InspectSource::fromNbdUri(u"nbd+unix:///?socket=/tmp/x"_s)));
    QVERIFY(!InspectCache::keyFor(InspectSource::fromImage(u"/nonexistent/disk.img"_s)));
}

void TestInspectSupport::fuseBlockdevFromUri_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("exportName");
    QTest::newRow("unix") << u"nbd+unix:///?socket=/tmp/ferry-nbd-x/nbd.sock"_s << u"unix"_s << u"/tmp/ferry-nbd-x/nbd.sock"_s << QString();
    QTest::newRow("unix, export, escaped") << u"nbd+unix:///disk0?socket=/tmp/a%2Cb/s"_s << u"unix"_s << u"/tmp/a,b/s"_s << u"disk0"_s;
    QTest::newRow("tcp") << u"nbd://127.0.0.1:10810/sda"_s << u"inet"_s << u"127.0.0.1"_s << u"sda"_s;
    QTest::newRow("nbds refused") << u"nbds://host/x"_s << QString() << QString() << QString();
    QTest::newRow("no socket") << u"nbd+unix:///"_s << QString() << QString() << QString();
}

void TestInspectSupport::fuseBlockdevFromUri()
{
    QFETCH(QString, uri);
    QFETCH(QString, type);
    QFETCH(QString, where);
    QFETCH(QString, exportName);
    const auto blockdev = FuseBlockExport::blockdevFor(uri);
    if (type.isEmpty()) {
        QVERIFY(!blockdev);
        QCOMPARE(blockdev.error().code(), ErrorCode::Usage);
        return;
    }
    QVERIFY(blockdev);
    const QJsonObject server = blockdev->value(u"server"_s).toObject();
    QCOMPARE(server.value(u"type"_s).toString(), type);
    QCOMPARE(server.value(type == u"unix" ? u"path"_s : u"host"_s).toString(), where);
    QCOMPARE(blockdev->value(u"export"_s).toString(), exportName);
    QCOMPARE(blockdev->value(u"read-only"_s).toBool(), true);
}

void TestInspectSupport::mountWays()
{
    auto describe = [](const QString &type) {
        QStringList out;
        for (const VolumeMounter::Way &way : VolumeMounter::ways(type))
            out << way.describe();
        return out;
    };
    QCOMPARE(describe(u"ext4"_s), (QStringList{u"ro"_s, u"ro,noload"_s}));
    QCOMPARE(describe(u"xfs"_s), (QStringList{u"ro"_s, u"ro,norecovery"_s, u"ro,nouuid"_s, u"ro,norecovery,nouuid"_s}));
    QCOMPARE(describe(u"ntfs"_s), (QStringList{u"ntfs-3g -o ro"_s}));
    QCOMPARE(describe(u"vfat"_s), (QStringList{u"ro"_s, u"fusefat -o ro"_s}));
    QVERIFY(!VolumeMounter::isMountable(u"swap"_s));
    QVERIFY(!VolumeMounter::isMountable(u"crypto_LUKS"_s));
}

QTEST_GUILESS_MAIN(TestInspectSupport)
#include "tst_inspectsupport.moc"
