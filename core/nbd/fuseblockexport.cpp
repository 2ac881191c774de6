#include "fuseblockexport.h"

#include "process/privatedirectory.h"
#include "process/spawnedprocess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <cerrno>
#include <optional>
#include <sys/mount.h>
#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int kPollIntervalMs = 10;

// A FUSE mount over the file gives it another st_dev than its directory.
bool isMountedOver(const QString &file)
{
    struct stat fileStat = {};
    struct stat dirStat = {};
    const QByteArray path = QFile::encodeName(file);
    const QByteArray dir = QFile::encodeName(QFileInfo(file).absolutePath());
    if (::stat(path.constData(), &fileStat) != 0 || ::stat(dir.constData(), &dirStat) != 0)
        return false;
    return fileStat.st_dev != dirStat.st_dev;
}

} // namespace

class FuseBlockExport::Private
{
public:
    std::unique_ptr<QTemporaryDir> dir;
    QString file;
    std::unique_ptr<SpawnedProcess> daemon;
    std::optional<Result<void>> stopResult;
};

FuseBlockExport::FuseBlockExport()
    : d(std::make_unique<Private>())
{
}

FuseBlockExport::~FuseBlockExport()
{
    stop();
}

Result<QJsonObject> FuseBlockExport::blockdevFor(const QString &nbdUri)
{
    const QUrl url(nbdUri);
    const QString scheme = url.scheme();
    QJsonObject server;
    if (scheme == u"nbd+unix") {
        const QString socket = QUrlQuery(url).queryItemValue(u"socket"_s, QUrl::FullyDecoded);
        if (socket.isEmpty())
            return fail(ErrorCode::Usage, u"The NBD URI %1 names no socket; use nbd+unix:///?socket=PATH."_s.arg(nbdUri));
        server = {{u"type"_s, u"unix"_s}, {u"path"_s, socket}};
    } else if (scheme == u"nbd") {
        if (url.host().isEmpty())
            return fail(ErrorCode::Usage, u"The NBD URI %1 names no host."_s.arg(nbdUri));
        server = {{u"type"_s, u"inet"_s}, {u"host"_s, url.host()}, {u"port"_s, QString::number(url.port(10809))}};
    } else {
        return fail(ErrorCode::Usage, u"Cannot inspect %1: only nbd:// and nbd+unix:// URIs are supported."_s.arg(nbdUri));
    }
    QString exportName = url.path(QUrl::FullyDecoded);
    if (exportName.startsWith(u'/'))
        exportName.remove(0, 1);
    return QJsonObject{
        {u"driver"_s, u"nbd"_s}, {u"node-name"_s, u"n0"_s}, {u"server"_s, server}, {u"export"_s, exportName}, {u"read-only"_s, true}};
}

Result<std::unique_ptr<FuseBlockExport>> FuseBlockExport::start(const Options &options, const std::atomic<bool> *cancel)
{
    const QString program = QStandardPaths::findExecutable(u"qemu-storage-daemon"_s);
    if (program.isEmpty())
        return fail(ErrorCode::Process, u"qemu-storage-daemon is not installed; install the qemu-system-common package."_s);
    const auto blockdev = blockdevFor(options.nbdUri);
    if (!blockdev)
        return std::unexpected(blockdev.error());
    std::unique_ptr<FuseBlockExport> fuse(new FuseBlockExport());
    Private &p = *fuse->d;
    p.dir = std::make_unique<QTemporaryDir>(PrivateDirectory::pattern(u"fuse"_s));
    if (!p.dir->isValid())
        return fail(ErrorCode::Io, u"Cannot create a private directory for the FUSE export."_s, p.dir->errorString());
    p.file = p.dir->filePath(u"disk.raw"_s);
    QFile mountpoint(p.file);
    if (!mountpoint.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, u"Cannot create the FUSE mount point %1."_s.arg(p.file), mountpoint.errorString());
    mountpoint.close();
    const QJsonObject exportObject{
        {u"type"_s, u"fuse"_s}, {u"id"_s, u"e0"_s}, {u"node-name"_s, u"n0"_s}, {u"mountpoint"_s, p.file}, {u"writable"_s, false}};
    const QStringList arguments{u"--blockdev"_s, QString::fromUtf8(QJsonDocument(*blockdev).toJson(QJsonDocument::Compact)), u"--export"_s,
                                QString::fromUtf8(QJsonDocument(exportObject).toJson(QJsonDocument::Compact))};
    auto daemon = SpawnedProcess::start(program, arguments, p.dir->filePath(u"qsd.log"_s));
    if (!daemon)
        return std::unexpected(daemon.error());
    p.daemon = std::move(*daemon);
    if (auto mounted = fuse->waitUntilMounted(options.startTimeoutMs, cancel); !mounted) {
        fuse->stop(1000);
        return std::unexpected(mounted.error());
    }
    return fuse;
}

Result<void> FuseBlockExport::waitUntilMounted(int timeoutMs, const std::atomic<bool> *cancel)
{
    for (int waited = 0; waited <= timeoutMs; waited += kPollIntervalMs) {
        if (isMountedOver(d->file))
            return {};
        if (const auto status = d->daemon->poll())
            return fail(ErrorCode::Process,
                        u"qemu-storage-daemon could not export the disk (%1)."_s.arg(SpawnedProcess::describeStatus(*status)),
                        d->daemon->stderrTail());
        if (cancel && cancel->load())
            return fail(ErrorCode::Cancelled, u"Inspection was cancelled."_s);
        QThread::msleep(kPollIntervalMs);
    }
    return fail(ErrorCode::Timeout, u"qemu-storage-daemon did not mount its FUSE export within %1 ms."_s.arg(timeoutMs),
                d->daemon->stderrTail());
}

QString FuseBlockExport::path() const
{
    return d->file;
}

qint64 FuseBlockExport::size() const
{
    return QFileInfo(d->file).size();
}

qint64 FuseBlockExport::pid() const
{
    return d->daemon ? d->daemon->pid() : 0;
}

Result<void> FuseBlockExport::stop(int graceMs)
{
    if (d->stopResult)
        return *d->stopResult;
    Result<void> result;
    if (d->daemon)
        result = d->daemon->stop(graceMs);
    // A killed daemon cannot unmount; detach the stale FUSE mount so the directory goes.
    if (!d->file.isEmpty() && isMountedOver(d->file)) {
        const QByteArray path = QFile::encodeName(d->file);
        if (::umount2(path.constData(), MNT_DETACH) != 0 && result)
            result = fail(ErrorCode::Io, u"Cannot unmount the FUSE export %1."_s.arg(d->file), qt_error_string(errno));
    }
    d->daemon.reset();
    d->dir.reset();
    d->stopResult = result;
    return result;
}

} // namespace Ferry
