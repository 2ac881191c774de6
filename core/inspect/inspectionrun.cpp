#include "inspectionrun.h"

#include "inspect/blkidprobe.h"
#include "inspect/guestreader.h"
#include "inspect/inspectionrules.h"
#include "inspect/lvmscanner.h"
#include "process/privatedirectory.h"

#include <QDir>
#include <QLoggingCategory>

#include <cstdlib>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcInspectRun, "ferry.inspect.run", QtInfoMsg)

namespace {

bool isPhysicalVolume(const FilesystemInfo &fs)
{
    return fs.type == u"LVM2_member";
}

InspectionRun::Volume makeVolume(int partition, int lvm, int disk, qint64 offset, qint64 size, const QString &fsType)
{
    InspectionRun::Volume volume;
    volume.partition = partition;
    volume.lvm = lvm;
    volume.disk = disk;
    volume.offset = offset;
    volume.size = size;
    volume.fsType = fsType;
    return volume;
}

} // namespace

QString InspectionRun::Volume::describe(const InspectionReport &report) const
{
    if (lvm >= 0)
        return u"logical volume %1"_s.arg(report.lvm.at(lvm).path());
    const PartitionEntry &entry = report.partitions.at(partition);
    const QString disk = report.disks.size() > 1 ? u" of disk %1"_s.arg(entry.disk + 1) : QString();
    return (entry.number ? u"partition %1"_s.arg(entry.number) : u"the whole disk"_s) + disk;
}

InspectionRun::InspectionRun(const QList<InspectSource> &targets, int mountWorkers, InspectCache *cache, CleanupStack &cleanup,
                             const std::atomic<bool> *cancel, DevicesHook pvHook)
    : m_mountWorkers(std::max(1, mountWorkers))
    , m_cache(cache)
    , m_cleanup(cleanup)
    , m_pvHook(std::move(pvHook))
    , m_cancel(cancel)
{
    for (const InspectSource &target : targets)
        m_disks.append(DiskState{target, {}, {}, {}, {}});
}

Result<void> InspectionRun::checkCancel() const
{
    if (m_cancel && m_cancel->load())
        return fail(ErrorCode::Cancelled, u"Inspection was cancelled."_s);
    return {};
}

Result<InspectionReport> InspectionRun::execute()
{
    m_report.target = m_disks.first().target.displayName();
    for (DiskState &disk : m_disks) {
        if (m_cache)
            disk.cacheKey = InspectCache::keyFor(disk.target);
        if (disk.cacheKey)
            disk.cached = m_cache->lookup(*disk.cacheKey);
    }
    using Step = Result<void> (InspectionRun::*)();
    for (Step step : {&InspectionRun::makeWorkDirectory, &InspectionRun::probeLayout, &InspectionRun::probeLvm, &InspectionRun::mountAll}) {
        if (auto ok = checkCancel(); !ok)
            return std::unexpected(ok.error());
        if (auto done = (this->*step)(); !done)
            return std::unexpected(done.error());
    }
    readFacts();
    if (auto ok = checkCancel(); !ok)
        return std::unexpected(ok.error());
    m_report.recommendation = InspectionRules::recommend(m_report.os);
    InspectionRules::addFindings(m_report);
    storeCache();
    return m_report;
}

// Never removed recursively: a directory that still has something mounted on it must
// fail to go away, not take the guest's files (or worse) with it.
Result<void> InspectionRun::makeWorkDirectory()
{
    QByteArray pattern = QFile::encodeName(PrivateDirectory::pattern(u"inspect"_s));
    if (!::mkdtemp(pattern.data()))
        return fail(ErrorCode::Io, u"Cannot create a private directory for inspection."_s, qt_error_string(errno));
    m_workDir = QFile::decodeName(pattern);
    m_cleanup.push(u"remove "_s + m_workDir, [dir = m_workDir] {
        const QStringList entries = QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString &entry : entries)
            QDir(dir).rmdir(entry);
        if (!QDir().rmdir(dir))
            return Result<void>(fail(ErrorCode::Io, u"Cannot remove %1; something may still be mounted there."_s.arg(dir)));
        return Result<void>();
    });
    for (DiskState &disk : m_disks) {
        auto access = BlockAccess::open(disk.target, m_cleanup, m_cancel);
        if (!access)
            return std::unexpected(access.error());
        disk.access = *access;
    }
    return {};
}

