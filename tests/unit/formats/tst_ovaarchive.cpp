// OvaArchive on packages made by real tools: GNU tar in ustar, pax and gnu formats, gzip
// and xz compressed, zip; and on hostile ones made with python3's tarfile: traversal,
// absolute paths, links, devices, directories, duplicates, truncation. A refused package
// fails in open(), before the caller could write anything.

#include "formats/digestingbytesource.h"
#include "formats/manifest.h"
#include "formats/ovaarchive.h"
#include "formats/ovfreader.h"
#include "formats/streamoptimizedvmdkreader.h"
#include "formattestsupport.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

// A python3 tarfile script: members given as (name, type, data) with type one of
// file, dir, symlink, hardlink, chr, blk, fifo.
const char *const tarScript = R"(
import io, sys, tarfile
out = sys.argv[1]
members = eval(sys.stdin.read())
with tarfile.open(out, 'w', format=tarfile.PAX_FORMAT) as tar:
    for name, kind, data in members:
        info = tarfile.TarInfo(name)
        info.mode = 0o644
        if kind == 'file':
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            continue
        info.type = {'dir': tarfile.DIRTYPE, 'symlink': tarfile.SYMTYPE, 'hardlink': tarfile.LNKTYPE,
                     'chr': tarfile.CHRTYPE, 'blk': tarfile.BLKTYPE, 'fifo': tarfile.FIFOTYPE}[kind]
        info.linkname = data.decode() if kind in ('symlink', 'hardlink') else ''
        tar.addfile(info)
)";

} // namespace

class TestOvaArchive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsRealArchives_data();
    void readsRealArchives();
    void refuses_data();
    void refuses();
    void refusesTruncated_data();
    void refusesTruncated();
    void streamsDiskOutOfPackage_data();
    void streamsDiskOutOfPackage();

private:
    QTemporaryDir m_dir;
    QByteArray m_disk;
    QString m_content;
    QString pythonTar(const QString &name, const QByteArray &members);
};

void TestOvaArchive::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_content = m_dir.filePath(u"content"_s);
    QVERIFY(QDir().mkpath(m_content));
    m_disk = FormatTest::patternImage(3 << 20, 3);
    QVERIFY(FormatTest::writeFile(m_content + u"/vm.ovf"_s, "<Envelope/>\n"));
    QVERIFY(FormatTest::writeFile(m_content + u"/vm.mf"_s, "SHA256(vm-disk1.vmdk)= 00\n"));
    QVERIFY(FormatTest::writeFile(m_content + u"/vm-disk1.vmdk"_s, m_disk));
    QVERIFY(FormatTest::writeFile(m_content + u"/vm-disk2.vmdk"_s, m_disk.left(100000)));
}

void TestOvaArchive::readsRealArchives_data()
{
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("filter");
    const QStringList files{u"vm.ovf"_s, u"vm-disk1.vmdk"_s, u"vm-disk2.vmdk"_s, u"vm.mf"_s}; // the .mf last, as VirtualBox does
    QTest::newRow("ustar") << u"tar"_s << QStringList{u"--format=ustar"_s, u"-cf"_s} + files << u"none"_s;
    QTest::newRow("pax") << u"tar"_s << QStringList{u"--format=pax"_s, u"-cf"_s} + files << u"none"_s;
    QTest::newRow("gnu") << u"tar"_s << QStringList{u"--format=gnu"_s, u"-cf"_s} + files << u"none"_s;
    QTest::newRow("gzip") << u"tar"_s << QStringList{u"--format=ustar"_s, u"-czf"_s} + files << u"gzip"_s;
    QTest::newRow("xz") << u"tar"_s << QStringList{u"--format=ustar"_s, u"-cJf"_s} + files << u"xz"_s;
    QTest::newRow("dot slash") << u"tar"_s << QStringList{u"--format=ustar"_s,  u"-cf"_s,           u"./vm.ovf"_s,
                                                          u"./vm-disk1.vmdk"_s, u"vm-disk2.vmdk"_s, u"vm.mf"_s}
                               << u"none"_s;
    QTest::newRow("zip") << u"zip"_s << QStringList{u"-q"_s} + files << u"none"_s;
}

