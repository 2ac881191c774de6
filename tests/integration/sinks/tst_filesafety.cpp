// What Ferry writes holds guest data (keys, password hashes, databases): it is created
// private, never written through a planted symbolic link, never resumed from a file
// another user owns, and an image is never opened with a backing file.
#include "data/nbdsink.h"
#include "data/rawfilesink.h"
#include "data/resumejournal.h"
#include "nbd/nbdconnection.h"
#include "nbd/qemunbdexport.h"
#include "plan/migrationreport.h"
#include "target/directorymigrationtarget.h"
#include "target/libvirtconnection.h"
#include "target/libvirtmigrationtarget.h"
#include "target/libvirttarget.h"
#include "target/libvirtvolumesink.h"
#include "target/outputdirectory.h"
#include "testsupport.h"
#include "vsphere/labsource.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kDiskSize = 1024 * 1024;
constexpr uid_t kNobody = 65534;

// Permission bits of path itself (a link is not followed), -1 when it does not exist.
int modeOf(const QString &path)
{
    struct stat info = {};
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

QString octal(int mode)
{
    return QString::number(mode, 8);
}

std::unique_ptr<Sink> makeSink(const QString &kind, const QString &path)
{
    if (kind == u"raw"_s)
        return std::make_unique<RawFileSink>(path);
    NbdSink::Options options;
    options.format = u"qcow2"_s;
    return std::make_unique<NbdSink>(path, options);
}

ResumeJournal::Source journalSource()
{
    return {u"https://esx.example/folder/vm/vm-flat.vmdk"_s, kDiskSize, 256 * 1024, {}};
}

// Opens whatever `kind` names at path: a disk (raw, qcow2) or the journal kept next to it.
Result<void> openForKind(const QString &kind, const QString &disk, Sink::OpenMode mode)
{
    if (kind == u"journal"_s) {
        auto journal = mode == Sink::OpenMode::Create ? ResumeJournal::create(disk, journalSource())
                                                      : ResumeJournal::resume(disk, journalSource());
        if (!journal)
            return std::unexpected(journal.error());
        return {};
    }
    auto sink = makeSink(kind, disk);
    auto opened = sink->open(kDiskSize, mode);
    if (opened)
        sink->discard(true);
    return opened;
}

QString pathForKind(const QString &kind, const QString &disk)
{
    return kind == u"journal"_s ? ResumeJournal::pathFor(disk) : disk;
}

VmInfo oneDiskVm(const QString &name)
{
    VmInfo vm;
    vm.moref = u"vm-1"_s;
    vm.name = name;
    vm.uuid = u"4215a8f8-5a4c-4b1b-9a3c-0b8e6e1d2f10"_s;
    vm.guestId = u"debian12_64Guest"_s;
    vm.numCpu = 1;
    vm.memoryMB = 512;
    vm.vmxPath = u"[datastore1] %1/%1.vmx"_s.arg(name);
    DiskInfo disk;
    disk.key = 2000;
    disk.label = u"Hard disk 1"_s;
    disk.controllerType = u"pvscsi"_s;
    disk.capacity = kDiskSize;
    vm.disks << disk;
    return vm;
}

QByteArray randomBytes(qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    return bytes;
}

} // namespace

class TestFileSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void createdFilesArePrivate_data();
    void createdFilesArePrivate();
    void plantedLinkIsRefused_data();
    void plantedLinkIsRefused();
    void resumeRefusesAForeignFile_data();
    void resumeRefusesAForeignFile();
    void backingFileIsNeverOpened();
    void reportIsPrivateAndNeverFollowsALink();
    void domainXmlNeverFollowsALink();
    void vmDirectoryIsPrivateAndOurs();
    void reportDirectoryIsPrivateAndOurs();
    void stagingIsPrivateAndFoundAgain();
    void cliStagesInItsStagingDirectory();

private:
    QString disk() const { return m_dir->filePath(u"disk.img"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestFileSafety::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("files owned by another user need root to plant (chown)");
}

void TestFileSafety::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestFileSafety::createdFilesArePrivate_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("raw disk") << u"raw"_s;
    QTest::newRow("qcow2 disk") << u"qcow2"_s;
    QTest::newRow("journal") << u"journal"_s;
}

void TestFileSafety::createdFilesArePrivate()
{
    QFETCH(QString, kind);
    const mode_t previous = ::umask(022); // the usual umask, which left them 0644
    const auto opened = openForKind(kind, disk(), Sink::OpenMode::Create);
    ::umask(previous);
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
    QCOMPARE(octal(modeOf(pathForKind(kind, disk()))), u"600"_s);
}

