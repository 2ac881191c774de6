#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <sys/types.h>

namespace Ferry {

// A guest's directory tree as its own mounts put it together (/, /boot, /boot/efi, ...),
// read through read-only host mount points. Guest paths are resolved component by
// component, following symlinks *inside the guest*: an absolute link like
// /etc/os-release -> /usr/lib/os-release lands in the guest's /usr, never the host's, and
// ".." stops at the guest root. At most 40 links per lookup (ELOOP otherwise).
//
// Case-insensitive lookups (NTFS, FAT) fall back to a directory listing when the exact
// name is missing. Reads are bounded by the caller's maxBytes. Thread-safe (const).
class GuestTree
{
public:
    GuestTree() = default;
    explicit GuestTree(const QString &hostRoot, bool caseInsensitive = false);

    // Makes hostDir appear at guestPath ("/boot"), as the guest's fstab would.
    void addMount(const QString &guestPath, const QString &hostDir, bool caseInsensitive = false);
    bool isValid() const;

    // The host path of a guest path with every symlink resolved; empty if it does not exist.
    QString resolve(const QString &guestPath) const;
    bool exists(const QString &guestPath) const;
    bool isDirectory(const QString &guestPath) const;
    // The first maxBytes bytes of a regular file.
    Result<QByteArray> read(const QString &guestPath, qint64 maxBytes) const;
    // Entry names in a guest directory (sorted), optionally matching wildcards.
    QStringList list(const QString &guestPath, const QStringList &nameFilters = {}) const;
    // Guest paths matching a pattern whose components may hold wildcards ("/etc/netplan/*.yaml").
    QStringList glob(const QString &pattern) const;

private:
    struct Mount
    {
        QStringList guestComponents;
        QString hostDir;
        bool caseInsensitive = false;
    };

    const Mount *mountFor(const QStringList &guestComponents, qsizetype *depth) const;
    QString hostPathOf(const QStringList &guestComponents) const;
    bool isMountPoint(const QStringList &guestComponents) const;
    QString matchCase(const QString &hostDir, const QString &name) const;
    QString hostChild(const QStringList &done, QString &name, mode_t *mode) const;
    std::optional<QStringList> resolveComponents(const QString &guestPath) const;

    QList<Mount> m_mounts; // longest guest path first
};

} // namespace Ferry
