#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QList>
#include <QString>

namespace Ferry {

// An OVF manifest (.mf): one digest per file of the package. Both spellings are read:
//   SHA256(disk1.vmdk)= 3b1f...     (ovftool, OVF 2.0; also SHA1 and SHA512)
//   SHA1 (disk1.vmdk) = 3b1f...     (VirtualBox, coreutils --tag style)
// Blank lines and CR line ends are accepted; any other line, an unknown algorithm, hex of
// the wrong length or a file named twice is a one-line Protocol error naming the line.
struct Manifest
{
    struct Entry
    {
        QString fileName;
        QCryptographicHash::Algorithm algorithm = QCryptographicHash::Sha256;
        QString algorithmName; // "SHA256" as written (upper-cased)
        QByteArray digest;     // raw bytes
    };

    static constexpr qsizetype maxSize = 1 << 20;
    static Result<Manifest> parse(QByteArrayView text);

    QList<Entry> entries;
    const Entry *find(const QString &fileName) const;
};

} // namespace Ferry
