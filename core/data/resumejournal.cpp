#include "resumejournal.h"

#include "base/safefile.h"

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

constexpr int kFormatVersion = 2; // 2: the chunk field is the disk hash's chaining value
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
    Error corrupt(int lineNumber, const QString &why) const;

    QString path;
    Source source;
    int fd = -1;
    QList<ChunkDigest> loaded;
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
    if (lines[0] != "ferry-journal " + QByteArray::number(kFormatVersion))
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

Result<void> ResumeJournal::Private::load(const QByteArray &content)
{
    const qsizetype lastNewline = content.lastIndexOf('\n');
    validLength = lastNewline + 1;
    torn = validLength < content.size();
    const QList<QByteArray> lines = content.first(validLength).split('\n');
    if (auto header = checkHeader(lines); !header)
        return header;
    QMap<qint64, ChunkDigest> chunks; // a chunk recorded twice keeps its last record
    for (qsizetype i = kHeaderLines; i < lines.size(); ++i) {
        if (lines[i].isEmpty() && i == lines.size() - 1)
            break; // what split() yields after the final newline
        auto chunk = parseChunk(lines[i], int(i + 1));
        if (!chunk)
            return std::unexpected(chunk.error());
        chunks.insert(chunk->offset, *chunk);
    }
    loaded = chunks.values();
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

bool ResumeJournal::droppedTornLine() const
{
    return d->torn;
}

Result<void> ResumeJournal::append(const ChunkDigest &chunk)
{
    return append(QList<ChunkDigest>{chunk});
}

Result<void> ResumeJournal::append(const QList<ChunkDigest> &chunks)
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
    if (lines.isEmpty())
        return {};
    std::lock_guard lock(d->mutex);
    if (d->fd < 0)
        return fail(ErrorCode::Internal, u"The resume journal %1 is closed."_s.arg(d->path));
    return d->writeDurably(lines);
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
