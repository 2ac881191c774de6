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

InspectionRun::Volume makeVolume(int partition, int lvm, qint64 offset, qint64 size, const QString &fsType)
{
    InspectionRun::Volume volume;
    volume.partition = partition;
    volume.lvm = lvm;
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
    const int number = report.partitions.at(partition).number;
    return number ? u"partition %1"_s.arg(number) : u"the whole disk"_s;
}

InspectionRun::InspectionRun(const InspectSource &target, int mountWorkers, InspectCache *cache, CleanupStack &cleanup,
                             const std::atomic<bool> *cancel, DevicesHook pvHook)
    : m_target(target)
    , m_mountWorkers(std::max(1, mountWorkers))
    , m_cache(cache)
    , m_cleanup(cleanup)
    , m_pvHook(std::move(pvHook))
    , m_cancel(cancel)
{
}

Result<void> InspectionRun::checkCancel() const
{
    if (m_cancel && m_cancel->load())
        return fail(ErrorCode::Cancelled, u"Inspection was cancelled."_s);
    return {};
}

Result<InspectionReport> InspectionRun::execute()
{
    m_report.target = m_target.displayName();
    if (m_cache)
        m_cacheKey = InspectCache::keyFor(m_target);
    if (m_cacheKey)
        m_cached = m_cache->lookup(*m_cacheKey);
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
    auto access = BlockAccess::open(m_target, m_cleanup, m_cancel);
    if (!access)
        return std::unexpected(access.error());
    m_access = *access;
    return {};
}

Result<void> InspectionRun::probeLayout()
{
    m_report.diskSize = m_access.size();
    BlkidProbe::Layout layout;
    if (m_cached) {
        layout = m_cached->layout;
    } else {
        auto probed = BlkidProbe::partitions(m_access.device(), m_access.size());
        if (!probed)
            return std::unexpected(probed.error());
        layout = *probed;
    }
    m_fresh.layout = layout;
    m_report.partitionTable = layout.table;
    m_report.diskId = layout.diskId;
    m_report.boot.mbrBootCode = layout.mbrBootCode;
    m_report.partitions = layout.partitions;
    if (!layout.problems.isEmpty())
        m_report.findings << Finding{Finding::Severity::Warning, u"partition-table-corrupt"_s,
                                     u"the partition table is damaged or inconsistent: %1"_s.arg(layout.problems.first()),
                                     layout.problems.join(u"; "_s)};
    if (m_report.partitions.isEmpty())
        m_report.partitions << PartitionEntry{0, 0, m_access.size(), {}, {}, {}, {}, false, {}, {}};
    for (PartitionEntry &partition : m_report.partitions) {
        if (partition.start + partition.size > m_access.size())
            continue; // reported above; never read past the disk
        std::optional<FilesystemInfo> fs;
        if (m_cached && m_cached->filesystems.contains(partition.start))
            fs = m_cached->filesystems.value(partition.start);
        if (!fs) {
            auto probed = BlkidProbe::filesystem(m_access.device(), partition.start, partition.size);
            if (!probed)
                return std::unexpected(probed.error());
            fs = *probed;
        }
        partition.filesystem = *fs;
        m_fresh.filesystems.insert(partition.start, *fs);
    }
    if (m_report.partitions.size() == 1 && m_report.partitions.first().number == 0 && m_report.partitions.first().filesystem.isEmpty())
        m_report.partitions.clear(); // an empty disk (or one Ferry cannot read): nothing to list
    return {};
}

Result<QString> InspectionRun::deviceFor(qint64 offset, qint64 size)
{
    if (offset == 0 && size == m_access.size())
        return m_access.device();
    return m_access.slice(offset, size, m_cleanup, m_cancel);
}

Result<void> InspectionRun::probeLvm()
{
    QStringList pvDevices;
    QHash<QString, qint64> pvOffset; // device -> absolute offset of the PV
    for (const PartitionEntry &partition : std::as_const(m_report.partitions)) {
        if (!isPhysicalVolume(partition.filesystem))
            continue;
        const auto device = deviceFor(partition.start, partition.size);
        if (!device)
            return std::unexpected(device.error());
        pvDevices << *device;
        pvOffset.insert(*device, partition.start);
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
            const qint64 offset = pvOffset.value(volume.extent->pvDevice) + volume.extent->offset;
            std::optional<FilesystemInfo> fs;
            if (m_cached && m_cached->filesystems.contains(offset))
                fs = m_cached->filesystems.value(offset);
            else if (auto probed = BlkidProbe::filesystem(m_access.device(), offset, volume.extent->size))
                fs = *probed;
            info.filesystem = fs.value_or(FilesystemInfo{});
            m_fresh.filesystems.insert(offset, info.filesystem);
            m_volumes << makeVolume(-1, int(m_report.lvm.size()), offset, volume.extent->size, info.filesystem.type);
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
        if (partition.start + partition.size <= m_access.size())
            partitions << makeVolume(i, -1, partition.start, partition.size, partition.filesystem.type);
    }
    m_volumes = partitions + m_volumes; // the LVM volumes found before
    m_volumes.removeIf([](const Volume &volume) { return !VolumeMounter::isMountable(volume.fsType); });
    // Loop devices one after another (losetup --find races otherwise); mounts in parallel.
    for (int i = 0; i < m_volumes.size(); ++i) {
        Volume &volume = m_volumes[i];
        const auto device = deviceFor(volume.offset, volume.size);
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
    if (m_cache && m_cacheKey && !m_cached) {
        // The key as it was before: an image that changed meanwhile must not be cached as new.
        const auto now = InspectCache::keyFor(m_target);
        if (now && *now == *m_cacheKey)
            m_cache->store(*m_cacheKey, m_fresh);
    }
}

} // namespace Ferry
