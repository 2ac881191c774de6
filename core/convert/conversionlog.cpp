#include "conversionlog.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// One line for the report: virt-v2v wraps its messages in paragraphs.
QString oneLine(const QString &message)
{
    return message.simplified();
}

} // namespace

std::optional<QString> ConversionLog::addLine(QByteArrayView line)
{
    const QString text = QString::fromUtf8(line).trimmed();
    if (text.startsWith(u'{')) {
        const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
        if (object.contains(u"type"_s))
            return addMessage(object.value(u"type"_s).toString(), object.value(u"message"_s).toString());
        return std::nullopt;
    }
    static const QRegularExpression version(u"^virt-v2v[-a-z]*: virt-v2v (\\S+) \\("_s);
    static const QRegularExpression caps(u"^gcaps_(block|net)_bus = (\\S+)$"_s);
    static const QRegularExpression traced(u"^libguestfs: trace: v2v: (\\w+ (?!=).*)$"_s);
    // Without --machine-readable's JSON these info lines are all there is.
    static const QRegularExpression info(u"^virt-v2v[-a-z]*: (This guest .*|The QEMU Guest Agent .*)$"_s);
    QRegularExpressionMatch match;
    if ((match = version.match(text)).hasMatch() && m_version.isEmpty())
        m_version = match.captured(1);
    else if ((match = caps.match(text)).hasMatch())
        (match.captured(1) == u"block"_s ? m_diskBus : m_nicModel) = match.captured(2);
    else if ((match = traced.match(text)).hasMatch())
        addTracedCall(match.captured(1));
    else if ((match = info.match(text)).hasMatch())
        addChange(match.captured(1));
    return std::nullopt;
}

std::optional<QString> ConversionLog::addMessage(const QString &type, const QString &message)
{
    const QString line = oneLine(message);
    if (type == u"message"_s) {
        if (line.startsWith(u"Converting "_s))
            addChange(line);
        return line;
    }
    if (type == u"warning"_s)
        m_warnings << line;
    else if (type == u"error"_s)
        m_error = line;
    else if (type == u"info"_s)
        addChange(line);
    return std::nullopt;
}

void ConversionLog::addTracedCall(const QString &call)
{
    static const QRegularExpression fstab(u"^aug_set \"/files/etc/fstab/(\\d+)/spec\" \"([^\"]+)\""_s);
    static const QRegularExpression removal(
        u"(dpkg --purge|apt-get (?:-\\S+ )*(?:remove|purge)|rpm -e|yum (?:-\\S+ )*remove|zypper (?:-\\S+ )*remove) ([^\"]+)"_s);
    QRegularExpressionMatch match;
    if ((match = fstab.match(call)).hasMatch()) {
        addChange(u"fstab entry %1 now names %2"_s.arg(match.captured(1), match.captured(2)));
        return;
    }
    // Only calls that run something in the guest; is_file "/usr/sbin/update-initramfs" is not a change.
    static const QRegularExpression runs(u"^(command|command_lines|sh|sh_lines) "_s);
    if (!runs.match(call).hasMatch())
        return;
    if ((match = removal.match(call)).hasMatch())
        addChange(u"removed package(s) %1"_s.arg(match.captured(2).trimmed()));
    else if (call.contains(u"vmware-uninstall-tools"_s))
        addChange(u"ran vmware-uninstall-tools.pl (VMware Tools)"_s);
    else if (call.contains(u"update-initramfs"_s) || call.contains(u"dracut"_s) || call.contains(u"mkinitrd"_s))
        addChange(u"rebuilt the initramfs with the virtio drivers"_s);
    else if (call.contains(u"grub-mkconfig"_s) || call.contains(u"grub2-mkconfig"_s) || call.contains(u"update-grub"_s))
        addChange(u"regenerated the grub configuration"_s);
}

void ConversionLog::addChange(const QString &change)
{
    if (!m_changes.contains(change))
        m_changes << change;
}

} // namespace Ferry