void TestFileSafety::plantedLinkIsRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<Sink::OpenMode>("mode");
    QTest::newRow("raw disk, new") << u"raw"_s << Sink::OpenMode::Create;
    QTest::newRow("raw disk, resumed") << u"raw"_s << Sink::OpenMode::Resume;
    QTest::newRow("qcow2 disk, new") << u"qcow2"_s << Sink::OpenMode::Create;
    QTest::newRow("qcow2 disk, resumed") << u"qcow2"_s << Sink::OpenMode::Resume;
    QTest::newRow("journal, new") << u"journal"_s << Sink::OpenMode::Create;
    QTest::newRow("journal, resumed") << u"journal"_s << Sink::OpenMode::Resume;
}

void TestFileSafety::plantedLinkIsRefused()
{
    QFETCH(QString, kind);
    QFETCH(Sink::OpenMode, mode);
    // A file of the right size the link points at: what an attacker wants overwritten or read.
    const QString victim = m_dir->filePath(u"victim"_s);
    QVERIFY(openForKind(kind, victim, Sink::OpenMode::Create));
    const QString victimPath = pathForKind(kind, victim);
    const QString before = Test::fileSha256(victimPath);
    QVERIFY(QFile::link(victimPath, pathForKind(kind, disk())));

    const auto opened = openForKind(kind, disk(), mode);
    QVERIFY(!opened);
    QVERIFY2(opened.error().message().contains(u"symbolic link"_s), qPrintable(opened.error().toString()));
    QCOMPARE(Test::fileSha256(victimPath), before);
    QVERIFY(QFileInfo(pathForKind(kind, disk())).isSymLink());
}

void TestFileSafety::resumeRefusesAForeignFile_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("raw disk") << u"raw"_s;
    QTest::newRow("qcow2 disk") << u"qcow2"_s;
    QTest::newRow("journal") << u"journal"_s;
}

void TestFileSafety::resumeRefusesAForeignFile()
{
    QFETCH(QString, kind);
    QVERIFY(openForKind(kind, disk(), Sink::OpenMode::Create));
    const QString path = pathForKind(kind, disk());
    QCOMPARE(::chown(QFile::encodeName(path).constData(), kNobody, kNobody), 0);
    const QString before = Test::fileSha256(path);

    const auto resumed = openForKind(kind, disk(), Sink::OpenMode::Resume);
    QVERIFY(!resumed);
    QVERIFY2(resumed.error().message().contains(u"owned by"_s), qPrintable(resumed.error().toString()));
    QCOMPARE(Test::fileSha256(path), before);
}

void TestFileSafety::backingFileIsNeverOpened()
{
    // A planted qcow2 whose backing file is a secret: qemu would read the secret through
    // every cluster the image leaves unallocated.
    const QString secret = m_dir->filePath(u"secret"_s);
    const QByteArray secretBytes = randomBytes(kDiskSize);
    QFile file(secret);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(secretBytes) == kDiskSize);
    file.close();
    QProcess create;
    create.start(u"qemu-img"_s,
                 {u"create"_s, u"-q"_s, u"-f"_s, u"qcow2"_s, u"-b"_s, secret, u"-F"_s, u"raw"_s, disk(), QString::number(kDiskSize)});
    QVERIFY(create.waitForFinished() && create.exitCode() == 0);

    // Resuming into it is refused, naming the backing file.
    const auto resumed = makeSink(u"qcow2"_s, disk())->open(kDiskSize, Sink::OpenMode::Resume);
    QVERIFY(!resumed);
    QVERIFY2(resumed.error().message().contains(u"backing file"_s), qPrintable(resumed.error().toString()));

    // Inspection exports images as they are: the backing file is not opened, the
    // unallocated clusters read as zeros.
    QemuNbdExport::Options options;
    options.image = disk();
    options.format = u"qcow2"_s;
    auto server = QemuNbdExport::start(options);
    QVERIFY2(server, server ? "" : qPrintable(server.error().toString()));
    auto connection = NbdConnection::connectUnix((*server)->socketPath(), {});
    QVERIFY2(connection, connection ? "" : qPrintable(connection.error().toString()));
    QByteArray read(kDiskSize, 'x');
    QVERIFY((*connection)->pread(0, std::span<char>(read.data(), size_t(read.size()))));
    connection->reset();
    QVERIFY((*server)->stop());
    QVERIFY(read != secretBytes);
    QCOMPARE(read, QByteArray(kDiskSize, '\0'));
}

