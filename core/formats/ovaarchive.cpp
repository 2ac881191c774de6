#include "ovaarchive.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <archive.h>
#include <archive_entry.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

struct ArchiveDeleter
{
    void operator()(archive *a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

QString archiveError(archive *a)
{
    const char *text = archive_error_string(a);
    return text ? QString::fromUtf8(text) : u"unknown libarchive error"_s;
}

Result<ArchivePtr> openArchive(const QString &path)
{
    ArchivePtr a(archive_read_new());
    if (!a)
        return fail(ErrorCode::Internal, u"libarchive: out of memory"_s);
    archive_read_support_format_tar(a.get());
    archive_read_support_format_zip(a.get());
    archive_read_support_filter_gzip(a.get());
    archive_read_support_filter_xz(a.get());
    archive_read_support_filter_zstd(a.get());
    archive_read_support_filter_bzip2(a.get());
    if (archive_read_open_filename(a.get(), QFile::encodeName(path).constData(), 1 << 20) != ARCHIVE_OK) {
        const QFileInfo info(path);
        if (!info.exists())
            return fail(ErrorCode::NotFound, u"package '%1' does not exist"_s.arg(path));
        if (!info.isFile() || !info.isReadable())
            return fail(ErrorCode::Io, u"cannot read package '%1': %2"_s.arg(path, archiveError(a.get())));
        return fail(ErrorCode::Integrity, u"package '%1' is damaged or not an archive: %2"_s.arg(info.fileName(), archiveError(a.get())));
    }
    return a;
}

QString typeName(const archive_entry *entry)
{
    if (archive_entry_hardlink(const_cast<archive_entry *>(entry)))
        return u"a hard link"_s;
    switch (archive_entry_filetype(const_cast<archive_entry *>(entry))) {
    case AE_IFDIR:
        return u"a directory"_s;
    case AE_IFLNK:
        return u"a symbolic link"_s;
    case AE_IFCHR:
        return u"a character device"_s;
    case AE_IFBLK:
        return u"a block device"_s;
    case AE_IFIFO:
        return u"a FIFO"_s;
    case AE_IFSOCK:
        return u"a socket"_s;
    default:
        return u"not a regular file"_s;
    }
}

// Why a name is unsafe to use as a package file name, or empty when it is fine.
QString unsafeName(const QString &name)
{
    if (name.isEmpty())
        return u"has an empty name"_s;
    if (name.startsWith(u'/'))
        return u"has an absolute path"_s;
    if (name.contains(u'\\'))
        return u"has a backslash in its name"_s;
    for (const QChar c : name) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return u"has a control character in its name"_s;
    }
    for (const QStringView part : QStringView(name).split(u'/')) {
        if (part == u"..")
            return u"has a '..' component (path traversal)"_s;
        if (part.isEmpty() || part == u".")
            return u"has an empty or '.' path component"_s;
    }
    return {};
}

QString normalised(QString name)
{
    while (name.startsWith(u"./"_s))
        name.remove(0, 2);
    return name;
}

QString entryName(archive_entry *entry)
{
    const char *utf8 = archive_entry_pathname_utf8(entry);
    const char *raw = utf8 ? utf8 : archive_entry_pathname(entry);
    return normalised(QString::fromUtf8(raw ? raw : ""));
}

bool isDescriptorName(const QString &name)
{
    return name.endsWith(u".ovf"_s, Qt::CaseInsensitive) || name.endsWith(u".mf"_s, Qt::CaseInsensitive)
        || name.endsWith(u".cert"_s, Qt::CaseInsensitive);
}

// The bytes of the current entry through archive_read_data: a stream with no scratch copy.
class EntryByteSource : public ByteSource
{
public:
    EntryByteSource(archive *a, QString name)
        : m_archive(a)
        , m_name(std::move(name))
    {
    }

protected:
    Result<qint64> readData(char *data, qint64 maxSize) override
    {
        const la_ssize_t got = archive_read_data(m_archive, data, size_t(maxSize));
        if (got < 0)
            return fail(ErrorCode::Integrity, u"package entry '%1': %2"_s.arg(m_name, archiveError(m_archive)));
        return qint64(got);
    }

private:
    archive *m_archive;
    QString m_name;
};

} // namespace

struct OvaArchive::Private
{
    QString path;
    QString format;
    QString filter;
    QList<Entry> entries;
    QSet<QString> names; // of entries, for the duplicate check
    QHash<QString, QByteArray> small;
    // The streaming pass.
    ArchivePtr stream;
    int streamIndex = -1; // index of the entry whose header the stream has just read
    std::unique_ptr<EntryByteSource> entrySource;

    Result<void> scan();
    Result<void> checkEntry(archive_entry *entry, QString &name);
    Result<QByteArray> readSmall(archive *a, const QString &name);
};

Result<void> OvaArchive::Private::checkEntry(archive_entry *entry, QString &name)
{
    name = entryName(entry);
    const QString shown = name.left(120);
    if (const QString why = unsafeName(name); !why.isEmpty())
        return fail(ErrorCode::Unsupported, u"package '%1' refused: entry '%2' %3"_s.arg(QFileInfo(path).fileName(), shown, why));
    if (archive_entry_hardlink(entry) || archive_entry_filetype(entry) != AE_IFREG)
        return fail(ErrorCode::Unsupported,
                    u"package '%1' refused: entry '%2' is %3; only regular files are allowed"_s.arg(QFileInfo(path).fileName(), shown,
                                                                                                    typeName(entry)));
    if (names.contains(name))
        return fail(ErrorCode::Unsupported, u"package '%1' refused: entry '%2' appears twice"_s.arg(QFileInfo(path).fileName(), shown));
    names.insert(name);
    return {};
}

