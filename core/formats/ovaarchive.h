#pragma once

#include "base/error.h"
#include "bytesource.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

namespace Ferry {

// An OVA (or any package archive) read through libarchive: ustar/pax/GNU tar, plain or
// gzip / xz / zstd / bzip2 compressed, and zip. Never extracted: the bytes of an entry are
// read as a stream (entryStream) straight out of the archive.
//
// open() makes a first pass over the headers of the whole archive (for an uncompressed tar
// that is seeks; a compressed one is decompressed once) and refuses the package, with one
// line naming the entry, before the caller writes anything, when an entry:
//  - is not a regular file (directory, symlink, hard link, device, fifo, socket);
//  - has an empty or absolute name, a ".." component, a backslash or a control character;
//  - has the same name as an earlier one (after dropping a leading "./");
// and when the archive is truncated or corrupt, has no entries, more than maxEntries, or is
// not an archive at all. The first pass also keeps the bytes of small descriptor entries
// (.ovf, .mf, .cert, at most maxSmallEntry each) wherever they are, so descriptorData()
// needs no second pass (ovftool puts the .ovf first, VirtualBox its .mf last).
//
// entryStream() then starts a second pass and streams the named entry. Streams are
// sequential: asking for an entry before the current one reopens the archive.
// Not thread-safe; one stream at a time (opening the next one ends the previous).
class OvaArchive
{
public:
    struct Entry
    {
        QString name; // normalised: no leading "./"
        qint64 size = 0;
    };
    static constexpr int maxEntries = 10000;
    static constexpr qint64 maxSmallEntry = 16ll << 20;

    static Result<std::unique_ptr<OvaArchive>> open(const QString &path);
    ~OvaArchive();

    QString path() const;
    QString formatName() const; // "POSIX ustar format", "GNU tar format", "ZIP 2.0 (deflation)", ...
    QString filterName() const; // "none", "gzip", "xz", ...
    const QList<Entry> &entries() const;
    const Entry *entry(const QString &name) const;
    // The .ovf entries (an OVA holds one; the first in archive order is the descriptor).
    QStringList descriptorNames() const;
    // The bytes of a .ovf/.mf/.cert entry kept by the first pass; NotFound otherwise.
    Result<QByteArray> descriptorData(const QString &name) const;
    // A stream of the entry's bytes; valid until the next entryStream() call or the
    // archive's destruction. NotFound for a name that is not an entry.
    Result<ByteSource *> entryStream(const QString &name);

private:
    OvaArchive();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