void TestFileSafety::reportIsPrivateAndNeverFollowsALink()
{
    MigrationReport report;
    report.vm = u"web01"_s;
    const QString path = m_dir->filePath(u"report.json"_s);
    QVERIFY(report.writeTo(path));
    QCOMPARE(octal(modeOf(path)), u"600"_s);
    QVERIFY(report.writeTo(path)); // replacing our own report is fine

    const QString victim = m_dir->filePath(u"victim"_s);
    QFile file(victim);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("untouched") == 9);
    file.close();
    QVERIFY(QFile::remove(path) && QFile::link(victim, path));
    const auto written = report.writeTo(path);
    QVERIFY(!written);
    QVERIFY2(written.error().message().contains(u"symbolic link"_s), qPrintable(written.error().toString()));
    QVERIFY(QFileInfo(path).isSymLink());
    QFile check(victim);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray("untouched"));
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden | QDir::System).size(), 2); // no temporary left
}

void TestFileSafety::domainXmlNeverFollowsALink()
{
    const VmInfo vm = oneDiskVm(u"web01"_s);
    DirectoryMigrationTarget target(m_dir->path(), u"raw"_s, {}, 1);
    QVERIFY(target.prepareVm(vm, false));
    const QString xml = OutputDirectory(m_dir->path()).domainXmlPath(vm.name);
    const QString victim = m_dir->filePath(u"victim"_s);
    QFile file(victim);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("untouched") == 9);
    file.close();
    QVERIFY(QFile::link(victim, xml));

    const auto finished = target.finishVm(vm, std::nullopt);
    QVERIFY(!finished);
    QVERIFY2(finished.error().message().contains(u"symbolic link"_s), qPrintable(finished.error().toString()));
    QFile check(victim);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray("untouched"));

    // Without the link the XML is written, private.
    QVERIFY(QFile::remove(xml));
    const auto written = target.finishVm(vm, std::nullopt);
    QVERIFY2(written, written ? "" : qPrintable(written.error().toString()));
    QCOMPARE(octal(modeOf(xml)), u"600"_s);
}

void TestFileSafety::vmDirectoryIsPrivateAndOurs()
{
    const OutputDirectory output(m_dir->filePath(u"out"_s));
    const mode_t previous = ::umask(022);
    const auto prepared = output.prepareVm(u"web01"_s, false);
    ::umask(previous);
    QVERIFY2(prepared, prepared ? "" : qPrintable(prepared.error().toString()));
    QCOMPARE(octal(modeOf(output.vmDirectory(u"web01"_s))), u"700"_s);

    // A directory somebody else made for us, even an empty one, is not ours to fill.
    QVERIFY(QDir().mkpath(output.vmDirectory(u"foreign"_s)));
    QCOMPARE(::chown(QFile::encodeName(output.vmDirectory(u"foreign"_s)).constData(), kNobody, kNobody), 0);
    for (bool resume : {false, true}) {
        const auto refused = output.prepareVm(u"foreign"_s, resume);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message().contains(u"owned by"_s), qPrintable(refused.error().toString()));
    }

    // One of ours that others may write into is refused until it is private again; the
    // sticky bit (as on /tmp) keeps others from renaming what is ours, so it is accepted.
    const QByteArray open = QFile::encodeName(output.vmDirectory(u"open"_s));
    QVERIFY(QDir().mkpath(output.vmDirectory(u"open"_s)));
    for (mode_t mode : {mode_t(0777), mode_t(0770), mode_t(0702)}) {
        QCOMPARE(::chmod(open.constData(), mode), 0);
        const auto refused = output.prepareVm(u"open"_s, true);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message().contains(u"chmod go-w"_s), qPrintable(refused.error().toString()));
    }
    QCOMPARE(::chmod(open.constData(), 01777), 0);
    const auto sticky = output.prepareVm(u"open"_s, true);
    QVERIFY2(sticky, sticky ? "" : qPrintable(sticky.error().toString()));
    QCOMPARE(::chmod(open.constData(), 0755), 0);
    const auto readable = output.prepareVm(u"open"_s, true);
    QVERIFY2(readable, readable ? "" : qPrintable(readable.error().toString()));

    // A link in its place is refused too.
    QVERIFY(QDir().mkpath(m_dir->filePath(u"elsewhere"_s)));
    QVERIFY(QFile::link(m_dir->filePath(u"elsewhere"_s), output.vmDirectory(u"linked"_s)));
    const auto linked = output.prepareVm(u"linked"_s, true);
    QVERIFY(!linked);
    QVERIFY2(linked.error().message().contains(u"symbolic link"_s), qPrintable(linked.error().toString()));
}

