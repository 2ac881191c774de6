#pragma once

#include "base/error.h"
#include "inspect/blockaccess.h"
#include "inspect/cleanupstack.h"
#include "inspect/inspectcache.h"
#include "inspect/inspectionreport.h"
#include "inspect/volumemounter.h"
#include "inspectsource.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace Ferry {

// One inspection, step by step (Inspector's implementation; not for other callers):
// block access -> layout (cached) -> LVM -> parallel read-only mounts -> facts -> rules.
// Several disks of one VM are inspected together: every disk's partitions and LVM volumes
// (a volume group may span them) are mounted side by side, so a root on disk 2 finds its
// /boot on disk 1 through its fstab.
// Everything acquired goes onto the CleanupStack the Inspector unwinds afterwards.
class InspectionRun
{
public:
    using DevicesHook = std::function<void(const QStringList &devices)>;

    // targets: the VM's disks in its order (at least one). pvHook:
    // Inspector::Options::physicalVolumesAttached (may be empty).
    InspectionRun(const QList<InspectSource> &targets, int mountWorkers, InspectCache *cache, CleanupStack &cleanup,
                  const std::atomic<bool> *cancel, DevicesHook pvHook = {});

    Result<InspectionReport> execute();

    // A filesystem found on the disk: a partition (or the whole disk) or an LVM volume.
    struct Volume
    {
        int partition = -1; // index into report.partitions, or -1
        int lvm = -1;       // index into report.lvm, or -1
        int disk = 0;       // index into the targets
        qint64 offset = 0;  // absolute byte offset on that disk
        qint64 size = 0;
        QString fsType;
        QString device;     // the read-only loop device for it
        QString mountPoint; // empty unless mounted
        std::optional<VolumeMounter::Mounted> mounted;
        QString error; // why it could not be mounted
        QString describe(const InspectionReport &report) const;
    };

private:
    Result<void> checkCancel() const;
    Result<void> makeWorkDirectory();
    Result<void> probeLayout();
    Result<void> probeDiskLayout(int disk);
    Result<void> probeLvm();
    Result<QString> deviceFor(int disk, qint64 offset, qint64 size);
    std::optional<FilesystemInfo> cachedFilesystem(int disk, qint64 offset) const;
    Result<void> mountAll();
    void mountOne(Volume &volume);
    void reportMountFindings();
    void readFacts();
    void storeCache();

    // What the cache knows of one disk and what this run found on it.
    struct DiskState
    {
        InspectSource target;
        BlockAccess access;
        std::optional<InspectCache::Key> cacheKey;
        std::optional<InspectCache::Entry> cached;
        InspectCache::Entry fresh;
    };

    int m_mountWorkers;
    InspectCache *m_cache;
    CleanupStack &m_cleanup;
    DevicesHook m_pvHook;
    const std::atomic<bool> *m_cancel;
    QList<DiskState> m_disks;
    QString m_workDir;
    InspectionReport m_report;
    QList<Volume> m_volumes;
};

} // namespace Ferry
