#pragma once

#include "convert/conversionreport.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace Ferry {

// What virt-v2v-in-place gets to see of one VM: its disks as local files, in source
// order, with the bus each had on VMware (so fstab's /dev/sdX names map in that order),
// and its NICs' MACs.
struct ConversionInput
{
    struct Disk
    {
        QString path;
        QString bus = QStringLiteral("scsi"); // scsi | sata | ide
    };
    QString name; // the domain name in the XML the tool reads
    QList<Disk> disks;
    QString format = QStringLiteral("raw"); // raw | qcow2
    QStringList macs;
    // A checked virtio-win ISO or directory (VirtioWin::check), given to virt-v2v as
    // VIRTIO_WIN: Windows guests get viostor/NetKVM from it. Empty: none.
    QString virtioWin;
    // NicNameKeeper's decisions: the .link files of "link-file" ones are written into the
    // guest (virt-customize) before virt-v2v-in-place runs, so its initramfs rebuild takes
    // them in too.
    QList<NicNameDecision> nicNames;
    QString logPath; // the full log (0600, replaced), kept next to report.json
};

// Converts a copied guest to run on KVM, in place, with virt-v2v-in-place
// (-i libvirtxml over a domain XML written into a private directory). The guest is
// written only through libguestfs. Where KVM cannot run the libguestfs appliance
// (/dev/kvm missing, not ours, or the PVM module), it runs under TCG, and says so.
//
// Blocks for minutes: worker threads only. The tool, its nbdkit and its appliance's qemu
// share one process group; whatever happens, the whole group is gone when convert()
// returns. cancelled is polled about 5 times a second; a cancel kills the group
// (SIGTERM, then SIGKILL).
//
// Before the conversion, the .link files that keep NIC names are written into the same
// overlays with virt-customize (its output goes to the same log); a failure there fails the
// conversion the same way.
//
// The copies change only when the conversion succeeded: virt-v2v writes into qcow2
// overlays in the private directory (the copies as their read-only backing files), and
// only after it exited with success are the overlays committed into the copies (qemu-img
// commit, not cancellable). A failure or a cancel leaves every copy byte for byte as it was.
class GuestConverter
{
public:
    using LogSink = std::function<void(const QString &line)>;

    explicit GuestConverter(LogSink log = {});
    ConversionReport convert(const ConversionInput &input, const std::atomic<bool> *cancelled = nullptr) const;

    // The -i libvirtxml input: every disk in order, the NICs with their MACs.
    static QString domainXml(const ConversionInput &input);
    // Whether /dev/kvm can run the appliance (false on the PVM module: it runs only
    // PVM-enabled guest kernels).
    static bool kvmUsable();

private:
    void log(const QString &line) const;

    LogSink m_log;
};

} // namespace Ferry
