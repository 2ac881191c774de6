#include "libvirtvolumesink.h"

#include "base/safefile.h"

#include "data/nbdsink.h"
#include "data/rawfilesink.h"
#include "target/libvirtconnection.h"
#include "target/outputdirectory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QUrl>

#include <optional>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcVolumeSink, "ferry.target.volumesink")

namespace {

const QString kStagingPrefix = QStringLiteral("ferry-staging-");

// Staging files are as big as the disk: /var/tmp rather than a /tmp that may be in RAM.
QString defaultStagingParent()
{
    const QString tmpdir = qEnvironmentVariable("TMPDIR");
    return tmpdir.isEmpty() ? u"/var/tmp"_s : tmpdir;
}

} // namespace

class LibvirtVolumeSink::Private
{
public:
    Result<bool> chooseDirect(const StoragePoolInfo &info) const;
    Result<void> openDirect(qint64 capacity, OpenMode mode);
    Result<void> openStaged(qint64 capacity, OpenMode mode);
    std::unique_ptr<Sink> makeInner(const QString &path) const;
    Result<QString> stagingPath();
    void removeStagingDirectory();
    void refreshQuietly();

    std::shared_ptr<LibvirtConnection> connection;
    Options options;
    std::unique_ptr<Sink> inner;         // writes the local file: the volume or the staging file
    std::optional<StoragePoolInfo> pool; // set once the placement is chosen
    bool staged = false;
    bool open = false;       // between a successful open() and commit()/discard()
    bool ownsVolume = false; // Staged: this sink (or the run it resumes) created the volume
    QString localPath;
    QString remotePath;
    QString stagingDirectory; // Staged: the private directory holding localPath
};

Result<bool> LibvirtVolumeSink::Private::chooseDirect(const StoragePoolInfo &info) const
{
    const bool filePool = info.type == u"dir"_s || info.type == u"fs"_s || info.type == u"netfs"_s;
    const QFileInfo directory(info.path);
    const bool reachable = connection->isLocal() && filePool && directory.isDir() && directory.isWritable();
    switch (options.placement) {
    case Placement::Direct:
        if (!reachable)
            return fail(ErrorCode::Usage,
                        u"Storage pool %1 is not a writable local directory, so its volumes cannot be written directly."_s.arg(info.name),
                        u"type %1, path %2, local %3"_s.arg(info.type, info.path).arg(connection->isLocal()));
        return true;
    case Placement::Staged:
        return false;
    case Placement::Auto:
        break;
    }
    return reachable;
}

std::unique_ptr<Sink> LibvirtVolumeSink::Private::makeInner(const QString &path) const
{
    if (options.format == u"raw"_s)
        return std::make_unique<RawFileSink>(path);
    NbdSink::Options nbd;
    nbd.format = options.format;
    nbd.maxWriters = options.maxWriters;
    return std::make_unique<NbdSink>(path, nbd);
}

Result<QString> LibvirtVolumeSink::Private::stagingPath()
{
    // One file per target host, pool and volume, so two targets never share one, in a
    // private directory with an unpredictable name (mkdtemp) so no other user can plant or
    // read it. --resume finds the file again in the directory of ours that holds it.
    const QString host = QUrl(connection->uri()).host();
    const QString name = OutputDirectory::safeFileName(u"%1-%2-%3"_s.arg(host.isEmpty() ? u"local"_s : host, options.pool, options.volume));
    const QString parent = options.stagingDirectory.isEmpty() ? defaultStagingParent() : options.stagingDirectory;
    const QDir::Filters filters = QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System;
    for (const QString &entry : QDir(parent).entryList({kStagingPrefix + u"??????"_s}, filters, QDir::Name)) {
        const QString directory = QDir(parent).filePath(entry);
        const QFileInfo file(QDir(directory).filePath(name));
        if (SafeFile::checkOwnDirectory(directory) && (file.exists() || file.isSymLink())) {
            stagingDirectory = directory;
            return file.filePath();
        }
    }
    auto created = SafeFile::makeTemporaryDirectory(parent, kStagingPrefix);
    if (!created)
        return std::unexpected(created.error().prefixed(u"--staging-dir"_s));
    stagingDirectory = *created;
    return QDir(stagingDirectory).filePath(name);
}