void TestFileSafety::reportDirectoryIsPrivateAndOurs()
{
    LibvirtTarget::Options options;
    options.uri = u"test:///default"_s;
    options.pool = u"default-pool"_s;
    auto opened = LibvirtTarget::open(options);
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error().toString()));
    const QString reports = m_dir->filePath(u"ferry-reports"_s);
    LibvirtMigrationTarget target(std::move(*opened), reports, false);
    const VmInfo ours = oneDiskVm(u"web01"_s);
    const mode_t previous = ::umask(022);
    const auto prepared = target.prepareVm(ours, false);
    ::umask(previous);
    QVERIFY2(prepared, prepared ? "" : qPrintable(prepared.error().toString()));
    QCOMPARE(octal(modeOf(QFileInfo(target.reportPath(ours)).path())), u"700"_s);

    const VmInfo foreign = oneDiskVm(u"db01"_s);
    const QString directory = QFileInfo(target.reportPath(foreign)).path();
    QVERIFY(QDir().mkpath(directory));
    QCOMPARE(::chown(QFile::encodeName(directory).constData(), kNobody, kNobody), 0);
    const auto refused = target.prepareVm(foreign, false);
    QVERIFY(!refused);
    QVERIFY2(refused.error().message().contains(u"owned by"_s), qPrintable(refused.error().toString()));
}

void TestFileSafety::stagingIsPrivateAndFoundAgain()
{
    // The test driver's pool is not a local directory, so the sink stages.
    auto connection = LibvirtConnection::open(u"test:///default"_s);
    QVERIFY2(connection, connection ? "" : qPrintable(connection.error().toString()));
    std::shared_ptr<LibvirtConnection> shared = std::move(*connection);
    LibvirtVolumeSink::Options options;
    options.pool = u"default-pool"_s;
    options.volume = u"web01-disk1.raw"_s;
    options.stagingDirectory = m_dir->path();

    QString staging;
    {
        LibvirtVolumeSink sink(shared, options);
        QVERIFY(sink.open(kDiskSize, Sink::OpenMode::Create));
        QVERIFY(sink.isStaged());
        staging = sink.target();
        const QString directory = QFileInfo(staging).path();
        QCOMPARE(QFileInfo(directory).path(), m_dir->path());
        QVERIFY2(QRegularExpression(u"^ferry-staging-[A-Za-z0-9]{6}$"_s).match(QFileInfo(directory).fileName()).hasMatch(),
                 qPrintable(directory));
        QCOMPARE(octal(modeOf(directory)), u"700"_s);
        QCOMPARE(octal(modeOf(staging)), u"600"_s);
        sink.discard(true);
    }
    // --resume finds the private directory again.
    LibvirtVolumeSink resumed(shared, options);
    const auto reopened = resumed.open(kDiskSize, Sink::OpenMode::Resume);
    QVERIFY2(reopened, reopened ? "" : qPrintable(reopened.error().toString()));
    QCOMPARE(resumed.target(), staging);
    resumed.discard(false);
    QVERIFY(!QFileInfo::exists(staging));
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestFileSafety::cliStagesInItsStagingDirectory()
{
    LabSource lab;
    lab.setProgram(QStringLiteral(FERRY_LAB_PATH));
    lab.setDataDirectory(Test::sharedLabDataDir());
    auto endpoint = lab.startAndWait(600000);
    QVERIFY2(endpoint, endpoint ? "" : qPrintable(endpoint.error().toString()));
    const QString staging = m_dir->filePath(u"staging"_s);
    const QString reports = m_dir->filePath(u"reports"_s);
    QStringList arguments{u"migrate"_s};
    arguments << Test::sourceArguments(*endpoint, m_dir->path()) << u"--vm"_s << u"tiny-linux-bios"_s << u"--target"_s
              << u"test:///default"_s << u"--pool"_s << u"default-pool"_s << u"--staging-dir"_s << staging << u"--report-dir"_s << reports
              << u"--keep-partial"_s << u"--no-inspect"_s << u"--progress"_s << u"none"_s;
    const Test::ProcessResult result = Test::runProcess(QStringLiteral(FERRY_CLI_PATH), arguments);
    // The test driver takes no uploads, so the copy stops there and --keep-partial keeps
    // the staging file where --staging-dir put it.
    QVERIFY2(result.exitCode == 1 && result.err.contains("virStorageVolUpload"), result.err.constData());

    const QStringList directories = QDir(staging).entryList({u"ferry-staging-??????"_s}, QDir::Dirs | QDir::Hidden);
    QCOMPARE(directories.size(), 1);
    const QString directory = QDir(staging).filePath(directories.first());
    QCOMPARE(octal(modeOf(directory)), u"700"_s);
    const QString disk = QDir(directory).filePath(u"local-default-pool-tiny-linux-bios-disk1.raw"_s);
    QCOMPARE(octal(modeOf(disk)), u"600"_s);
    QCOMPARE(octal(modeOf(ResumeJournal::pathFor(disk))), u"600"_s);
    QCOMPARE(octal(modeOf(reports + u"/tiny-linux-bios"_s)), u"700"_s);
    QCOMPARE(octal(modeOf(reports + u"/tiny-linux-bios/report.json"_s)), u"600"_s);
}

QTEST_GUILESS_MAIN(TestFileSafety)
#include "tst_filesafety.moc"
