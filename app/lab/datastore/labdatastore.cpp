#include "labdatastore.h"

#include "benchdisk.h"
#include "labfiles.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QProcess>
#include <QSaveFile>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

// Bump when ferry-lab's expectations of the images change without the script changing.
constexpr char layoutVersion[] = "lab-guests-2";
constexpr int scriptTimeoutMs = 10 * 60 * 1000;

Result<void> writeIfChanged(const QString &path, const QByteArray &content)
{
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.size() == content.size() && existing.readAll() == content)
        return {};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return fail(ErrorCode::Io, u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}

// Makes `link` the same file as `target` (a hard link, or a copy across filesystems).
Result<void> ensureLink(const QString &target, const QString &link)
{
    struct stat a = {};
    struct stat b = {};
    const QByteArray targetName = QFile::encodeName(target);
    const QByteArray linkName = QFile::encodeName(link);
    if (::stat(targetName.constData(), &a) != 0)
        return fail(ErrorCode::Io, u"the guest image %1 is missing"_s.arg(target));
    if (::stat(linkName.constData(), &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
        return {};
    const QString temporary = link + u".new"_s;
    QFile::remove(temporary);
    const QByteArray temporaryName = QFile::encodeName(temporary);
    // Another file system: a symbolic link to an absolute image, a copy of the lab's own.
    if (::link(targetName.constData(), temporaryName.constData()) != 0
        && (!QFileInfo(target).isAbsolute() || ::symlink(targetName.constData(), temporaryName.constData()) != 0)
        && !QFile::copy(target, temporary))
        return fail(ErrorCode::Io, u"cannot link %1 to %2"_s.arg(link, target));
    if (::rename(temporaryName.constData(), linkName.constData()) != 0)
        return fail(ErrorCode::Io, u"cannot rename %1"_s.arg(temporary));
    return {};
}

Result<void> ensureSparse(const QString &path, qint64 size)
{
    if (QFileInfo(path).size() == size)
        return {};
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || !file.resize(size))
        return fail(ErrorCode::Io, u"cannot create %1: %2"_s.arg(path, file.errorString()));
    return {};
}

// The version, then the SHA-256 of make-lab-guests.sh and of the make-boot-disk.sh it
// calls from its own directory: a change to either rebuilds the images.
QString scriptStamp(const QString &script)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &path : QStringList{script, QFileInfo(script).absolutePath() + u"/make-boot-disk.sh"_s}) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        hash.addData(file.readAll());
    }
    return QString::fromLatin1(layoutVersion) + u' ' + QString::fromLatin1(hash.result().toHex());
}

} // namespace

LabDatastore::LabDatastore(QString dataDir)
    : m_dataDir(std::move(dataDir))
{
}

QString LabDatastore::datastoreRoot() const
{
    return m_dataDir + u"/datastore1"_s;
}

QString LabDatastore::imagePath(const QString &image) const
{
    if (QFileInfo(image).isAbsolute()) // --guest-vm: served where it is
        return image;
    return image.startsWith(u"bench-") ? m_dataDir + u"/bench/"_s + image : m_dataDir + u"/guests/"_s + image;
}

QString LabDatastore::findGuestScript()
{
    const QString name = u"make-lab-guests.sh"_s;
    QStringList candidates;
    if (qEnvironmentVariableIsSet("FERRY_LAB_GUEST_SCRIPT"))
        candidates.append(qEnvironmentVariable("FERRY_LAB_GUEST_SCRIPT"));
    const QString exeDir = QCoreApplication::applicationDirPath();
    candidates.append(exeDir + u"/../share/ferry/"_s + name);
    candidates.append(QStringLiteral(FERRY_LAB_SOURCE_DIR "/tests/fixtures/guests/") + name);
    for (const QString &candidate : std::as_const(candidates)) {
        if (QFileInfo(candidate).isFile())
            return QFileInfo(candidate).absoluteFilePath();
    }
    return {};
}

Result<void> LabDatastore::prepare(const QList<LabVmSpec> &vms, qint64 benchDiskSize)
{
    if (!QDir().mkpath(m_dataDir))
        return fail(ErrorCode::Io, u"cannot create the data directory %1"_s.arg(m_dataDir));
    QLockFile lock(m_dataDir + u"/prepare.lock"_s);
    lock.setStaleLockTime(0);
    if (!lock.tryLock(scriptTimeoutMs))
        return fail(ErrorCode::Timeout, u"another ferry-lab is still preparing %1; try again or use another --data-dir"_s.arg(m_dataDir));
    if (auto images = ensureGuestImages(); !images)
        return images;
    if (benchDiskSize > 0) {
        QDir().mkpath(m_dataDir + u"/bench"_s);
        if (auto bench = BenchDisk::ensure(imagePath(u"bench-%1.img"_s.arg(benchDiskSize)), benchDiskSize); !bench)
            return bench;
    }
    for (const LabVmSpec &vm : vms) {
        if (auto done = layoutVm(vm); !done)
            return done;
    }
    return {};
}

