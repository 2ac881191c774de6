#include "rawfilesink.h"

#include "writtenmap.h"

#include "base/safefile.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcRawFileSink, "ferry.transfer.rawfilesink")

namespace {
constexpr qint64 kZeroPieceSize = 1024 * 1024;
// Largest single pwrite. The kernel's copy into the page cache costs several times more
// per byte for 1 MiB writes than for 128 KiB ones (measured on the 2-core bench VM:
// 4 GiB in 1 MiB pwrites took 2.7-7 s of system time, in 128 KiB pwrites 0.9-1.8 s),
// so bigger blocks from ChunkProcessor are written in pieces of this size.
constexpr qint64 kWritePieceSize = 128 * 1024;
const char kZeroPiece[kZeroPieceSize] = {};

QString errnoText(int error)
{
    return qt_error_string(error);
}
}

namespace {

// Shared by the sink and every writer/reader it hands out, so a writer never outlives
// the descriptor it uses.
class RawFileState
{
public:
    Result<void> checkRange(qint64 offset, qint64 length) const;
    Result<void> writeAll(qint64 offset, const char *data, qint64 length);
    Result<void> zeroRange(qint64 offset, qint64 length);
    Result<void> ioError(const QString &what, qint64 offset, int error) const;
    Result<void> reopen();
    Result<void> createNew();
    Result<void> sizeNewFile();
    void closeFile();

    QString path;
    RawFileSink::Options options;
    int fd = -1;
    qint64 capacity = 0;
    std::unique_ptr<WrittenMap> fresh; // set only for a file this session created
    std::atomic<bool> punchUnsupported = false;
    std::atomic<int> liveWriters = 0;
    std::atomic<int> liveReaders = 0;
};

Result<void> RawFileState::checkRange(qint64 offset, qint64 length) const
{
    if (fd < 0)
        return fail(ErrorCode::Internal, u"the raw file sink %1 is not open"_s.arg(path));
    if (offset < 0 || length < 0 || offset + length > capacity)
        return fail(ErrorCode::Internal, u"access outside the disk %1"_s.arg(path),
                    u"offset %1, length %2, capacity %3"_s.arg(offset).arg(length).arg(capacity));
    return {};
}

Result<void> RawFileState::ioError(const QString &what, qint64 offset, int error) const
{
    if (error == ENOSPC)
        return fail(ErrorCode::Io, u"no space left on the file system of %1; free space or choose another target"_s.arg(path),
                    u"%1 at offset %2"_s.arg(what).arg(offset));
    return fail(ErrorCode::Io, u"%1 %2 failed at offset %3: %4"_s.arg(what, path).arg(offset).arg(errnoText(error)));
}

Result<void> RawFileState::writeAll(qint64 offset, const char *data, qint64 length)
{
    while (length > 0) {
        const ssize_t n = ::pwrite(fd, data, size_t(std::min(length, kWritePieceSize)), off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return ioError(u"writing"_s, offset, n < 0 ? errno : EIO);
        data += n;
        offset += n;
        length -= n;
    }
    return {};
}

Result<void> RawFileState::zeroRange(qint64 offset, qint64 length)
{
    if (!punchUnsupported.load(std::memory_order_relaxed)) {
        // Preallocated files keep their blocks (ZERO_RANGE); sparse files get holes.
        const int mode = options.preallocate ? FALLOC_FL_ZERO_RANGE : (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE);
        if (::fallocate(fd, mode, off_t(offset), off_t(length)) == 0)
            return {};
        const int error = errno;
        if (error != EOPNOTSUPP && error != ENOSYS)
            return ioError(u"zeroing"_s, offset, error);
        if (!punchUnsupported.exchange(true))
            qCWarning(lcRawFileSink) << "The file system of" << path << "cannot punch holes; zero regions are written as zeros";
    }
    while (length > 0) {
        const qint64 piece = std::min(length, kZeroPieceSize);
        if (auto done = writeAll(offset, kZeroPiece, piece); !done)
            return done;
        offset += piece;
        length -= piece;
    }
    return {};
}

Result<void> RawFileState::reopen()
{
    auto opened = SafeFile::openOwn(path, O_RDWR);
    if (!opened)
        return std::unexpected(opened.error().prefixed(u"cannot resume"_s));
    fd = *opened;
    struct stat info = {};
    if (::fstat(fd, &info) != 0 || info.st_size != capacity) {
        closeFile();
        return fail(ErrorCode::Integrity,
                    u"%1 does not have the disk's size, so it cannot be resumed; start without --resume or delete it"_s.arg(path),
                    u"file size %1, disk capacity %2"_s.arg(qint64(info.st_size)).arg(capacity));
    }
    return {};
}

Result<void> RawFileState::sizeNewFile()
{
    if (::ftruncate(fd, off_t(capacity)) != 0)
        return ioError(u"sizing"_s, capacity, errno);
    if (options.preallocate && capacity > 0 && ::fallocate(fd, 0, 0, off_t(capacity)) != 0) {
        if (errno != EOPNOTSUPP)
            return ioError(u"preallocating"_s, 0, errno);
        qCWarning(lcRawFileSink) << "The file system of" << path << "cannot preallocate; the file stays sparse";
    }
    return {};
}

Result<void> RawFileState::createNew()
{
    auto created = SafeFile::create(path, O_RDWR);
    if (!created)
        return std::unexpected(created.error());
    fd = *created;
    if (auto sized = sizeNewFile(); !sized) {
        closeFile();
        ::unlink(QFile::encodeName(path).constData());
        return sized;
    }
    fresh = std::make_unique<WrittenMap>(capacity);
    return {};
}

void RawFileState::closeFile()
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
    fresh.reset();
}

class RawFileWriter : public SinkWriter
{
public:
    explicit RawFileWriter(std::shared_ptr<RawFileState> state)
        : m_state(std::move(state))
    {
        ++m_state->liveWriters;
    }
    ~RawFileWriter() override { --m_state->liveWriters; }