Result<QByteArray> OvaArchive::Private::readSmall(archive *a, const QString &name)
{
    QByteArray data;
    char buffer[64 * 1024];
    for (;;) {
        const la_ssize_t got = archive_read_data(a, buffer, sizeof buffer);
        if (got < 0)
            return fail(ErrorCode::Integrity, u"package '%1': entry '%2': %3"_s.arg(QFileInfo(path).fileName(), name, archiveError(a)));
        if (got == 0)
            return data;
        if (data.size() + got > maxSmallEntry)
            return fail(ErrorCode::Unsupported,
                        u"package '%1' refused: '%2' is larger than %3 bytes"_s.arg(QFileInfo(path).fileName(), name).arg(maxSmallEntry));
        data.append(buffer, qsizetype(got));
    }
}

Result<void> OvaArchive::Private::scan()
{
    auto a = openArchive(path);
    if (!a)
        return std::unexpected(a.error());
    const QString fileName = QFileInfo(path).fileName();
    archive_entry *entry = nullptr;
    int status = ARCHIVE_OK;
    while ((status = archive_read_next_header(a->get(), &entry)) == ARCHIVE_OK) {
        if (entries.size() == maxEntries)
            return fail(ErrorCode::Unsupported, u"package '%1' refused: more than %2 entries"_s.arg(fileName).arg(maxEntries));
        QString name;
        if (auto ok = checkEntry(entry, name); !ok)
            return ok;
        const qint64 declared = archive_entry_size_is_set(entry) ? qint64(archive_entry_size(entry)) : -1;
        if (isDescriptorName(name)) {
            auto data = readSmall(a->get(), name);
            if (!data)
                return std::unexpected(data.error());
            entries.append(Entry{name, qint64(data->size())});
            small.insert(name, *data);
        } else {
            if (archive_read_data_skip(a->get()) != ARCHIVE_OK)
                return fail(ErrorCode::Integrity,
                            u"package '%1' is damaged at entry '%2': %3"_s.arg(fileName, name, archiveError(a->get())));
            entries.append(Entry{name, qMax<qint64>(declared, 0)});
        }
    }
    if (status != ARCHIVE_EOF)
        return fail(ErrorCode::Integrity, u"package '%1' is damaged or not an archive: %2"_s.arg(fileName, archiveError(a->get())));
    if (entries.isEmpty())
        return fail(ErrorCode::Unsupported, u"package '%1' holds no files"_s.arg(fileName));
    format = QString::fromUtf8(archive_format_name(a->get()));
    filter = QString::fromUtf8(archive_filter_name(a->get(), 0));
    return {};
}

OvaArchive::OvaArchive()
    : d(std::make_unique<Private>())
{
}

OvaArchive::~OvaArchive() = default;

Result<std::unique_ptr<OvaArchive>> OvaArchive::open(const QString &path)
{
    std::unique_ptr<OvaArchive> ova(new OvaArchive);
    ova->d->path = path;
    if (auto ok = ova->d->scan(); !ok)
        return std::unexpected(ok.error());
    return ova;
}

QString OvaArchive::path() const
{
    return d->path;
}

QString OvaArchive::formatName() const
{
    return d->format;
}

QString OvaArchive::filterName() const
{
    return d->filter;
}

const QList<OvaArchive::Entry> &OvaArchive::entries() const
{
    return d->entries;
}

const OvaArchive::Entry *OvaArchive::entry(const QString &name) const
{
    for (const Entry &candidate : d->entries) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}

QStringList OvaArchive::descriptorNames() const
{
    QStringList names;
    for (const Entry &candidate : d->entries) {
        if (candidate.name.endsWith(u".ovf"_s, Qt::CaseInsensitive))
            names.append(candidate.name);
    }
    return names;
}

Result<QByteArray> OvaArchive::descriptorData(const QString &name) const
{
    const auto found = d->small.constFind(name);
    if (found == d->small.constEnd())
        return fail(ErrorCode::NotFound, u"package '%1' has no descriptor entry '%2'"_s.arg(QFileInfo(d->path).fileName(), name));
    return *found;
}

Result<ByteSource *> OvaArchive::entryStream(const QString &name)
{
    qsizetype index = -1;
    for (qsizetype i = 0; i < d->entries.size() && index < 0; ++i)
        index = d->entries[i].name == name ? i : -1;
    if (index < 0)
        return fail(ErrorCode::NotFound, u"package '%1' has no file '%2'"_s.arg(QFileInfo(d->path).fileName(), name));
    d->entrySource.reset();
    if (!d->stream || d->streamIndex >= index) {
        auto a = openArchive(d->path);
        if (!a)
            return std::unexpected(a.error());
        d->stream = std::move(*a);
        d->streamIndex = -1;
    }
    archive_entry *entry = nullptr;
    while (d->streamIndex < index) {
        if (archive_read_next_header(d->stream.get(), &entry) != ARCHIVE_OK) {
            const QString why = archiveError(d->stream.get());
            d->stream.reset();
            return fail(ErrorCode::Integrity, u"package '%1' is damaged before '%2': %3"_s.arg(QFileInfo(d->path).fileName(), name, why));
        }
        ++d->streamIndex;
        if (entryName(entry) != d->entries[d->streamIndex].name) {
            d->stream.reset();
            return fail(ErrorCode::Integrity, u"package '%1' changed while it was read"_s.arg(QFileInfo(d->path).fileName()));
        }
    }
    d->entrySource = std::make_unique<EntryByteSource>(d->stream.get(), name);
    return d->entrySource.get();
}

} // namespace Ferry
