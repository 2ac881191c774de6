#pragma once

#include "base/error.h"

#include <QString>

namespace Ferry {

// The output-directory target's layout: PATH/<vm>/<vm>-disk<N>.<format>, <vm>.xml and
// report.json. Needs no daemon, so it is the built-in default target.
class OutputDirectory
{
public:
    explicit OutputDirectory(QString root);

    QString root() const;
    QString vmDirectory(const QString &vmName) const;
    // diskNumber counts from 1 in source order; format is "raw" or "qcow2".
    QString diskPath(const QString &vmName, int diskNumber, const QString &format) const;
    QString domainXmlPath(const QString &vmName) const;
    QString reportPath(const QString &vmName) const;

    // Creates PATH/<vm>/ (mode 0700). A directory that already holds files is refused, so
    // an earlier migration is never overwritten, unless resuming it; one another user owns,
    // or a symbolic link in its place, is always refused.
    Result<void> prepareVm(const QString &vmName, bool resume) const;
    // Removes PATH/<vm>/ if it is empty (after a failed migration cleaned up its files).
    void removeIfEmpty(const QString &vmName) const;

    // A VM name as a file name: '/' and control characters become '_', and a leading
    // '.' is escaped, so no name can leave the directory or hide.
    static QString safeFileName(const QString &vmName);

private:
    QString m_root;
};

} // namespace Ferry