void TestOvaArchive::readsRealArchives()
{
    QFETCH(QString, tool);
    QFETCH(QStringList, arguments);
    QFETCH(QString, filter);
    const QString package = m_dir.filePath(FormatTest::fileNameOf(QTest::currentDataTag()) + u".ova"_s);
    arguments.insert(tool == u"zip"_s ? 1 : 2, package); // after "-q" / after "--format=x -cf"
    QString error;
    QDir::setCurrent(m_content);
    QVERIFY2(FormatTest::run(tool, arguments, &error), qPrintable(error));
    auto ova = OvaArchive::open(package);
    QVERIFY2(ova, qPrintable(ova ? QString() : ova.error().toString()));
    QCOMPARE((*ova)->filterName(), filter);
    QStringList names;
    for (const auto &entry : (*ova)->entries())
        names.append(entry.name);
    QCOMPARE(names, QStringList({u"vm.ovf"_s, u"vm-disk1.vmdk"_s, u"vm-disk2.vmdk"_s, u"vm.mf"_s}));
    QCOMPARE((*ova)->descriptorNames(), QStringList{u"vm.ovf"_s});
    QCOMPARE((*ova)->descriptorData(u"vm.ovf"_s).value_or(QByteArray()), QByteArray("<Envelope/>\n"));
    QCOMPARE((*ova)->descriptorData(u"vm.mf"_s).value_or(QByteArray()), QByteArray("SHA256(vm-disk1.vmdk)= 00\n"));
    QVERIFY(!(*ova)->descriptorData(u"vm-disk1.vmdk"_s));
    // Streams in order, then backwards (a second pass).
    for (const QString &name : {u"vm-disk1.vmdk"_s, u"vm-disk2.vmdk"_s, u"vm-disk1.vmdk"_s}) {
        auto stream = (*ova)->entryStream(name);
        QVERIFY2(stream, qPrintable(stream ? QString() : stream.error().toString()));
        auto bytes = (*stream)->readAll(16 << 20, name);
        QVERIFY(bytes);
        QCOMPARE(*bytes, name == u"vm-disk1.vmdk"_s ? m_disk : m_disk.left(100000));
    }
    QVERIFY(!(*ova)->entryStream(u"missing.vmdk"_s));
}

