#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Ferry {

// What an output directory holds for a plan, before anything is written: whether Ferry
// can write there at all (a probe file in the directory, or in its nearest existing
// parent when it does not exist yet), the space free there, and the per-VM folders that
// earlier runs left (with resume journals: an unfinished copy; without: an earlier
// migration's files).
//
// Blocking file-system calls on the calling thread; local directories answer at once.
struct OutputDirectoryStatus
{
    struct ExistingVm
    {
        QString vm;
        QString path;
        bool unfinished = false; // holds *.ferry-journal files: --resume can continue it
        qint64 bytes = 0;        // apparent size of its files
    };

    QString error;         // one line when the directory cannot be used; empty when it can
    qint64 available = -1; // bytes free on its file system; -1 when unknown
    QList<ExistingVm> existing;

    bool usable() const { return error.isEmpty(); }

    static OutputDirectoryStatus check(const QString &root, const QStringList &vmNames);
    // The per-VM folders of vmNames under root that hold resume journals.
    static QStringList unfinishedVms(const QString &root, const QStringList &vmNames);
};

} // namespace Ferry
