#pragma once

#include "inspect/guesttree.h"
#include "inspect/inspectionreport.h"
#include "inspect/inspectionrun.h"

#include <atomic>

namespace Ferry {

// Turns the mounted volumes of one disk into facts: finds the Linux root or the Windows
// system volume, assembles the guest's tree from its fstab (/boot, /boot/efi, /var ...),
// names each volume's guest mount point, reads the OS facts, and the firmware and boot
// loader from the partition types, the MBR and the ESP. Part of InspectionRun.
class GuestReader
{
public:
    GuestReader(InspectionReport &report, const QList<InspectionRun::Volume> &volumes, const std::atomic<bool> *cancel);
    void read();

private:
    GuestTree treeOf(const InspectionRun::Volume &volume) const;
    const InspectionRun::Volume *findRoot(bool *windows) const;
    GuestTree assembleLinux(const InspectionRun::Volume &root);
    void markMountedAs(const InspectionRun::Volume &volume, const QString &mountPoint);
    void markSwap();
    void readBoot();

    InspectionReport &m_report;
    const QList<InspectionRun::Volume> &m_volumes;
    const std::atomic<bool> *m_cancel;
};

} // namespace Ferry