void LibvirtVolumeSink::Private::removeStagingDirectory()
{
    // Only once empty: a kept partial file and its journal stay for --resume.
    if (!stagingDirectory.isEmpty() && ::rmdir(QFile::encodeName(stagingDirectory).constData()) == 0)
        stagingDirectory.clear();
}

void LibvirtVolumeSink::Private::refreshQuietly()
{
    if (auto refreshed = connection->refreshPool(options.pool); !refreshed)
        qCWarning(lcVolumeSink) << refreshed.error().toString();
}

Result<void> LibvirtVolumeSink::Private::openDirect(qint64 capacity, OpenMode mode)
{
    if (mode == OpenMode::Create) {
        auto exists = connection->volumeExists(options.pool, options.volume);
        if (!exists)
            return std::unexpected(exists.error());
        if (*exists || QFileInfo::exists(localPath))
            return fail(
                ErrorCode::Usage,
                u"Storage pool %1 already has a volume named %2; Ferry does not overwrite it: delete it or migrate under another name."_s
                    .arg(options.pool, options.volume));
    }
    inner = makeInner(localPath);
    if (auto opened = inner->open(capacity, mode); !opened)
        return opened;
    // Make libvirt list the new file now, so another job sees the name taken.
    refreshQuietly();
    remotePath = localPath;
    return {};
}

Result<void> LibvirtVolumeSink::Private::openStaged(qint64 capacity, OpenMode mode)
{
    if (mode == OpenMode::Create) {
        auto created = connection->createVolume(options.pool, options.volume, capacity, options.format);
        if (!created)
            return std::unexpected(created.error());
        remotePath = created->path;
    } else {
        auto existing = connection->volumeInfo(options.pool, options.volume);
        if (!existing)
            return std::unexpected(existing.error().prefixed(u"Cannot resume"_s));
        if (existing->capacity < capacity)
            return fail(ErrorCode::Integrity,
                        u"Volume %1/%2 is smaller than the disk; it cannot be resumed. Delete it and start without --resume."_s.arg(
                            options.pool, options.volume));
        remotePath = existing->path;
    }
    ownsVolume = true;
    inner = makeInner(localPath);
    if (auto opened = inner->open(capacity, mode); !opened) {
        if (mode == OpenMode::Create) {
            (void)connection->deleteVolume(options.pool, options.volume);
            ownsVolume = false;
        }
        return opened;
    }
    return {};
}

LibvirtVolumeSink::LibvirtVolumeSink(std::shared_ptr<LibvirtConnection> connection, Options options)
    : d(std::make_unique<Private>())
{
    d->connection = std::move(connection);
    d->options = std::move(options);
}

LibvirtVolumeSink::~LibvirtVolumeSink()
{
    if (d->open)
        discard(true);
    d->removeStagingDirectory();
}

QString LibvirtVolumeSink::description() const
{
    return u"%1 volume %2/%3 on %4%5"_s.arg(d->options.format, d->options.pool, d->options.volume, d->connection->uri(),
                                            d->staged ? u" (staged in %1)"_s.arg(d->localPath) : QString());
}

QString LibvirtVolumeSink::target() const
{
    return d->localPath.isEmpty() ? d->options.volume : d->localPath;
}

QString LibvirtVolumeSink::format() const
{
    return d->options.format;
}

Result<void> LibvirtVolumeSink::open(qint64 capacity, OpenMode mode)
{
    if (d->open)
        return fail(ErrorCode::Internal, u"The volume sink %1 is already open."_s.arg(d->options.volume));
    if (d->options.format != u"raw"_s && d->options.format != u"qcow2"_s)
        return fail(ErrorCode::Usage, u"Unsupported target format \"%1\"; use raw or qcow2."_s.arg(d->options.format));
    if (auto placed = choosePlacement(); !placed)
        return placed;
    if (!d->pool->active)
        return fail(ErrorCode::Usage, u"Storage pool %1 is not active; start it with 'virsh pool-start %1'."_s.arg(d->options.pool));
    if (d->staged && mode == OpenMode::Resume && !QFileInfo::exists(d->localPath))
        return fail(ErrorCode::NotFound,
                    u"Cannot resume %1/%2: its staging file %3 is gone. Delete the volume and start without --resume."_s.arg(
                        d->options.pool, d->options.volume, d->localPath));
    auto opened = d->staged ? d->openStaged(capacity, mode) : d->openDirect(capacity, mode);
    if (!opened) {
        d->inner.reset();
        return opened;
    }
    d->open = true;
    return {};
}

