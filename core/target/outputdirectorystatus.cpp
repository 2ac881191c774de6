#include "outputdirectorystatus.h"

#include "outputdirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QStorageInfo>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// The translation context of the errors the wizard's target page shows.
class OutputDirectoryCheck
{
    Q_DECLARE_TR_FUNCTIONS(Ferry::OutputDirectoryCheck)
};

OutputDirectoryStatus::ExistingVm existingVm(const OutputDirectory &directory, const QString &vm)
{
    OutputDirectoryStatus::ExistingVm found;
    found.vm = vm;
    found.path = directory.vmDirectory(vm);
    QDirIterator files(found.path, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QFileInfo file = files.nextFileInfo();
        found.bytes += file.size();
        if (file.fileName().endsWith(u".ferry-journal"_s))
            found.unfinished = true;
    }
    return found;
}

bool holdsEntries(const QString &path)
{
    const QFileInfo info(path);
    return info.isDir() && !QDir(path).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
}

} // namespace

OutputDirectoryStatus OutputDirectoryStatus::check(const QString &root, const QStringList &vmNames)
{
    OutputDirectoryStatus status;
    if (root.trimmed().isEmpty()) {
        status.error = OutputDirectoryCheck::tr("no output directory given");
        return status;
    }
    const QString clean = QDir::cleanPath(QDir::current().absoluteFilePath(root));
    // The directory itself, or the nearest parent that exists: Ferry creates the rest.
    QString base = clean;
    while (!QFileInfo::exists(base) && base != u"/"_s)
        base = QFileInfo(base).absolutePath();
    const QFileInfo baseInfo(base);
    if (!baseInfo.isDir()) {
        status.error = OutputDirectoryCheck::tr("%1 is not a directory").arg(base);
        return status;
    }
    QTemporaryFile probe(base + u"/.ferry-probe-XXXXXX"_s);
    if (!probe.open()) {
        status.error = base == clean
            ? OutputDirectoryCheck::tr("cannot write to %1: %2").arg(clean, probe.errorString())
            : OutputDirectoryCheck::tr("cannot create %1: %2 is not writable (%3)").arg(clean, base, probe.errorString());
        return status;
    }
    probe.close();
    const QStorageInfo storage(base);
    if (storage.isValid())
        status.available = storage.bytesAvailable();
    if (base != clean)
        return status; // nothing exists below it yet
    const OutputDirectory directory(clean);
    for (const QString &vm : vmNames) {
        if (holdsEntries(directory.vmDirectory(vm)))
            status.existing << existingVm(directory, vm);
    }
    return status;
}

QStringList OutputDirectoryStatus::unfinishedVms(const QString &root, const QStringList &vmNames)
{
    QStringList unfinished;
    const OutputDirectory directory(root);
    for (const QString &vm : vmNames) {
        if (holdsEntries(directory.vmDirectory(vm)) && existingVm(directory, vm).unfinished)
            unfinished << vm;
    }
    return unfinished;
}

} // namespace Ferry
