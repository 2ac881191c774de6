#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace Ferry {

// Reads what virt-v2v-in-place prints with --machine-readable -v -x (stdout and stderr
// merged), one line at a time, and keeps what the report needs: the tool's version, its
// progress messages, its warnings and final error, the guest capabilities it chose
// (gcaps_block_bus / gcaps_net_bus) and what it changed in the guest.
//
// "What it changed" is best effort: virt-v2v has no change list of its own, so this
// recognises its "Converting ... to run on KVM" and info messages, and the libguestfs
// calls traced with -x that rebuild the initramfs or the grub configuration, rewrite
// fstab device names or remove packages. A change it does not recognise is still in
// the full log.
class ConversionLog
{
public:
    // The progress message the line carries ("Inspecting the source"), if any.
    std::optional<QString> addLine(QByteArrayView line);

    QString version() const { return m_version; }
    QStringList changes() const { return m_changes; }
    QStringList warnings() const { return m_warnings; }
    QString error() const { return m_error; }
    QString diskBus() const { return m_diskBus; }
    QString nicModel() const { return m_nicModel; }

private:
    std::optional<QString> addMessage(const QString &type, const QString &message);
    void addTracedCall(const QString &call);
    void addChange(const QString &change);

    QString m_version;
    QStringList m_changes;
    QStringList m_warnings;
    QString m_error;
    QString m_diskBus;
    QString m_nicModel;
};

} // namespace Ferry
