#include "volumemounter.h"

#include "base/backoff.h"
#include "process/toolrunner.h"

#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <sys/mount.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int kBusyAttempts = 5;
constexpr unsigned long kMountFlags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;

VolumeMounter::Way kernel(const QString &type, const QString &options = {})
{
    return VolumeMounter::Way{u"kernel"_s, type, options};
}

} // namespace

QString VolumeMounter::Way::describe() const
{
    const QString all = options.isEmpty() ? u"ro"_s : u"ro,"_s + options;
    return method == u"kernel" ? all : method + u" -o "_s + all;
}

QList<VolumeMounter::Way> VolumeMounter::ways(const QString &fsType)
{
    if (fsType == u"ext4" || fsType == u"ext3" || fsType == u"ext2")
        return {kernel(fsType), kernel(fsType, u"noload"_s)};
    if (fsType == u"xfs")
        return {kernel(fsType), kernel(fsType, u"norecovery"_s), kernel(fsType, u"nouuid"_s), kernel(fsType, u"norecovery,nouuid"_s)};
    if (fsType == u"btrfs")
        return {kernel(fsType), kernel(fsType, u"rescue=nologreplay"_s)};
    if (fsType == u"vfat")
        return {kernel(fsType), Way{u"fusefat"_s, fsType, {}}};
    if (fsType == u"ntfs")
        return {Way{u"ntfs-3g"_s, fsType, {}}};
    return {};
}

bool VolumeMounter::isMountable(const QString &fsType)
{
    return !ways(fsType).isEmpty();
}

bool VolumeMounter::isMountPoint(const QString &path)
{
    struct stat self = {};
    struct stat parent = {};
    if (::stat(QFile::encodeName(path).constData(), &self) != 0
        || ::stat(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), &parent) != 0)
        return false;
    return self.st_dev != parent.st_dev;
}

Result<void> VolumeMounter::kernelMount(const QString &device, const Way &way, const QString &mountPoint)
{
    const QByteArray source = QFile::encodeName(device);
    const QByteArray target = QFile::encodeName(mountPoint);
    const QByteArray type = way.fsType.toLatin1();
    const QByteArray data = way.options.toLatin1();
    if (::mount(source.constData(), target.constData(), type.constData(), kMountFlags, data.isEmpty() ? nullptr : data.constData()) == 0)
        return {};
    const int error = errno;
    return fail(error == EBUSY ? ErrorCode::Timeout : ErrorCode::Io, qt_error_string(error), QString::number(error));
}

Result<void> VolumeMounter::helperMount(const QString &device, const Way &way, const QString &mountPoint, const std::atomic<bool> *cancel)
{
    ToolRunner::Options options;
    options.timeoutMs = 60000;
    options.cancel = cancel;
    const QString all = way.method == u"ntfs-3g" ? u"ro,nosuid,nodev,noexec"_s : u"ro"_s;
    const auto output = ToolRunner::run(way.method, {u"-o"_s, all, device, mountPoint}, options);
    if (!output)
        return std::unexpected(output.error());
    if (output->exitCode != 0 || !isMountPoint(mountPoint))
        return fail(ErrorCode::Io, output->describe());
    return {};
}

// One way, with EBUSY retried; ErrorCode::Timeout marks "still busy".
Result<void> VolumeMounter::tryWay(const QString &device, const Way &way, const QString &mountPoint, const std::atomic<bool> *cancel,
                                   int *busyRetries)
{
    Backoff backoff(std::chrono::milliseconds(50), std::chrono::milliseconds(800));
    for (int attempt = 1;; ++attempt) {
        if (cancel && cancel->load())
            return fail(ErrorCode::Cancelled, u"Inspection was cancelled."_s);
        auto done = way.method == u"kernel" ? kernelMount(device, way, mountPoint) : helperMount(device, way, mountPoint, cancel);
        if (done || done.error().code() != ErrorCode::Timeout || attempt >= kBusyAttempts)
            return done;
        ++*busyRetries;
        QThread::msleep(quint64(backoff.next().count()));
    }
}

Result<VolumeMounter::Mounted> VolumeMounter::mount(const QString &device, const QString &fsType, const QString &mountPoint,
                                                    CleanupStack &cleanup, const std::atomic<bool> *cancel)
{
    const QList<Way> candidates = ways(fsType);
    if (candidates.isEmpty())
        return fail(ErrorCode::Unsupported, u"Ferry cannot mount %1 filesystems."_s.arg(fsType));
    Mounted mounted;
    mounted.mountPoint = mountPoint;
    for (const Way &way : candidates) {
        const auto done = tryWay(device, way, mountPoint, cancel, &mounted.busyRetries);
        if (done) {
            mounted.way = way;
            cleanup.push(u"umount "_s + mountPoint, [mountPoint] { return unmount(mountPoint); });
            return mounted;
        }
        if (done.error().code() == ErrorCode::Cancelled)
            return std::unexpected(done.error());
        const bool busy = done.error().code() == ErrorCode::Timeout;
        mounted.failures << way.describe() + u": "_s + done.error().message()
                + (busy ? u" (still busy after %1 attempts)"_s.arg(kBusyAttempts) : QString());
    }
    return fail(ErrorCode::Io, u"Cannot mount the %1 filesystem read-only."_s.arg(fsType), mounted.failures.join(u"; "_s));
}

Result<void> VolumeMounter::unmount(const QString &mountPoint)
{
    const QByteArray target = QFile::encodeName(mountPoint);
    Backoff backoff(std::chrono::milliseconds(50), std::chrono::milliseconds(800));
    for (int attempt = 1; attempt <= kBusyAttempts; ++attempt) {
        if (::umount2(target.constData(), 0) == 0 || errno == EINVAL || errno == ENOENT)
            return {};
        if (errno != EBUSY)
            break;
        QThread::msleep(quint64(backoff.next().count()));
    }
    const int error = errno;
    // Detaching lazily still frees the mount point; the filesystem goes when its last user does.
    if (::umount2(target.constData(), MNT_DETACH) == 0)
        return fail(ErrorCode::Io, u"%1 was busy and was detached lazily."_s.arg(mountPoint), qt_error_string(error));
    return fail(ErrorCode::Io, u"Cannot unmount %1."_s.arg(mountPoint), qt_error_string(errno));
}

} // namespace Ferry
