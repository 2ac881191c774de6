#pragma once

#include "base/error.h"
#include "inspect/inspectionreport.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Ferry {

// What libblkid (and a look at sector 0) says about a disk: the partition table and its
// entries, problems with them, and the boot code in the MBR. libblkid types stay in the
// .cpp. Works on any readable block device or image file; reads only.
class BlkidProbe
{
public:
    struct Layout
    {
        QString table; // gpt, dos, none
        QString diskId;
        QList<PartitionEntry> partitions; // without filesystem details
        QStringList problems;             // a damaged or inconsistent table, one line each
        QString mbrBootCode;              // grub, syslinux, windows, none, unknown
    };

    // Fails (Io) only when the device cannot be opened; a damaged table is a problem in
    // the layout, not an error.
    static Result<Layout> partitions(const QString &device, qint64 diskSize);
    // The filesystem (or LVM PV, swap, LUKS, BitLocker) at [offset, offset+size) of device.
    // An empty FilesystemInfo when nothing is recognised.
    static Result<FilesystemInfo> filesystem(const QString &device, qint64 offset, qint64 size);
    // "EFI System", "Linux LVM", ... for an MBR type ("0x83") or a GPT type GUID.
    static QString typeName(const QString &type);
    // What the first 440 bytes of a disk hold: grub, syslinux, windows, none, unknown.
    static QString classifyBootCode(const QByteArray &sector0);
    // Inconsistencies of a table: entries past the end of the disk or overlapping.
    static QStringList checkEntries(const QList<PartitionEntry> &partitions, qint64 diskSize);
};

} // namespace Ferry