    Result<void> write(qint64 offset, QByteArrayView data) override
    {
        if (auto ok = m_state->checkRange(offset, data.size()); !ok)
            return ok;
        if (m_state->fresh)
            m_state->fresh->markWritten(offset, data.size());
        return m_state->writeAll(offset, data.data(), data.size());
    }

    Result<void> zero(qint64 offset, qint64 length) override
    {
        if (auto ok = m_state->checkRange(offset, length); !ok)
            return ok;
        if (length == 0 || (m_state->fresh && m_state->fresh->isUntouched(offset, length)))
            return {};
        return m_state->zeroRange(offset, length);
    }

    Result<void> flush() override
    {
        if (::fdatasync(m_state->fd) != 0)
            return m_state->ioError(u"syncing"_s, 0, errno);
        return {};
    }

    // The page cache makes a returned pwrite visible to every reader at once; durability
    // is left to RawFileSink::sync(), so the fetch thread never waits for the disk.
    Result<void> drain() override { return {}; }

private:
    std::shared_ptr<RawFileState> m_state;
};

class RawFileReader : public SinkReader
{
public:
    explicit RawFileReader(std::shared_ptr<RawFileState> state)
        : m_state(std::move(state))
    {
        ++m_state->liveReaders;
    }
    ~RawFileReader() override { --m_state->liveReaders; }

    Result<void> read(qint64 offset, std::span<char> buffer) override
    {
        if (auto ok = m_state->checkRange(offset, qint64(buffer.size())); !ok)
            return ok;
        char *at = buffer.data();
        qint64 left = qint64(buffer.size());
        while (left > 0) {
            const ssize_t n = ::pread(m_state->fd, at, size_t(left), off_t(offset));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return m_state->ioError(u"reading"_s, offset, n < 0 ? errno : EIO);
            at += n;
            offset += n;
            left -= n;
        }
        return {};
    }

private:
    std::shared_ptr<RawFileState> m_state;
};

} // namespace

class RawFileSink::Private : public RawFileState
{
};

RawFileSink::RawFileSink(QString path)
    : RawFileSink(std::move(path), Options{})
{
}

RawFileSink::RawFileSink(QString path, Options options)
    : d(std::make_shared<Private>())
{
    d->path = std::move(path);
    d->options = options;
}

RawFileSink::~RawFileSink()
{
    d->closeFile();
}

QString RawFileSink::description() const
{
    return u"raw file %1"_s.arg(d->path);
}

QString RawFileSink::target() const
{
    return d->path;
}

QString RawFileSink::format() const
{
    return u"raw"_s;
}

Result<void> RawFileSink::open(qint64 capacity, OpenMode mode)
{
    if (d->fd >= 0)
        return fail(ErrorCode::Internal, u"the raw file sink %1 is already open"_s.arg(d->path));
    if (capacity < 0)
        return fail(ErrorCode::Internal, u"negative disk capacity for %1"_s.arg(d->path));
    d->capacity = capacity;
    return mode == OpenMode::Resume ? d->reopen() : d->createNew();
}

Result<std::unique_ptr<SinkWriter>> RawFileSink::createWriter()
{
    if (d->fd < 0)
        return fail(ErrorCode::Internal, u"the raw file sink %1 is not open"_s.arg(d->path));
    return std::make_unique<RawFileWriter>(d);
}

Result<std::unique_ptr<SinkReader>> RawFileSink::createReader()
{
    if (d->fd < 0)
        return fail(ErrorCode::Internal, u"the raw file sink %1 is not open"_s.arg(d->path));
    return std::make_unique<RawFileReader>(d);
}

Result<void> RawFileSink::sync()
{
    if (d->fd < 0)
        return fail(ErrorCode::Internal, u"the raw file sink %1 is not open"_s.arg(d->path));
    if (::fdatasync(d->fd) != 0)
        return d->ioError(u"syncing"_s, 0, errno);
    return {};
}

Result<void> RawFileSink::commit()
{
    if (d->fd < 0)
        return fail(ErrorCode::Internal, u"the raw file sink %1 is not open"_s.arg(d->path));
    if (d->liveWriters > 0 || d->liveReaders > 0)
        return fail(ErrorCode::Internal, u"writers or readers of %1 are still alive at commit"_s.arg(d->path));
    if (::fsync(d->fd) != 0) {
        const int error = errno;
        d->closeFile();
        return d->ioError(u"syncing"_s, 0, error);
    }
    d->closeFile();
    // Make the directory entry durable too: the file was possibly created this session.
    const QByteArray dir = QFile::encodeName(QFileInfo(d->path).absolutePath());
    const int dirFd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

void RawFileSink::discard(bool keepPartial)
{
    if (d->fd < 0)
        return;
    if (keepPartial)
        ::fsync(d->fd);
    d->closeFile();
    if (!keepPartial)
        ::unlink(QFile::encodeName(d->path).constData());
}

bool RawFileSink::wroteZerosAsData() const
{
    return d->punchUnsupported.load();
}

} // namespace Ferry