Result<void> LabDatastore::ensureGuestImages()
{
    const QString script = findGuestScript();
    if (script.isEmpty())
        return fail(ErrorCode::NotFound, u"make-lab-guests.sh not found; set FERRY_LAB_GUEST_SCRIPT or reinstall Ferry"_s);
    const QString stamp = scriptStamp(script);
    if (stamp.isEmpty())
        return fail(ErrorCode::NotFound, u"cannot read %1 or the make-boot-disk.sh next to it; reinstall Ferry"_s.arg(script));
    const QString guests = m_dataDir + u"/guests"_s;
    QFile stampFile(guests + u"/stamp"_s);
    if (stampFile.open(QIODevice::ReadOnly) && QString::fromLatin1(stampFile.readAll().trimmed()) == stamp)
        return {};
    QTextStream(stderr) << "ferry-lab: building guest images in " << guests << " (first start or changed script)\n";
    const QString building = m_dataDir + u"/guests.building"_s;
    QDir(building).removeRecursively();
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(u"/bin/bash"_s, {script, building});
    if (!process.waitForFinished(scriptTimeoutMs) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        process.kill();
        process.waitForFinished();
        QDir(building).removeRecursively();
        return fail(ErrorCode::Process, u"%1 failed; run it by hand to see why"_s.arg(script), process.errorString());
    }
    if (auto written = writeIfChanged(building + u"/stamp"_s, stamp.toLatin1() + '\n'); !written)
        return written;
    QDir(guests).removeRecursively();
    if (!QDir().rename(building, guests))
        return fail(ErrorCode::Io, u"cannot move %1 to %2"_s.arg(building, guests));
    return {};
}

Result<void> LabDatastore::layoutVm(const LabVmSpec &vm)
{
    const QString dir = datastoreRoot() + u'/' + vm.directory();
    if (!QDir().mkpath(dir))
        return fail(ErrorCode::Io, u"cannot create %1"_s.arg(dir));
    if (auto vmx = writeIfChanged(dir + u'/' + vm.name + u".vmx"_s, LabFiles::vmx(vm)); !vmx)
        return vmx;
    if (auto vmsd = writeIfChanged(dir + u'/' + vm.name + u".vmsd"_s, LabFiles::vmsd(vm)); !vmsd)
        return vmsd;
    if (vm.efi) {
        if (auto nvram = ensureSparse(dir + u'/' + vm.name + u".nvram"_s, 8192); !nvram)
            return nvram;
    }
    for (const LabDiskSpec &disk : vm.disks) {
        if (auto done = layoutDisk(dir, vm, disk); !done)
            return done;
    }
    return {};
}

Result<void> LabDatastore::layoutDisk(const QString &dir, const LabVmSpec &vm, const LabDiskSpec &disk)
{
    if (auto descriptor = writeIfChanged(dir + u'/' + LabFiles::descriptorName(disk), LabFiles::descriptor(vm, disk)); !descriptor)
        return descriptor;
    const QString extent = dir + u'/' + LabFiles::extentName(disk);
    if (disk.image.isEmpty()) {
        if (auto sparse = ensureSparse(extent, disk.capacity); !sparse)
            return sparse;
    } else {
        const QString image = imagePath(disk.image);
        if (QFileInfo(image).size() != disk.capacity)
            return fail(ErrorCode::Internal,
                        u"guest image %1 is not %2 bytes; delete %3 to rebuild"_s.arg(image).arg(disk.capacity).arg(m_dataDir));
        if (auto linked = ensureLink(image, extent); !linked)
            return linked;
    }
    if (disk.kind != LabDiskKind::SnapshotDelta)
        return {};
    if (auto delta = writeIfChanged(dir + u'/' + LabFiles::deltaName(disk), LabFiles::deltaDescriptor(vm, disk)); !delta)
        return delta;
    if (auto sparse = writeIfChanged(dir + u'/' + LabFiles::deltaExtentName(disk), LabFiles::cowdDelta(disk)); !sparse)
        return sparse;
    return writeIfChanged(dir + u'/' + vm.name + u"-Snapshot1.vmsn"_s, "ferry-lab snapshot state placeholder\n"_ba);
}

} // namespace Ferry::Lab
