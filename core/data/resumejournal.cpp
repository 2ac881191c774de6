#include "resumejournal.h"

#include "base/safefile.h"
#include "zerodetector.h"

#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QUrl>

#include <cerrno>
#include <fcntl.h>
#include <mutex>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// 2: the chunk field is the disk hash's chaining value; 3: part records (read: 2 and 3)
constexpr int kFormatVersion = 3;
constexpr int kOldestReadableVersion = 2;
constexpr int kHeaderLines = 5;
constexpr qint64 kMaxJournalSize = 256 * 1024 * 1024; // ~2 million chunk lines

QString cleanUrl(const QString &url)
{
    return QUrl(url).adjusted(QUrl::RemoveUserInfo).toString(QUrl::FullyEncoded);
}

QString cleanText(QString text)
{
    return text.replace(u'\r', u' ').replace(u'\n', u' ').trimmed();
}

bool isLowerHex(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

void syncDirectoryOf(const QString &path)
{
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

class ResumeJournal::Private
{
public:
    QByteArray headerText() const;
    Result<void> writeDurably(const QByteArray &bytes);
    Result<void> load(const QByteArray &content);
    Result<void> checkHeader(const QList<QByteArray> &lines) const;
    Result<ChunkDigest> parseChunk(const QByteArray &line, int lineNumber) const;
    Result<ChunkProgress> parsePart(const QByteArray &line, int lineNumber) const;
    Result<void> upgradeHeader();
    qint64 chunkLength(qint64 offset) const { return std::min(source.chunkSize, source.capacity - offset); }
    Error corrupt(int lineNumber, const QString &why) const;

    QString path;
    Source source;
    int fd = -1;
    QList<ChunkDigest> loaded;
    QList<ChunkProgress> loadedParts;
    QMap<qint64, qint64> kept; // bytes from each chunk's start the journal holds, by offset
    int version = kFormatVersion;
    qint64 validLength = 0; // bytes of complete lines
    bool torn = false;
    std::mutex mutex;
};

QByteArray ResumeJournal::Private::headerText() const
{
    // Concatenated, not QString::arg(): a percent-encoded URL contains "%2F" and friends.
    const QString text = u"ferry-journal "_s + QString::number(kFormatVersion) + u"\nsource "_s + cleanUrl(source.url) + u"\ncapacity "_s
        + QString::number(source.capacity) + u"\nchunk-size "_s + QString::number(source.chunkSize) + u"\nfingerprint "_s
        + cleanText(source.fingerprint) + u'\n';
    return text.toUtf8();
}

Result<void> ResumeJournal::Private::writeDurably(const QByteArray &bytes)
{
    // One write() per record (O_APPEND): a crash leaves at most a missing suffix.
    const char *at = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, at, size_t(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(ErrorCode::Io, u"Cannot write the resume journal %1: %2"_s.arg(path, qt_error_string(errno)));
        at += n;
        left -= n;
    }
    if (::fdatasync(fd) != 0)
        return fail(ErrorCode::Io, u"Cannot sync the resume journal %1: %2"_s.arg(path, qt_error_string(errno)));
    return {};
}

Error ResumeJournal::Private::corrupt(int lineNumber, const QString &why) const
{
    return Error(ErrorCode::Integrity,
                 u"The resume journal %1 is damaged at line %2; start without --resume or delete it."_s.arg(path).arg(lineNumber), why);
}

Result<void> ResumeJournal::Private::checkHeader(const QList<QByteArray> &lines) const
{
    if (lines.size() < kHeaderLines || !lines[0].startsWith("ferry-journal "))
        return std::unexpected(corrupt(1, u"the header is missing or incomplete"_s));
    bool numeric = false;
    const int found = lines[0].mid(14).toInt(&numeric);
    if (!numeric || found < kOldestReadableVersion || found > kFormatVersion)
        return fail(ErrorCode::Unsupported,
                    u"The resume journal %1 was written by another version of Ferry; start without --resume or delete it."_s.arg(path),
                    QString::fromUtf8(lines[0]));
    const QList<QByteArray> expected = headerText().split('\n');
    const char *names[kHeaderLines] = {"format", "source URL", "capacity", "chunk size", "fingerprint"};
    QStringList differences;
    for (int i = 1; i < kHeaderLines; ++i) {
        if (lines[i].trimmed() != expected[i].trimmed())
            differences << QLatin1StringView(names[i]) + u": journal has \""_s + QString::fromUtf8(lines[i]) + u"\", now \""_s
                    + QString::fromUtf8(expected[i]) + u'"';
    }
    if (!differences.isEmpty())
        return fail(ErrorCode::Usage,
                    u"The resume journal %1 is for a different source, size or chunk size; start without --resume or delete %1."_s.arg(
                        path),
                    differences.join(u"; "_s));
    return {};
}

Result<ChunkDigest> ResumeJournal::Private::parseChunk(const QByteArray &line, int lineNumber) const
{
    const QList<QByteArray> fields = line.split(' ');
    if (fields.size() != 6 || fields[0] != "chunk")
        return std::unexpected(corrupt(lineNumber, u"not a chunk record"_s));
    bool ok[4] = {};
    ChunkDigest chunk;
    chunk.index = fields[1].toLongLong(&ok[0]);
    chunk.offset = fields[2].toLongLong(&ok[1]);
    chunk.length = fields[3].toLongLong(&ok[2]);
    chunk.zeroBytes = fields[5].toLongLong(&ok[3]);
    if (!(ok[0] && ok[1] && ok[2] && ok[3]) || fields[4].size() != 64 || !isLowerHex(fields[4]))
        return std::unexpected(corrupt(lineNumber, u"malformed field"_s));
    const qint64 size = source.chunkSize;
    // The index is bounded by the chunk count before it is multiplied: a huge one would overflow.
    if (chunk.index < 0 || chunk.index > (source.capacity - 1) / size || chunk.offset != chunk.index * size
        || chunk.offset >= source.capacity || chunk.length != std::min(size, source.capacity - chunk.offset) || chunk.zeroBytes < 0
        || chunk.zeroBytes > chunk.length)
        return std::unexpected(corrupt(lineNumber, u"the chunk does not fit the disk's layout"_s));
    chunk.chain = QString::fromLatin1(fields[4]);
    chunk.dataBytes = chunk.length - chunk.zeroBytes;
    return chunk;
}

Result<ChunkProgress> ResumeJournal::Private::parsePart(const QByteArray &line, int lineNumber) const
{
    const QList<QByteArray> fields = line.split(' ');
    if (fields.size() != 4 || fields[0] != "part" || version < 3)
        return std::unexpected(corrupt(lineNumber, u"not a chunk record"_s));
    bool ok[3] = {};
    ChunkProgress part;
    part.index = fields[1].toLongLong(&ok[0]);
    part.offset = fields[2].toLongLong(&ok[1]);
    part.written = fields[3].toLongLong(&ok[2]);
    if (!(ok[0] && ok[1] && ok[2]))
        return std::unexpected(corrupt(lineNumber, u"malformed field"_s));
    const qint64 size = source.chunkSize;
    if (part.index < 0 || part.index > (source.capacity - 1) / size || part.offset != part.index * size)
        return std::unexpected(corrupt(lineNumber, u"the chunk does not fit the disk's layout"_s));
    part.length = chunkLength(part.offset);
    // Off the zero map's grid, a resumed chunk would map its zero blocks wrongly.
    if (part.written <= 0 || part.written > part.length || (part.written != part.length && part.written % kZeroBlock != 0))
        return std::unexpected(corrupt(lineNumber, u"the written prefix does not fit the chunk"_s));
    return part;
}

Result<void> ResumeJournal::Private::load(const QByteArray &content)
{
    const qsizetype lastNewline = content.lastIndexOf('\n');
    validLength = lastNewline + 1;
    torn = validLength < content.size();
    const QList<QByteArray> lines = content.first(validLength).split('\n');
    if (auto header = checkHeader(lines); !header)
        return header;
    version = lines[0].mid(14).toInt();
    QMap<qint64, ChunkDigest> chunks;  // a chunk recorded twice keeps its last record
    QMap<qint64, ChunkProgress> parts; // the largest prefix of each chunk
    for (qsizetype i = kHeaderLines; i < lines.size(); ++i) {
        if (lines[i].isEmpty() && i == lines.size() - 1)
            break; // what split() yields after the final newline
        if (lines[i].startsWith("part ")) {
            auto part = parsePart(lines[i], int(i + 1));
            if (!part)
                return std::unexpected(part.error());
            if (part->written > parts.value(part->offset).written)
                parts.insert(part->offset, *part);
            continue;
        }
        auto chunk = parseChunk(lines[i], int(i + 1));
        if (!chunk)
            return std::unexpected(chunk.error());
        chunks.insert(chunk->offset, *chunk);
    }
    for (const ChunkProgress &part : std::as_const(parts)) {
        if (chunks.contains(part.offset))
            continue;
        if (part.written < part.length) {
            loadedParts.append(part);
            continue;
        }
        // Whole, but never digested: the next digest reads it back and gives it its chain.
        ChunkDigest whole;
        whole.index = part.index;
        whole.offset = part.offset;
        whole.length = part.length;
        whole.dataBytes = part.length;
        chunks.insert(whole.offset, whole);
    }
    loaded = chunks.values();
    for (const ChunkDigest &chunk : std::as_const(loaded))
        kept.insert(chunk.offset, chunk.length);
    for (const ChunkProgress &part : std::as_const(loadedParts))
        kept.insert(part.offset, part.written);
    return {};
}

Result<void> ResumeJournal::Private::upgradeHeader()
{
    // "ferry-journal 2" -> "ferry-journal 3" in place, so an older Ferry refuses a journal
    // with part records by its version instead of calling it damaged. O_APPEND would send
    // the byte to the end: it is off for this one write.
    const int flags = ::fcntl(fd, F_GETFL);
    const QByteArray digit = QByteArray::number(kFormatVersion);
    const bool written = flags >= 0 && ::fcntl(fd, F_SETFL, flags & ~O_APPEND) == 0
        && ::pwrite(fd, digit.constData(), 1, off_t(qstrlen("ferry-journal "))) == 1;
    const int error = errno;
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags);
    if (!written || ::fdatasync(fd) != 0)
        return fail(ErrorCode::Io, u"Cannot update the resume journal %1: %2"_s.arg(path, qt_error_string(written ? errno : error)));
    version = kFormatVersion;
    return {};
}

ResumeJournal::ResumeJournal()
    : d(std::make_unique<Private>())
{
}

ResumeJournal::~ResumeJournal()
{
    if (d->fd >= 0)
        ::close(d->fd);
}

QString ResumeJournal::pathFor(const QString &target)
{
    return target + u".ferry-journal"_s;
}

Result<std::unique_ptr<ResumeJournal>> ResumeJournal::prepare(const QString &target, const Source &source)
{
    if (source.capacity <= 0 || source.chunkSize <= 0)
        return fail(ErrorCode::Internal, u"A resume journal needs a capacity and a chunk size."_s);
    std::unique_ptr<ResumeJournal> journal(new ResumeJournal());
    journal->d->path = pathFor(target);
    journal->d->source = source;
    return journal;
}

Result<std::unique_ptr<ResumeJournal>> ResumeJournal::create(const QString &target, const Source &source)
{
    auto prepared = prepare(target, source);
    if (!prepared)
        return prepared;
    std::unique_ptr<ResumeJournal> journal = std::move(*prepared);
    Private &p = *journal->d;
    auto fd = SafeFile::create(p.path, O_WRONLY | O_APPEND);
    if (!fd && fd.error().code() == ErrorCode::Usage)
        return fail(ErrorCode::Usage,
                    u"A resume journal from an earlier run exists: %1. Use --resume to continue it, or delete it."_s.arg(p.path));
    if (!fd)
        return std::unexpected(fd.error());
    p.fd = *fd;
    if (auto written = p.writeDurably(p.headerText()); !written) {
        ::unlink(QFile::encodeName(p.path).constData());
        return std::unexpected(written.error());
    }
    syncDirectoryOf(p.path);
    return journal;
}

Result<std::unique_ptr<ResumeJournal>> ResumeJournal::resume(const QString &target, const Source &source)
{
    auto prepared = prepare(target, source);
    if (!prepared)
        return prepared;
    std::unique_ptr<ResumeJournal> journal = std::move(*prepared);
    Private &p = *journal->d;
    // One descriptor, checked once (no link, ours), for reading and then appending.
    auto fd = SafeFile::openOwn(p.path, O_RDWR | O_APPEND);
    if (!fd && fd.error().code() == ErrorCode::NotFound)
        return fail(ErrorCode::NotFound, u"There is no resume journal %1; start without --resume."_s.arg(p.path));
    if (!fd)
        return std::unexpected(fd.error());
    p.fd = *fd; // closed by ~ResumeJournal on every return below
    QFile file;
    if (!file.open(p.fd, QIODevice::ReadOnly, QFileDevice::DontCloseHandle) || file.size() > kMaxJournalSize)
        return fail(ErrorCode::Io, u"Cannot read the resume journal %1; start without --resume or delete it."_s.arg(p.path),
                    file.errorString());
    if (auto loaded = p.load(file.readAll()); !loaded)
        return std::unexpected(loaded.error());
    file.close();
    // Cut a torn last line off, or the next record would be glued to it.
    if (p.torn && (::ftruncate(p.fd, off_t(p.validLength)) != 0 || ::fdatasync(p.fd) != 0))
        return fail(ErrorCode::Io, u"Cannot repair the resume journal %1: %2"_s.arg(p.path, qt_error_string(errno)));
    if (p.version < kFormatVersion) {
        if (auto upgraded = p.upgradeHeader(); !upgraded)
            return std::unexpected(upgraded.error());
    }
    return journal;
}

QString ResumeJournal::path() const
{
    return d->path;
}

QList<ChunkDigest> ResumeJournal::completedChunks() const
{
    return d->loaded;
}

QList<ChunkProgress> ResumeJournal::partialChunks() const
{
    return d->loadedParts;
}

qint64 ResumeJournal::bytesKept() const
{
    std::lock_guard lock(d->mutex);
    qint64 total = 0;
    for (const qint64 bytes : std::as_const(d->kept))
        total += bytes;
    return total;
}

bool ResumeJournal::droppedTornLine() const
{
    return d->torn;
}

Result<void> ResumeJournal::append(const ChunkDigest &chunk)
{
    return append(QList<ChunkDigest>{chunk});
}

Result<void> ResumeJournal::append(const QList<ChunkDigest> &chunks, const QList<ChunkProgress> &progress)
{
    QByteArray lines;
    for (const ChunkDigest &chunk : chunks) {
        if (d->source.chunkSize <= 0 || chunk.offset % d->source.chunkSize != 0 || chunk.chain.size() != 64)
            return fail(ErrorCode::Internal, u"A chunk record does not fit the journal's layout."_s,
                        u"offset %1, length %2"_s.arg(chunk.offset).arg(chunk.length));
        lines += u"chunk %1 %2 %3 %4 %5\n"_s.arg(chunk.offset / d->source.chunkSize)
                     .arg(chunk.offset)
                     .arg(chunk.length)
                     .arg(chunk.chain)
                     .arg(chunk.zeroBytes)
                     .toLatin1();
    }
    for (const ChunkProgress &part : progress) {
        const qint64 size = d->source.chunkSize;
        if (size <= 0 || part.offset % size != 0 || part.offset < 0 || part.offset >= d->source.capacity || part.written <= 0
            || part.written > d->chunkLength(part.offset)
            || (part.written != d->chunkLength(part.offset) && part.written % kZeroBlock != 0))
            return fail(ErrorCode::Internal, u"A chunk record does not fit the journal's layout."_s,
                        u"offset %1, written %2"_s.arg(part.offset).arg(part.written));
        lines += "part " + QByteArray::number(part.offset / size) + ' ' + QByteArray::number(part.offset) + ' '
            + QByteArray::number(part.written) + '\n';
    }
    if (lines.isEmpty())
        return {};
    std::lock_guard lock(d->mutex);
    if (d->fd < 0)
        return fail(ErrorCode::Internal, u"The resume journal %1 is closed."_s.arg(d->path));
    if (auto written = d->writeDurably(lines); !written)
        return written;
    for (const ChunkDigest &chunk : chunks)
        d->kept.insert(chunk.offset, chunk.length);
    for (const ChunkProgress &part : progress)
        d->kept.insert(part.offset, std::max(d->kept.value(part.offset), part.written));
    return {};
}

Result<void> ResumeJournal::remove()
{
    std::lock_guard lock(d->mutex);
    if (d->fd >= 0)
        ::close(d->fd);
    d->fd = -1;
    if (::unlink(QFile::encodeName(d->path).constData()) != 0 && errno != ENOENT)
        return fail(ErrorCode::Io, u"Cannot delete the resume journal %1: %2"_s.arg(d->path, qt_error_string(errno)));
    return {};
}

} // namespace Ferry
