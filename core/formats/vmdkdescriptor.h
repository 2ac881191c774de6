#pragma once

#include "base/error.h"

#include <QList>
#include <QMap>
#include <QString>

namespace Ferry {

// The text descriptor of a VMDK: embedded in a sparse extent or the small x.vmdk next to
// x-flat.vmdk. Only what Ferry needs: createType, the extent lines and the ddb.* keys.
struct VmdkDescriptor
{
    struct Extent
    {
        QString access;     // RW, RDONLY, NOACCESS
        qint64 sectors = 0; // size in 512-byte sectors
        QString type;       // FLAT, SPARSE, ZERO, VMFS, VMFSSPARSE, ...
        QString fileName;   // relative to the descriptor; empty for ZERO
        qint64 offset = 0;  // sectors into the file (FLAT)
    };

    int version = 1;
    QString createType; // "streamOptimized", "monolithicSparse", "monolithicFlat", "vmfs", ...
    QString parentCID;  // "ffffffff" when the disk has no parent
    QList<Extent> extents;
    QMap<QString, QString> ddb; // "ddb.adapterType" -> "lsilogic", ...

    // Parses the text (at most 1 MiB, NUL padding ignored). Unknown lines are ignored,
    // a malformed extent line, a missing createType or a total size over DiskCapacity is a
    // one-line Protocol error.
    static Result<VmdkDescriptor> parse(QByteArrayView text);

    qint64 capacityBytes() const; // sum of the extents
    bool hasParent() const;       // parentCID set and not ffffffff
};

} // namespace Ferry