Result<void> InspectionRun::probeLayout()
{
    for (int disk = 0; disk < m_disks.size(); ++disk) {
        if (auto probed = probeDiskLayout(disk); !probed)
            return probed;
    }
    const InspectedDisk &first = m_report.disks.first();
    m_report.diskSize = first.size;
    m_report.partitionTable = first.partitionTable;
    m_report.diskId = first.diskId;
    return {};
}

// One disk's partitions and their filesystems, appended to the report's; the MBR boot code
// that counts is the first disk's (the one firmware boots).
Result<void> InspectionRun::probeDiskLayout(int disk)
{
    DiskState &state = m_disks[disk];
    const qint64 size = state.access.size();
    BlkidProbe::Layout layout;
    if (state.cached) {
        layout = state.cached->layout;
    } else {
        auto probed = BlkidProbe::partitions(state.access.device(), size);
        if (!probed)
            return std::unexpected(probed.error());
        layout = *probed;
    }
    state.fresh.layout = layout;
    m_report.disks << InspectedDisk{state.target.displayName(), size, layout.table, layout.diskId};
    if (disk == 0)
        m_report.boot.mbrBootCode = layout.mbrBootCode;
    const QString which = m_disks.size() > 1 ? u" of disk %1"_s.arg(disk + 1) : QString();
    if (!layout.problems.isEmpty())
        m_report.findings << Finding{Finding::Severity::Warning, u"partition-table-corrupt"_s,
                                     u"the partition table%1 is damaged or inconsistent: %2"_s.arg(which, layout.problems.first()),
                                     layout.problems.join(u"; "_s)};
    QList<PartitionEntry> partitions = layout.partitions;
    if (partitions.isEmpty())
        partitions << PartitionEntry{0, disk, 0, size, {}, {}, {}, {}, false, {}, {}};
    for (PartitionEntry &partition : partitions) {
        partition.disk = disk;
        if (partition.start + partition.size > size)
            continue; // reported above; never read past the disk
        std::optional<FilesystemInfo> fs = cachedFilesystem(disk, partition.start);
        if (!fs) {
            auto probed = BlkidProbe::filesystem(state.access.device(), partition.start, partition.size);
            if (!probed)
                return std::unexpected(probed.error());
            fs = *probed;
        }
        partition.filesystem = *fs;
        state.fresh.filesystems.insert(partition.start, *fs);
    }
    if (partitions.size() == 1 && partitions.first().number == 0 && partitions.first().filesystem.isEmpty())
        partitions.clear(); // an empty disk (or one Ferry cannot read): nothing to list
    m_report.partitions << partitions;
    return {};
}

std::optional<FilesystemInfo> InspectionRun::cachedFilesystem(int disk, qint64 offset) const
{
    const DiskState &state = m_disks.at(disk);
    if (state.cached && state.cached->filesystems.contains(offset))
        return state.cached->filesystems.value(offset);
    return std::nullopt;
}

Result<QString> InspectionRun::deviceFor(int disk, qint64 offset, qint64 size)
{
    const BlockAccess &access = m_disks.at(disk).access;
    if (offset == 0 && size == access.size())
        return access.device();
    return access.slice(offset, size, m_cleanup, m_cancel);
}

Result<void> InspectionRun::probeLvm()
{
    QStringList pvDevices;
    QHash<QString, std::pair<int, qint64>> pvPlace; // device -> disk and absolute offset of the PV
    for (const PartitionEntry &partition : std::as_const(m_report.partitions)) {
        if (!isPhysicalVolume(partition.filesystem))
            continue;
        const auto device = deviceFor(partition.disk, partition.start, partition.size);
        if (!device)
            return std::unexpected(device.error());
        pvDevices << *device;
        pvPlace.insert(*device, {partition.disk, partition.start});
    }
    if (pvDevices.isEmpty())
        return {};
    if (m_pvHook)
        m_pvHook(pvDevices);
    const auto volumes = LvmScanner::scan(pvDevices, m_cancel);
    if (!volumes) {
        if (volumes.error().code() == ErrorCode::Cancelled)
            return std::unexpected(volumes.error());
        m_report.findings << Finding{Finding::Severity::Warning, u"lvm-unreadable"_s,
                                     u"the LVM metadata could not be read: %1"_s.arg(volumes.error().message()), volumes.error().details()};
        return {};
    }
    for (const LvmScanner::Volume &volume : *volumes) {
        LvmVolume info = volume.info;
        if (volume.extent) {
            const auto [disk, pvOffset] = pvPlace.value(volume.extent->pvDevice);
            const qint64 offset = pvOffset + volume.extent->offset;
            std::optional<FilesystemInfo> fs = cachedFilesystem(disk, offset);
            if (!fs) {
                if (auto probed = BlkidProbe::filesystem(m_disks.at(disk).access.device(), offset, volume.extent->size))
                    fs = *probed;
            }
            info.filesystem = fs.value_or(FilesystemInfo{});
            m_disks[disk].fresh.filesystems.insert(offset, info.filesystem);
            m_volumes << makeVolume(-1, int(m_report.lvm.size()), disk, offset, volume.extent->size, info.filesystem.type);
        }
        m_report.lvm << info;
    }
    return {};
}