QString TestOvaArchive::pythonTar(const QString &name, const QByteArray &members)
{
    const QString path = m_dir.filePath(name);
    QString error;
    if (!FormatTest::run(u"python3"_s, {u"-c"_s, QString::fromLatin1(tarScript), path}, &error, members)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return path;
}

void TestOvaArchive::refuses_data()
{
    QTest::addColumn<QByteArray>("members");
    QTest::addColumn<QString>("error");
    const QByteArray ovf = "('vm.ovf', 'file', b'<Envelope/>'), ";
    QTest::newRow("traversal") << ovf + "('../../etc/cron.d/x', 'file', b'x')" << u"'..' component"_s;
    QTest::newRow("inner traversal") << ovf + "('a/../../x', 'file', b'x')" << u"'..' component"_s;
    QTest::newRow("absolute") << ovf + "('/etc/passwd', 'file', b'x')" << u"absolute path"_s;
    QTest::newRow("symlink") << ovf + "('disk.vmdk', 'symlink', b'/dev/sda')" << u"symbolic link"_s;
    QTest::newRow("hard link") << ovf + "('disk.vmdk', 'hardlink', b'vm.ovf')" << u"hard link"_s;
    QTest::newRow("char device") << ovf + "('disk.vmdk', 'chr', b'')" << u"character device"_s;
    QTest::newRow("block device") << ovf + "('disk.vmdk', 'blk', b'')" << u"block device"_s;
    QTest::newRow("fifo") << ovf + "('disk.vmdk', 'fifo', b'')" << u"FIFO"_s;
    QTest::newRow("directory") << ovf + "('disks', 'dir', b'')" << u"directory"_s;
    QTest::newRow("duplicate") << ovf + "('disk.vmdk', 'file', b'a'), ('disk.vmdk', 'file', b'b')" << u"appears twice"_s;
    QTest::newRow("duplicate after ./") << ovf + "('disk.vmdk', 'file', b'a'), ('./disk.vmdk', 'file', b'b')" << u"appears twice"_s;
    QTest::newRow("control character") << ovf + "('disk\\x1b[2J.vmdk', 'file', b'a')" << u"control character"_s;
    QTest::newRow("backslash") << ovf + "('..\\\\evil.vmdk', 'file', b'a')" << u"backslash"_s;
    QTest::newRow("empty archive") << QByteArray("") << u"holds no files"_s;
}

void TestOvaArchive::refuses()
{
    QFETCH(QByteArray, members);
    QFETCH(QString, error);
    const QString path = pythonTar(FormatTest::fileNameOf(QTest::currentDataTag()) + u".ova"_s, "[" + members + "]");
    QVERIFY(!path.isEmpty());
    auto ova = OvaArchive::open(path);
    QVERIFY(!ova);
    QVERIFY2(ova.error().message().contains(error), qPrintable(u"got '%1', expected '%2'"_s.arg(ova.error().message(), error)));
    QVERIFY(!ova.error().message().contains(u'\n'));
}

void TestOvaArchive::refusesTruncated_data()
{
    QTest::addColumn<QString>("flags");
    QTest::addColumn<int>("keep"); // per mille of the file kept
    QTest::newRow("tar cut in the disk") << u"-cf"_s << 500;
    QTest::newRow("tar cut in the last entry") << u"-cf"_s << 985;
    QTest::newRow("gzip cut") << u"-czf"_s << 600;
    QTest::newRow("xz cut") << u"-cJf"_s << 600;
    QTest::newRow("not an archive") << QString() << 0;
}

void TestOvaArchive::refusesTruncated()
{
    QFETCH(QString, flags);
    QFETCH(int, keep);
    const QString package = m_dir.filePath(FormatTest::fileNameOf(QTest::currentDataTag()) + u".ova"_s);
    if (flags.isEmpty()) {
        QVERIFY(FormatTest::writeFile(package, QByteArray(100000, 'x')));
    } else {
        QDir::setCurrent(m_content);
        QString error;
        QVERIFY2(FormatTest::run(u"tar"_s, {u"--format=ustar"_s, flags, package, u"vm.ovf"_s, u"vm-disk2.vmdk"_s, u"vm-disk1.vmdk"_s},
                                 &error),
                 qPrintable(error));
        QFile file(package);
        QVERIFY(file.resize(file.size() * keep / 1000));
    }
    auto ova = OvaArchive::open(package);
    QVERIFY2(!ova, "a damaged package was accepted");
    QCOMPARE(ova.error().code(), ErrorCode::Integrity);
    QVERIFY(!ova.error().message().contains(u'\n'));
}

void TestOvaArchive::streamsDiskOutOfPackage_data()
{
    QTest::addColumn<QString>("flags");
    QTest::addColumn<bool>("tamper");
    QTest::newRow("tar") << u"-cf"_s << false;
    QTest::newRow("tar.gz") << u"-czf"_s << false;
    QTest::newRow("manifest mismatch") << u"-cf"_s << true;
}

// The whole path h15-source drives: an OVA made with qemu-img, sha256sum and tar; the
// descriptor and manifest from the header pass; the disk streamed out of the archive,
// through the manifest digest, into the streamOptimized decoder; output compared with cmp.
void TestOvaArchive::streamsDiskOutOfPackage()
{
    QFETCH(QString, flags);
    QFETCH(bool, tamper);
    const QString dir = m_dir.filePath(u"pkg-"_s + FormatTest::fileNameOf(QTest::currentDataTag()));
    QVERIFY(QDir().mkpath(dir));
    QDir::setCurrent(dir);
    const QByteArray raw = FormatTest::patternImage(8 << 20, 21);
    QVERIFY(FormatTest::writeFile(u"disk.raw"_s, raw));
    QString error;
    QVERIFY2(FormatTest::run(u"qemu-img"_s,
                             {u"convert"_s, u"-f"_s, u"raw"_s, u"-O"_s, u"vmdk"_s, u"-o"_s, u"subformat=streamOptimized"_s, u"disk.raw"_s,
                              u"vm-disk1.vmdk"_s},
                             &error),
             qPrintable(error));
    QByteArray ovf = FormatTest::readFile(QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures/ovf/virtualbox7.ovf"));
    ovf.replace("debian12-disk001.vmdk", "vm-disk1.vmdk").replace("ovf:capacity=\"21474836480\"", "ovf:capacity=\"8388608\"");
    QVERIFY(FormatTest::writeFile(u"vm.ovf"_s, ovf));
    QProcess sha;
    sha.start(u"sha256sum"_s, {u"--tag"_s, u"vm.ovf"_s, u"vm-disk1.vmdk"_s});
    QVERIFY(sha.waitForFinished());
    QByteArray manifest = sha.readAllStandardOutput().replace("SHA256 (", "SHA256(").replace(") = ", ")= ");
    if (tamper) {
        const qsizetype digit = manifest.indexOf("vm-disk1.vmdk)= ") + 16;
        manifest[digit] = manifest[digit] == '0' ? '1' : '0';
    }
    QVERIFY(FormatTest::writeFile(u"vm.mf"_s, manifest));
    QVERIFY2(FormatTest::run(u"tar"_s, {u"--format=ustar"_s, flags, u"vm.ova"_s, u"vm.ovf"_s, u"vm.mf"_s, u"vm-disk1.vmdk"_s}, &error),
             qPrintable(error));

    auto ova = OvaArchive::open(dir + u"/vm.ova"_s);
    QVERIFY(ova);
    auto package = OvfReader::read(*(*ova)->descriptorData((*ova)->descriptorNames().value(0)));
    QVERIFY2(package, qPrintable(package ? QString() : package.error().toString()));
    auto mf = Manifest::parse(*(*ova)->descriptorData(u"vm.mf"_s));
    QVERIFY(mf);
    const OvfFile *file = package->fileForDisk(package->systems[0], 0);
    QVERIFY(file && (*ova)->entry(file->href));
    auto stream = (*ova)->entryStream(file->href);
    QVERIFY(stream);
    DigestingByteSource checked(**stream, *mf->find(file->href));
    auto reader = StreamOptimizedVmdkReader::open(checked);
    QVERIFY(reader);
    QCOMPARE((*reader)->capacity(), package->disks[0].capacity);
    QVERIFY(FormatTest::decodeToFile(**reader, dir + u"/decoded"_s));
    auto verdict = checked.finish();
    QCOMPARE(bool(verdict), !tamper);
    if (tamper)
        QVERIFY2(verdict.error().message().contains(u"does not match the manifest"_s), qPrintable(verdict.error().message()));
    QVERIFY2(FormatTest::run(u"cmp"_s, {u"disk.raw"_s, u"decoded"_s}, &error), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestOvaArchive)
#include "tst_ovaarchive.moc"
