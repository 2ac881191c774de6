#include "deviceholders.h"

#include "process/toolrunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Appends the dm devices holding /sys/block/<kernelName> (and its partitions), each after
// the devices holding it in turn.
void collect(const QString &sysfs, const QString &kernelName, QStringList &kernelNames)
{
    const QDir block(sysfs + u"/block/"_s + kernelName);
    QStringList holderDirs{block.filePath(u"holders"_s)};
    for (const QString &partition : block.entryList({kernelName + u"p*"_s}, QDir::Dirs | QDir::NoDotAndDotDot))
        holderDirs << block.filePath(partition + u"/holders"_s);
    for (const QString &dir : std::as_const(holderDirs)) {
        for (const QString &holder : QDir(dir).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot, QDir::Name)) {
            if (!holder.startsWith(u"dm-"_s) || kernelNames.contains(holder))
                continue; // not device-mapper, or above two of ours and listed already
            collect(sysfs, holder, kernelNames);
            kernelNames << holder;
        }
    }
}

QString dmName(const QString &sysfs, const QString &kernelName)
{
    QFile file(u"%1/block/%2/dm/name"_s.arg(sysfs, kernelName));
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll()).trimmed() : QString();
}

} // namespace

QStringList DeviceHolders::mapped(const QString &device, const QString &sysfs)
{
    QStringList kernelNames;
    collect(sysfs, QFileInfo(device).fileName(), kernelNames);
    QStringList names;
    for (const QString &kernelName : std::as_const(kernelNames)) {
        const QString name = dmName(sysfs, kernelName);
        names << (name.isEmpty() ? kernelName : name);
    }
    return names;
}

Result<void> DeviceHolders::remove(const QString &device)
{
    ToolRunner::Options options;
    options.timeoutMs = 30000;
    for (const QString &name : mapped(device)) {
        // --retry: udev may still have the new device open for a moment.
        const auto removed = ToolRunner::run(u"dmsetup"_s, {u"remove"_s, u"--retry"_s, name}, options);
        if (!removed)
            return std::unexpected(removed.error());
        if (removed->exitCode != 0)
            return fail(ErrorCode::Io,
                        u"The host activated the guest's LVM volume %1 on %2 and it cannot be removed (%3); run dmsetup remove %1."_s.arg(
                            name, device, removed->describe()));
    }
    return {};
}

} // namespace Ferry