Result<void> InspectionRun::mountAll()
{
    QList<Volume> partitions;
    for (int i = 0; i < m_report.partitions.size(); ++i) {
        const PartitionEntry &partition = m_report.partitions.at(i);
        if (partition.start + partition.size <= m_disks.at(partition.disk).access.size())
            partitions << makeVolume(i, -1, partition.disk, partition.start, partition.size, partition.filesystem.type);
    }
    m_volumes = partitions + m_volumes; // the LVM volumes found before
    m_volumes.removeIf([](const Volume &volume) { return !VolumeMounter::isMountable(volume.fsType); });
    // Loop devices one after another (losetup --find races otherwise); mounts in parallel.
    for (int i = 0; i < m_volumes.size(); ++i) {
        Volume &volume = m_volumes[i];
        const auto device = deviceFor(volume.disk, volume.offset, volume.size);
        if (!device)
            return std::unexpected(device.error());
        volume.device = *device;
        volume.mountPoint = m_workDir + u"/v%1"_s.arg(i);
        if (!QDir().mkdir(volume.mountPoint))
            return fail(ErrorCode::Io, u"Cannot create the mount point %1."_s.arg(volume.mountPoint));
    }
    std::atomic<int> next{0};
    std::vector<std::thread> workers;
    const int count = std::min<int>(m_mountWorkers, int(m_volumes.size()));
    for (int w = 0; w < count; ++w) {
        workers.emplace_back([this, &next] {
            for (int i = next++; i < m_volumes.size(); i = next++)
                mountOne(m_volumes[i]);
        });
    }
    for (std::thread &worker : workers)
        worker.join();
    if (auto ok = checkCancel(); !ok)
        return ok;
    reportMountFindings();
    return {};
}

void InspectionRun::mountOne(Volume &volume)
{
    const auto mounted = VolumeMounter::mount(volume.device, volume.fsType, volume.mountPoint, m_cleanup, m_cancel);
    if (mounted) {
        volume.mounted = *mounted;
        qCDebug(lcInspectRun) << "mounted" << volume.device << "with" << mounted->way.describe();
    } else {
        volume.error = mounted.error().message() + u" ("_s + mounted.error().details() + u')';
    }
}

void InspectionRun::reportMountFindings()
{
    for (const Volume &volume : std::as_const(m_volumes)) {
        const QString what = volume.describe(m_report);
        if (!volume.mounted) {
            m_report.findings << Finding{Finding::Severity::Warning, u"mount-failed"_s,
                                         u"%1 (%2) could not be mounted read-only, so it was not inspected"_s.arg(what, volume.fsType),
                                         volume.error};
            continue;
        }
        const QString options = volume.mounted->way.options;
        if (options.contains(u"noload"_s) || options.contains(u"norecovery"_s) || options.contains(u"nologreplay"_s))
            m_report.findings << Finding{
                Finding::Severity::Warning, u"dirty-journal"_s,
                u"%1 (%2) has a journal that needs recovery: the guest was not shut down cleanly; shut it down before copying"_s.arg(
                    what, volume.fsType),
                u"read with %1 after: %2"_s.arg(volume.mounted->way.describe(), volume.mounted->failures.join(u"; "_s))};
        if (options.contains(u"nouuid"_s))
            m_report.findings << Finding{Finding::Severity::Info,
                                         u"xfs-duplicate-uuid"_s,
                                         u"%1 has the same XFS UUID as a filesystem already mounted on this host"_s.arg(what),
                                         {}};
    }
}

void InspectionRun::readFacts()
{
    GuestReader reader(m_report, m_volumes, m_cancel);
    reader.read();
}

void InspectionRun::storeCache()
{
    for (const DiskState &disk : std::as_const(m_disks)) {
        if (!m_cache || !disk.cacheKey || disk.cached)
            continue;
        // The key as it was before: an image that changed meanwhile must not be cached as new.
        const auto now = InspectCache::keyFor(disk.target);
        if (now && *now == *disk.cacheKey)
            m_cache->store(*disk.cacheKey, disk.fresh);
    }
}

} // namespace Ferry