Result<void> LibvirtVolumeSink::choosePlacement()
{
    if (d->pool)
        return {};
    auto pool = d->connection->poolInfo(d->options.pool);
    if (!pool)
        return std::unexpected(pool.error());
    auto direct = d->chooseDirect(*pool);
    if (!direct)
        return std::unexpected(direct.error());
    if (*direct) {
        d->localPath = QDir(pool->path).filePath(d->options.volume);
    } else {
        auto staging = d->stagingPath();
        if (!staging)
            return std::unexpected(staging.error());
        d->localPath = *staging;
    }
    d->pool = *pool;
    d->staged = !*direct;
    return {};
}

Result<std::unique_ptr<SinkWriter>> LibvirtVolumeSink::createWriter()
{
    if (!d->open)
        return fail(ErrorCode::Internal, u"The volume sink %1 is not open."_s.arg(d->options.volume));
    return d->inner->createWriter();
}

Result<std::unique_ptr<SinkReader>> LibvirtVolumeSink::createReader()
{
    if (!d->open)
        return fail(ErrorCode::Internal, u"The volume sink %1 is not open."_s.arg(d->options.volume));
    return d->inner->createReader();
}

Result<void> LibvirtVolumeSink::commit()
{
    if (!d->open)
        return fail(ErrorCode::Internal, u"The volume sink %1 is not open."_s.arg(d->options.volume));
    if (auto committed = d->inner->commit(); !committed)
        return committed;
    if (d->staged) {
        // Keep the sink open until the upload succeeded: a failed upload is discarded (or
        // kept for --resume) like a failed copy.
        if (auto uploaded = d->connection->uploadVolume(d->options.pool, d->options.volume, d->localPath, d->options.cancelled); !uploaded)
            return std::unexpected(uploaded.error().prefixed(u"%1/%2"_s.arg(d->options.pool, d->options.volume)));
        QFile::remove(d->localPath);
        d->removeStagingDirectory();
    }
    d->open = false;
    // The pool lists the volume's final allocation; a remote volume was refreshed by the upload.
    if (auto refreshed = d->connection->refreshPool(d->options.pool); !refreshed)
        return refreshed;
    auto path = d->connection->volumePath(d->options.pool, d->options.volume);
    if (!path)
        return std::unexpected(path.error().prefixed(u"The written disk is not a volume of pool %1"_s.arg(d->options.pool)));
    d->remotePath = *path;
    return {};
}

void LibvirtVolumeSink::discard(bool keepPartial)
{
    if (!d->inner)
        return;
    // After a failed upload the inner sink is already committed; discard is then a no-op
    // for it and only the staging file and the volume remain to be handled.
    d->inner->discard(keepPartial);
    if (!keepPartial) {
        if (d->staged) {
            QFile::remove(d->localPath);
            d->removeStagingDirectory();
            if (d->ownsVolume) {
                if (auto deleted = d->connection->deleteVolume(d->options.pool, d->options.volume); !deleted)
                    qCWarning(lcVolumeSink) << deleted.error().toString();
                d->ownsVolume = false;
            }
        } else {
            QFile::remove(d->localPath); // an inner sink already committed leaves the file behind
            d->refreshQuietly();
        }
    }
    d->inner.reset();
    d->open = false;
}

bool LibvirtVolumeSink::isStaged() const
{
    return d->staged;
}

QString LibvirtVolumeSink::volumePath() const
{
    return d->remotePath;
}

DomainDisk LibvirtVolumeSink::domainDisk() const
{
    DomainDisk disk;
    disk.format = d->options.format;
    if (d->staged) {
        disk.kind = DomainDisk::Kind::Volume;
        disk.pool = d->options.pool;
        disk.volume = d->options.volume;
    } else {
        disk.kind = DomainDisk::Kind::File;
        disk.path = d->remotePath;
    }
    return disk;
}

QString LibvirtVolumeSink::volumeNameFor(const QString &vmName, int diskNumber, const QString &format)
{
    return u"%1-disk%2.%3"_s.arg(OutputDirectory::safeFileName(vmName)).arg(diskNumber).arg(format);
}

} // namespace Ferry
