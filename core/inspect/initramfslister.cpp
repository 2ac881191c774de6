#include "initramfslister.h"

#include "process/toolrunner.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

Result<QStringList> InitramfsLister::list(const QString &hostPath, const std::atomic<bool> *cancel)
{
    ToolRunner::Options options;
    options.timeoutMs = 120000;
    options.maxOutputBytes = 64 * 1024 * 1024;
    options.cancel = cancel;
    const auto output = ToolRunner::run(u"lsinitramfs"_s, {hostPath}, options);
    if (!output)
        return std::unexpected(output.error());
    const QStringList paths = QString::fromUtf8(output->out).split(u'\n', Qt::SkipEmptyParts);
    // lsinitramfs exits 0 even for some damaged images; no entries at all means unreadable.
    if (output->exitCode != 0 || paths.isEmpty())
        return fail(ErrorCode::Io, u"Cannot list the initramfs."_s, output->describe());
    return paths;
}

QStringList InitramfsLister::virtioModules(const QStringList &paths)
{
    static const QRegularExpression module(u"(?:^|/)(virtio_blk|virtio_scsi|virtio_net)\\.ko(?:\\.(?:xz|zst|gz))?(?=$|:|\\s)"_s);
    QStringList found;
    for (const QString &path : paths) {
        const auto match = module.match(path.trimmed());
        if (match.hasMatch() && !found.contains(match.captured(1)))
            found << match.captured(1);
    }
    found.sort();
    return found;
}

} // namespace Ferry
