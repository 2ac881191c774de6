#include "safefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr mode_t kFileMode = 0600;
constexpr mode_t kDirectoryMode = 0700;

QByteArray native(const QString &path)
{
    return QFile::encodeName(path);
}

std::unexpected<Error> linkRefused(const QString &path)
{
    return fail(ErrorCode::Unsupported,
                u"%1 is a symbolic link; Ferry does not write or resume through links. Remove it and try again."_s.arg(path));
}

std::unexpected<Error> foreignRefused(const QString &path, uid_t owner)
{
    return fail(ErrorCode::Unsupported,
                u"%1 is owned by user %2, not by you (user %3); Ferry does not reuse it. Check who created it, then remove it."_s.arg(path)
                    .arg(owner)
                    .arg(::geteuid()));
}

// What lstat says about path, against what the caller expects (S_IFREG or S_IFDIR).
Result<void> checkStat(const QString &path, const struct stat &info, mode_t type)
{
    if (S_ISLNK(info.st_mode))
        return linkRefused(path);
    if ((info.st_mode & S_IFMT) != type)
        return fail(ErrorCode::Unsupported,
                    u"%1 is not a %2; remove it or choose another path."_s.arg(path, type == S_IFDIR ? u"directory"_s : u"regular file"_s));
    if (info.st_uid != ::geteuid())
        return foreignRefused(path, info.st_uid);
    // Others who may write into a directory without the sticky bit may also rename or
    // remove what Ferry keeps there, and put their own files in its place.
    if (type == S_IFDIR && (info.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (info.st_mode & S_ISVTX) == 0)
        return fail(ErrorCode::Unsupported,
                    u"%1 is writable by other users; Ferry keeps guest data only in directories they cannot change. "
                    u"Run chmod go-w %1 and try again."_s.arg(path));
    return {};
}

Result<void> checkPath(const QString &path, mode_t type)
{
    struct stat info = {};
    if (::lstat(native(path).constData(), &info) != 0) {
        if (errno == ENOENT)
            return fail(ErrorCode::NotFound, u"%1 does not exist."_s.arg(path));
        return fail(ErrorCode::Io, u"Cannot examine %1: %2"_s.arg(path, qt_error_string(errno)));
    }
    return checkStat(path, info, type);
}

Result<void> writeAll(int fd, const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(ErrorCode::Io, qt_error_string(n < 0 ? errno : EIO));
        done += n;
    }
    if (::fsync(fd) != 0)
        return fail(ErrorCode::Io, qt_error_string(errno));
    return {};
}

} // namespace

Result<int> SafeFile::create(const QString &path, int flags)
{
    const int fd = ::open(native(path).constData(), flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kFileMode);
    if (fd >= 0)
        return fd;
    const int error = errno;
    if (error == EEXIST) {
        if (QFileInfo(path).isSymLink())
            return linkRefused(path);
        return fail(ErrorCode::Usage, u"%1 already exists; remove it, choose another target or use --resume."_s.arg(path));
    }
    return fail(ErrorCode::Io, u"Cannot create %1: %2"_s.arg(path, qt_error_string(error)));
}

Result<int> SafeFile::openOwn(const QString &path, int flags)
{
    const int fd = ::open(native(path).constData(), flags | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        if (error == ELOOP)
            return linkRefused(path);
        if (error == ENOENT)
            return fail(ErrorCode::NotFound, u"%1 does not exist; start without --resume."_s.arg(path));
        return fail(ErrorCode::Io, u"Cannot open %1: %2"_s.arg(path, qt_error_string(error)));
    }
    struct stat info = {};
    Result<void> checked = ::fstat(fd, &info) == 0 ? checkStat(path, info, S_IFREG)
                                                   : fail(ErrorCode::Io, u"Cannot examine %1: %2"_s.arg(path, qt_error_string(errno)));
    if (!checked) {
        ::close(fd);
        return std::unexpected(checked.error());
    }
    return fd;
}

Result<void> SafeFile::checkOwn(const QString &path)
{
    return checkPath(path, S_IFREG);
}

Result<void> SafeFile::writeAtomically(const QString &path, const QByteArray &data)
{
    struct stat info = {};
    if (::lstat(native(path).constData(), &info) == 0) {
        if (S_ISLNK(info.st_mode))
            return linkRefused(path);
        if (!S_ISREG(info.st_mode))
            return fail(ErrorCode::Unsupported, u"%1 is not a regular file; remove it or choose another path."_s.arg(path));
    }
    const QFileInfo target(path);
    // mkostemp creates the file 0600 with O_EXCL, so nothing planted can be written through.
    QByteArray temporary = native(target.path() + u"/."_s + target.fileName() + u".XXXXXX"_s);
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0)
        return fail(ErrorCode::Io, u"Cannot write %1: %2"_s.arg(path, qt_error_string(errno)));
    Result<void> written = writeAll(fd, data);
    ::close(fd);
    // rename() replaces a link planted since the check above rather than following it.
    if (written && ::rename(temporary.constData(), native(path).constData()) != 0)
        written = fail(ErrorCode::Io, qt_error_string(errno));
    if (!written) {
        ::unlink(temporary.constData());
        return fail(ErrorCode::Io, u"Cannot write %1: %2"_s.arg(path, written.error().message()));
    }
    // The rename is durable only once the directory is synced.
    const int dir = ::open(native(target.path()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

Result<void> SafeFile::makeOwnDirectory(const QString &path)
{
    if (::mkdir(native(path).constData(), kDirectoryMode) == 0)
        return {};
    if (errno != EEXIST)
        return fail(ErrorCode::Io, u"Cannot create the directory %1: %2"_s.arg(path, qt_error_string(errno)));
    return checkOwnDirectory(path);
}

Result<void> SafeFile::checkOwnDirectory(const QString &path)
{
    return checkPath(path, S_IFDIR);
}

Result<QString> SafeFile::makeTemporaryDirectory(const QString &parent, const QString &prefix)
{
    if (!QDir().mkpath(parent))
        return fail(ErrorCode::Io, u"Cannot create the directory %1."_s.arg(parent));
    QByteArray name = native(QDir(parent).filePath(prefix + u"XXXXXX"_s));
    if (!::mkdtemp(name.data()))
        return fail(ErrorCode::Io, u"Cannot create a private directory in %1: %2"_s.arg(parent, qt_error_string(errno)));
    return QFile::decodeName(name);
}

} // namespace Ferry
