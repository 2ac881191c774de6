#include "migrationrunner.h"

#include "base/bytesize.h"
#include "convert/conversionpolicy.h"
#include "convert/guestconverter.h"
#include "convert/nicnamekeeper.h"
#include "data/diskcopy.h"
#include "data/sink.h"
#include "fetch/transferengine.h"
#include "import/packageimport.h"
#include "import/packagesource.h"
#include "inspect/inspector.h"
#include "inspect/inspectsource.h"
#include "plan/preflight.h"
#include "target/directorymigrationtarget.h"
#include "target/libvirtmigrationtarget.h"
#include "target/libvirttarget.h"
#include "vsphere/soapsession.h"
#include "vsphere/sourceshutdown.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Ferry {

// Before the engine starts every field belongs to the relay thread. Afterwards report,
// disks, pendingDisks and targetPrepared belong to the worker thread's steps; progress and
// recordFailure stay on the relay thread.
struct MigrationRunner::VmRun
{
    VmInfo vm;
    MigrationReport report;
    std::vector<std::unique_ptr<DiskCopy>> disks;
    std::vector<DiskTransferSpec> specs;             // ready for the engine, which takes them in startCopy()
    std::vector<std::pair<qint64, qint64>> progress; // per disk: bytes resumed, bytes last reported (-1: none)
    std::optional<Error> recordFailure;              // a journal commit failed: why the copy was stopped
    int pendingDisks = 0;
    bool targetPrepared = false;
};

namespace {

QJsonObject sourceJson(const SourceEndpoint &endpoint, const VmInfo &vm, const PackageSource *package)
{
    if (package)
        return QJsonObject{{u"kind"_s, package->kindName()}, {u"path"_s, package->path()}, {u"virtual_system"_s, vm.moref.mid(4)}};
    // The power state as the inventory saw it; a shutdown replaces both with what it read.
    return QJsonObject{{u"host"_s, endpoint.url.host()},
                       {u"url"_s, endpoint.url.toString(QUrl::RemoveUserInfo | QUrl::RemovePath)},
                       {u"moref"_s, vm.moref},
                       {u"datacenter"_s, vm.datacenter},
                       {u"vmx"_s, vm.vmxPath},
                       {u"uuid"_s, vm.uuid},
                       {u"power_state_before"_s, toString(vm.powerState)},
                       {u"power_state_after"_s, toString(vm.powerState)},
                       {u"shutdown"_s, u"none"_s}};
}

void recordShutdown(QJsonObject &source, const ShutdownOutcome &outcome)
{
    if (!outcome.stateBefore.isEmpty())
        source.insert(u"power_state_before"_s, outcome.stateBefore);
    if (!outcome.stateAfter.isEmpty())
        source.insert(u"power_state_after"_s, outcome.stateAfter);
    source.insert(u"shutdown"_s, outcome.action);
    source.insert(u"shutdown_seconds"_s, qRound(outcome.seconds * 10) / 10.0);
    if (!outcome.gracefulFailure.isEmpty())
        source.insert(u"shutdown_reason"_s, outcome.gracefulFailure);
}

} // namespace

MigrationRunner::MigrationRunner(MigrationPlan plan, SourceEndpoint endpoint, Inventory inventory, QObject *parent)
    : QObject(parent)
    , m_plan(std::move(plan))
    , m_endpoint(std::move(endpoint))
    , m_inventory(std::move(inventory))
{
    // One thread that lives as long as the runner: steps run one at a time, and helper
    // processes started by a step never outlive the thread that started them.
    m_steps.setMaxThreadCount(1);
    m_steps.setExpiryTimeout(-1);
    // Boot checks mostly wait for a console or an agent: several at once, beside the steps.
    m_bootChecks.setMaxThreadCount(kBootCheckThreads);
}

MigrationRunner::~MigrationRunner()
{
    // Blocking steps still queued or running stop at the next check; m_steps (destroyed
    // first) waits for them. The engine's writers belong to the sinks the disk copies
    // own: the engine goes before the runs.
    m_cancelled = true;
    m_engine.reset();
}

void MigrationRunner::setSessionCookie(QByteArray cookie)
{
    m_cookie = std::move(cookie);
}

bool MigrationRunner::keepPartial() const
{
    switch (m_partialOnCancel.load()) {
    case PartialData::Keep:
        return true;
    case PartialData::Discard:
        return false;
    case PartialData::AsPlanned:
        break;
    }
    return m_plan.keepPartial || m_plan.resume;
}

bool MigrationRunner::isPackage() const
{
    return m_endpoint.url.isLocalFile();
}

QString MigrationRunner::sourceName() const
{
    return isPackage() ? QFileInfo(m_endpoint.url.toLocalFile()).fileName() : m_endpoint.url.host();
}

Result<void> MigrationRunner::createEngine()
{
    if (!isPackage()) {
        auto engine = std::make_unique<TransferEngine>(m_plan.transfer, m_endpoint);
        engine->setSessionCookie(m_cookie);
        m_engine = std::move(engine);
        return {};
    }
    // An engine exists even when the package cannot be opened: every VM then fails alone.
    auto package = PackageSource::open(m_endpoint.url.toLocalFile());
    if (package)
        m_package = std::move(*package);
    m_engine = std::make_unique<PackageImport>(m_package, m_plan.transfer);
    if (!package)
        return std::unexpected(package.error());
    return {};
}

Result<void> MigrationRunner::openTarget()
{
    if (m_plan.target.kind == TargetSpec::Kind::Directory) {
        m_target = std::make_unique<DirectoryMigrationTarget>(m_plan.target.path, m_plan.diskFormat, m_plan.networkMap,
                                                              m_plan.transfer.poolConnections());
        return {};
    }
    LibvirtTarget::Options options;
    options.uri = m_plan.target.uri;
    if (!m_plan.storagePool.isEmpty())
        options.pool = m_plan.storagePool;
    options.diskPools = m_plan.diskPools;
    options.format = m_plan.diskFormat;
    options.networkMap = m_plan.networkMap;
    options.virtType = m_plan.virtType;
    options.maxWriters = m_plan.transfer.poolConnections();
    options.stagingDirectory = m_plan.stagingDirectory;
    options.cancelled = &m_cancelled;
    auto target = LibvirtTarget::open(options);
    if (!target)
        return std::unexpected(target.error());
    const QString reports = m_plan.reportDirectory.isEmpty() ? QDir::current().absoluteFilePath(u"ferry-reports"_s)
                                                             : m_plan.reportDirectory;
    m_target = std::make_unique<LibvirtMigrationTarget>(std::move(*target), reports, m_plan.startDomain, m_plan.bootTimeoutSeconds);
    return {};
}

void MigrationRunner::start()
{
    auto engine = createEngine();
    connect(m_engine.get(), &CopyEngine::chunkCompleted, this, &MigrationRunner::onChunkCompleted);
    connect(m_engine.get(), &CopyEngine::diskFinished, this, &MigrationRunner::onDiskFinished);
    connect(m_engine.get(), &CopyEngine::sampled, this, &MigrationRunner::sampled);
    connect(m_engine.get(), &CopyEngine::sampled, this, &MigrationRunner::reportArrivals);
    connect(m_engine.get(), &CopyEngine::sampled, this,
            [this](const ThroughputSample &sample) { m_connectionsInUse = sample.connections; });
    connect(m_engine.get(), &CopyEngine::finished, this, &MigrationRunner::onEngineFinished);

    const auto opened = engine ? openTarget() : engine;
    for (const QString &name : std::as_const(m_plan.vmNames)) {
        auto run = std::make_unique<VmRun>();
        run->report.vm = name;
        m_runs.push_back(std::move(run));
        if (!opened) {
            failVm(*m_runs.back(), opened.error());
            continue;
        }
        m_runs.back()->report.target = m_target->describe();
        prepareVm(*m_runs.back());
    }
    shutDownSources();
}

// Every check on the target passed before the source is touched: a VM is shut down only
// when its copy can start right after.
void MigrationRunner::shutDownSources()
{
    QList<VmRun *> runs;
    for (const auto &run : m_runs) {
        if (m_plan.shutdownSource && !isPackage() && run->targetPrepared && !run->report.error)
            runs << run.get();
    }
    if (runs.isEmpty())
        return startCopy();
    m_session = std::make_unique<SoapSession>(m_endpoint);
    m_session->connectToHost([this, runs](Result<ServiceContent> connected) {
        if (!connected) {
            for (VmRun *run : runs)
                failVm(*run, connected.error().prefixed(u"cannot log in to shut the source VM down"_s));
            return startCopy();
        }
        m_shutdownsPending = int(runs.size());
        for (VmRun *run : runs)
            shutDownSource(*run);
    });
}

void MigrationRunner::shutDownSource(VmRun &run)
{
    SourceShutdown::Options options;
    options.timeout = std::chrono::seconds(m_plan.shutdownTimeoutSeconds);
    options.cancelled = &m_cancelled;
    options.log = [this](const QString &line) { Q_EMIT logMessage(line); };
    enterStep(run, u"shutdown-source"_s);
    SourceShutdown::run(m_session.get(), ManagedObjectRef{u"VirtualMachine"_s, run.vm.moref}, run.vm.name, options,
                        [this, &run](const ShutdownOutcome &outcome) {
                            recordShutdown(run.report.source, outcome);
                            if (outcome.error)
                                failVm(run, *outcome.error);
                            if (--m_shutdownsPending == 0)
                                startCopy();
                        });
}

void MigrationRunner::startCopy()
{
    if (m_session) // best effort; a session left open idles out on the host
        m_session->logout([](Result<void>) {});
    // Decided once: failVm() below uses the target on this thread, so no step may run yet.
    const bool cancelled = m_cancelled;
    QList<VmRun *> nothingToCopy;
    for (int i = 0; i < int(m_runs.size()); ++i) {
        VmRun &run = *m_runs.at(size_t(i));
        if (!run.targetPrepared || run.report.error)
            continue;
        if (cancelled) { // a cancel came while the sources were shut down
            failVm(run, Error(ErrorCode::Cancelled, u"cancelled before the copy started"_s));
            continue;
        }
        if (run.disks.empty()) {
            nothingToCopy << &run;
            continue;
        }
        // Only once every disk is ready (and the source is off, if asked) does the VM join the shared pool.
        for (int disk = 0; disk < int(run.specs.size()); ++disk) {
            const int index = m_engine->addDisk(std::move(run.specs[size_t(disk)]));
            Q_ASSERT(index == int(m_engineDisks.size()));
            Q_UNUSED(index);
            m_engineDisks.emplace_back(i, disk);
        }
        run.pendingDisks = int(run.specs.size());
        run.specs.clear();
    }
    // Steps start only now: until here this thread used the target.
    for (VmRun *run : std::as_const(nothingToCopy))
        post([this, run] { completeVm(*run); });
    if (m_engineDisks.empty()) {
        m_engineDone = true;
        QTimer::singleShot(0, this, &MigrationRunner::finishIfDone);
        return;
    }
    m_engine->start();
}

void MigrationRunner::cancel(PartialData partial)
{
    m_partialOnCancel = partial;
    m_cancelled = true;
    // The engine is not thread-safe: it is cancelled on the runner's thread.
    QMetaObject::invokeMethod(this, [this] {
        if (m_engine)
            m_engine->cancel();
    });
}

void MigrationRunner::interrupt() noexcept
{
    static_assert(std::atomic<bool>::is_always_lock_free);
    m_cancelled.store(true);
}

void MigrationRunner::prepareVm(VmRun &run)
{
    const auto vm = m_inventory.uniqueVm(run.report.vm);
    if (!vm) {
        // Two VMs of one name (two datacenters or folders of a vCenter) are refused: their
        // output folders, domains and reports would be the same.
        failVm(run,
               vm.error().code() != ErrorCode::NotFound
                   ? vm.error()
                   : Error(ErrorCode::NotFound,
                           u"there is no VM named '%1' on %2; 'ferry-cli inventory' lists the names"_s.arg(run.report.vm, sourceName())));
        return;
    }
    run.vm = **vm;
    run.report.source = sourceJson(m_endpoint, run.vm, m_package.get());
    run.report.findings = preflight(run.vm,
                                    PreflightOptions{.allowCrashConsistent = m_plan.allowCrashConsistent,
                                                     .shutdownSource = m_plan.shutdownSource});
    if (m_package)
        run.report.findings << m_package->findings(run.vm.name);
    QStringList blockers;
    QStringList details;
    for (const Finding &finding : std::as_const(run.report.findings)) {
        if (finding.severity == Finding::Severity::Warning)
            run.report.warnings << finding.message;
        else if (finding.severity == Finding::Severity::Blocker) {
            blockers << finding.message;
            if (!finding.details.isEmpty())
                details << finding.details;
        }
    }
    if (!blockers.isEmpty()) {
        failVm(run, Error(ErrorCode::Unsupported, blockers.join(u"; "_s), details.join(u"; "_s)));
        return;
    }
    if (auto prepared = prepareDisks(run); !prepared)
        failVm(run, prepared.error());
}

Result<void> MigrationRunner::prepareDisks(VmRun &run)
{
    auto warnings = m_target->prepareVm(run.vm, m_plan.resume);
    if (!warnings)
        return std::unexpected(warnings.error());
    run.targetPrepared = true;
    run.report.warnings << *warnings;
    Q_EMIT logMessage(u"%1: %2 disk(s), %3"_s.arg(run.vm.name).arg(run.vm.disks.size()).arg(m_plan.target.toString()));

    for (qsizetype i = 0; i < run.vm.disks.size(); ++i) {
        const DiskInfo &disk = run.vm.disks.at(i);
        DiskReport report;
        report.label = disk.label;
        report.source = disk.fileName;
        report.capacity = disk.capacity;
        auto sink = m_target->createSink(run.vm, int(i));
        if (!sink)
            return std::unexpected(sink.error().prefixed(disk.label));
        const QUrl url = m_package ? PackageSource::diskUrl(m_package->path(), disk.path)
                                   : m_endpoint.folderUrl(run.vm.datacenterPath, disk.datastore, disk.flatPath());
        run.disks.push_back(std::make_unique<DiskCopy>(report, url, std::move(*sink)));
        auto spec = run.disks.back()->prepare(m_plan.transfer.chunkSize, m_plan.resume);
        if (!spec)
            return std::unexpected(spec.error().prefixed(disk.label));
        run.specs.push_back(std::move(*spec));
        run.progress.emplace_back(run.disks.back()->report().bytesResumed, -1);
        reportDiskProgress(run, int(i), 0);
    }
    return {};
}

void MigrationRunner::onChunkCompleted(int disk, const ChunkDigest & /*digest*/)
{
    // The record itself already went to the disk's DiskCopy on the fetch thread; this
    // only checks that it was journaled. Progress counts bytes as they arrive: reportArrivals().
    const auto [runIndex, diskIndex] = m_engineDisks.at(disk);
    VmRun &run = *m_runs.at(runIndex);
    if (run.recordFailure)
        return;
    if (auto failed = run.disks.at(diskIndex)->recordError()) {
        // Without a durable journal the copy could not be resumed truthfully: stop it.
        run.recordFailure = failed;
        Q_EMIT logMessage(u"%1: %2"_s.arg(run.vm.name, failed->toString()));
        m_engine->cancel();
        return;
    }
}

void MigrationRunner::reportArrivals()
{
    for (size_t disk = 0; disk < m_engineDisks.size(); ++disk) {
        const auto [runIndex, diskIndex] = m_engineDisks[disk];
        reportDiskProgress(*m_runs.at(runIndex), diskIndex, m_engine->bytesArrived(int(disk)));
    }
}

void MigrationRunner::reportDiskProgress(VmRun &run, int diskIndex, qint64 arrived)
{
    auto &[resumed, reported] = run.progress.at(diskIndex);
    const qint64 capacity = run.disks.at(diskIndex)->report().capacity;
    const qint64 done = std::min(capacity, resumed + arrived);
    if (done == reported)
        return;
    reported = done;
    Q_EMIT diskProgress(run.vm.name, diskIndex, done, capacity);
}

void MigrationRunner::onDiskFinished(int disk, const Result<DiskTransferStats> &result)
{
    const auto [runIndex, diskIndex] = m_engineDisks.at(disk);
    VmRun &run = *m_runs.at(runIndex);
    std::optional<Error> error = run.recordFailure;
    if (!error && !result)
        error = result.error();
    reportDiskProgress(run, diskIndex, m_engine->bytesArrived(disk)); // the last bytes, not one sample late
    // diskIndex = diskIndex: clang before 16 (clang-tidy) cannot capture a structured binding.
    post([this, &run, diskIndex = diskIndex, result, error, connections = m_connectionsInUse] {
        recordConnections(run, diskIndex, connections);
        finishDisk(run, diskIndex, result, error);
        if (--run.pendingDisks == 0)
            completeVm(run);
    });
}

void MigrationRunner::recordConnections(VmRun &run, int diskIndex, int connections)
{
    if (connections <= 0)
        return;
    QJsonObject &transfer = run.report.transfer;
    transfer.insert(u"connections"_s, m_plan.transfer.autoConnections ? QJsonValue(u"auto"_s) : QJsonValue(m_plan.transfer.connections));
    QJsonArray used = transfer.value(u"connections_used"_s).toArray();
    while (used.size() <= diskIndex)
        used.append(QJsonValue());
    used[diskIndex] = connections;
    transfer.insert(u"connections_used"_s, used);
}

void MigrationRunner::finishDisk(VmRun &run, int diskIndex, const Result<DiskTransferStats> &result, std::optional<Error> error)
{
    DiskCopy &copy = *run.disks.at(size_t(diskIndex));
    if (!error && run.report.error)
        error = run.report.error;
    // A step queued behind another VM's may start after a cancel or pause: it then keeps
    // (or drops) the copy and its journal like an interrupted copy, so --resume continues it.
    if (!error && m_cancelled)
        error = Error(ErrorCode::Cancelled, u"cancelled before the copy was finished"_s);
    if (!error) {
        enterStep(run, u"finish"_s);
        Q_EMIT logMessage(u"%1: %2 copied, computing its digest%3"_s.arg(run.vm.name, copy.report().label,
                                                                         m_plan.verify ? u" and verifying"_s : QString()));
        if (auto finished = copy.finish(*result, m_plan.verify, &m_cancelled); !finished)
            error = finished.error();
    }
    if (error) {
        // cancel() may change it meanwhile: decide once. A package disk that failed its
        // manifest or decoding is never kept: there is nothing to resume from.
        const bool keep = keepPartial() && !(m_package && error->code() == ErrorCode::Integrity);
        copy.abandon(*error, keep);
        if (!run.report.error)
            run.report.error = error->prefixed(copy.report().label);
        if (keep)
            Q_EMIT logMessage(u"%1: %2: %3 of %4 kept at %5; re-run with --resume to fetch only the rest"_s.arg(
                run.vm.name, copy.report().label, formatByteSize(copy.report().bytesKept), formatByteSize(copy.report().capacity),
                copy.report().target));
    }
}

void MigrationRunner::enterStep(VmRun &run, const QString &step)
{
    Q_EMIT vmStep(run.vm.name.isEmpty() ? run.report.vm : run.vm.name, step);
}

void MigrationRunner::post(std::function<void()> work)
{
    m_steps.start(std::move(work));
}

void MigrationRunner::onEngineFinished()
{
    m_engineDone = true;
    finishIfDone();
}

std::optional<GuestProfile> MigrationRunner::inspectGuest(VmRun &run)
{
    if (m_plan.inspect && m_cancelled) {
        // Every disk is complete and committed; only the slow look inside is skipped.
        run.report.warnings << u"guest inspection skipped: the migration was cancelled after this VM was copied"_s;
        return std::nullopt;
    }
    if (!m_plan.inspect)
        return std::nullopt;
    // Every disk, in the VM's order: the root may sit on another disk than /boot.
    QList<InspectSource> disks;
    for (qsizetype i = 0; i < run.vm.disks.size(); ++i) {
        const QString path = m_target->localDiskPath(run.vm, int(i));
        if (path.isEmpty()) {
            run.report.warnings << u"guest inspection skipped: disk %1 is not reachable as a local file"_s.arg(i + 1);
            return std::nullopt;
        }
        disks << InspectSource::fromImage(path, m_plan.diskFormat);
    }
    if (disks.isEmpty())
        return std::nullopt;
    enterStep(run, u"inspect"_s);
    Q_EMIT logMessage(disks.size() > 1 ? u"%1: inspecting the guest on its %2 disks"_s.arg(run.vm.name).arg(disks.size())
                                       : u"%1: inspecting the guest"_s.arg(run.vm.name));
    auto inspection = Inspector().inspect(disks, &m_cancelled);
    if (!inspection) {
        // Inspection informs; it never undoes a copy that succeeded.
        run.report.warnings << u"guest inspection failed: "_s + inspection.error().toString();
        return std::nullopt;
    }
    run.report.inspection = inspection->toJson();
    run.report.inspected = true;
    run.report.findings << inspection->findings;
    for (const Finding &finding : std::as_const(inspection->findings))
        if (finding.severity != Finding::Severity::Info)
            run.report.warnings << finding.message;
    if (inspection->os.family.isEmpty() || inspection->os.family == u"unknown")
        return std::nullopt; // no OS found: the guest id decides
    const DeviceRecommendation &rec = inspection->recommendation;
    return GuestProfile{rec.diskBus == u"virtio", rec.nicModel == u"virtio", inspection->os.family == u"windows",
                        u"from guest inspection: "_s + rec.reason};
}

namespace {

// The bus virt-v2v-in-place is told a disk had, so fstab's /dev/sdX and /dev/hdX names map
// in the guest's own order.
QString conversionBus(const DiskInfo &disk)
{
    if (disk.controllerType == u"ide"_s || disk.controllerType == u"sata"_s)
        return disk.controllerType;
    return u"scsi"_s;
}

QString conversionSkip(const MigrationPlan &plan, const MigrationReport &report, const QString &reportDir)
{
    if (!plan.convert)
        return u"turned off (--no-convert)"_s;
    if (!report.inspected)
        return u"the guest was not inspected: conversion needs to know its OS"_s;
    return ConversionPolicy::skipReason(report.inspection, !plan.virtioWin.isEmpty(), reportDir);
}

} // namespace

// A failed or skipped conversion keeps the copy and the hardware inspection chose.
std::optional<GuestProfile> MigrationRunner::convertGuest(VmRun &run, const std::optional<GuestProfile> &inspected)
{
    const QString reportDir = QFileInfo(m_target->reportPath(run.vm)).absolutePath();
    QString skip = conversionSkip(m_plan, run.report, reportDir);
    const bool windows = ConversionPolicy::needsVirtioWin(run.report.inspection);
    ConversionInput input;
    input.name = run.vm.name;
    input.format = m_plan.diskFormat;
    input.logPath = QDir(reportDir).filePath(u"conversion.log"_s);
    input.virtioWin = m_plan.virtioWin;
    for (qsizetype i = 0; i < run.vm.disks.size() && skip.isEmpty(); ++i) {
        input.disks.append({m_target->localDiskPath(run.vm, int(i)), conversionBus(run.vm.disks.at(i))});
        if (input.disks.last().path.isEmpty())
            skip = u"this target gives no local file for every disk; convert before upload is not supported yet"_s;
    }
    for (const NicInfo &nic : std::as_const(run.vm.nics))
        input.macs << nic.macAddress;
    input.nicNames = NicNameKeeper::decide(input.macs, run.report.inspection.value(u"network"_s).toArray());
    if (skip.isEmpty() && m_cancelled)
        skip = u"the migration was cancelled before conversion"_s;
    if (!skip.isEmpty()) {
        run.report.conversion = ConversionReport::skipped(skip);
        if (m_plan.convert && windows)
            run.report.findings << Finding{Finding::Severity::Warning, u"virtio-win-needed"_s, skip, {}};
        if (m_plan.convert && run.report.inspected)
            run.report.warnings << u"guest conversion skipped: "_s + skip;
        return inspected;
    }
    enterStep(run, u"convert"_s);
    Q_EMIT logMessage(u"%1: converting the guest with virt-v2v-in-place"_s.arg(run.vm.name));
    const GuestConverter converter([this, name = run.vm.name](const QString &line) { Q_EMIT logMessage(name + u": "_s + line); });
    const ConversionReport &report = *(run.report.conversion = converter.convert(input, &m_cancelled));
    Q_EMIT logMessage(u"%1: conversion %2 after %3 s"_s.arg(run.vm.name, report.result).arg(qRound(report.seconds)));
    if (!report.converted() && report.copyModified) {
        // The copies may be partly converted: defining a domain on them would boot neither
        // guest. The VM fails and the report says where the overlays are.
        run.report.error = Error(ErrorCode::Io, u"guest conversion: "_s + report.reason);
        return inspected;
    }
    if (!report.converted()) {
        run.report.warnings << u"guest conversion %1: %2; the copy is kept with the hardware inspection chose"_s.arg(report.result,
                                                                                                                     report.reason);
        return inspected;
    }
    // virt-v2v's Linux conversion installs virtio-blk when the kernel has it (else it fails).
    // For Windows it installs viostor only when virtio-win has a driver for that version (else
    // IDE): virtio only when the log says so.
    const bool virtioDisk = report.diskBus.startsWith(u"virtio"_s) || (report.diskBus.isEmpty() && !windows);
    return GuestProfile{virtioDisk, report.nicModel == u"virtio-net"_s, windows,
                        u"converted by virt-v2v-in-place (disk bus %1, NIC %2)"_s.arg(
                            report.diskBus.isEmpty() ? u"not logged, virtio-blk assumed"_s : report.diskBus,
                            report.nicModel.isEmpty() ? u"not logged"_s : report.nicModel)};
}

void MigrationRunner::completeVm(VmRun &run)
{
    std::optional<GuestProfile> guest;
    if (!run.report.error)
        guest = convertGuest(run, inspectGuest(run));
    MigrationTarget::BootWatch bootWatch;
    // A conversion that stopped while writing into the copies failed the VM (report.error):
    // its disks stay as they are, not abandoned, and no domain is defined on them.
    if (!run.report.error) {
        enterStep(run, u"define"_s);
        auto domain = m_target->finishVm(run.vm, guest);
        if (domain) {
            run.report.domainXml = domain->reference;
            run.report.warnings << domain->warnings;
            run.report.decisions = domain->decisions;
            BootCheckReport skipped;
            bootWatch = m_target->bootCheck(run.vm, &skipped);
            if (!bootWatch)
                run.report.bootCheck = skipped;
        } else {
            run.report.error = domain.error();
            const bool keep = keepPartial();
            for (const auto &disk : run.disks)
                disk->abandon(domain.error(), keep);
        }
    }
    for (qsizetype i = 0; i < qsizetype(run.disks.size()); ++i) {
        DiskReport disk = run.disks.at(i)->report();
        if (disk.error.isEmpty())
            disk.target = m_target->diskReference(run.vm, int(i), disk.target);
        run.report.disks << disk;
    }
    const QString reportPath = run.targetPrepared ? m_target->reportPath(run.vm) : QString();
    if (!bootWatch) {
        writeReport(run, reportPath);
        return;
    }
    // The boot check waits minutes for a guest: on a thread of its own, so the next VM's
    // finish, inspection, conversion and define go on meanwhile. From here on nothing
    // touches the target but the watch itself.
    m_bootChecks.start([this, &run, bootWatch = std::move(bootWatch), reportPath] {
        checkBoot(run, bootWatch);
        writeReport(run, reportPath);
    });
}

void MigrationRunner::writeReport(VmRun &run, const QString &reportPath)
{
    if (!reportPath.isEmpty()) {
        enterStep(run, u"report"_s);
        if (auto written = run.report.writeTo(reportPath); !written && !run.report.error)
            run.report.error = written.error();
    }
    // The relay thread announces it: vmFinished and finished() keep their order.
    QMetaObject::invokeMethod(
        this, [this, report = run.report, reportPath] { vmDone(report, reportPath); }, Qt::QueuedConnection);
}

void MigrationRunner::checkBoot(VmRun &run, const MigrationTarget::BootWatch &bootWatch)
{
    enterStep(run, u"boot"_s);
    Q_EMIT logMessage(u"%1: domain started, checking that the guest boots"_s.arg(run.vm.name));
    const BootCheckReport &check = *(run.report.bootCheck = bootWatch(&m_cancelled));
    if (check.result == u"skipped"_s)
        return;
    Q_EMIT logMessage(u"%1: boot check %2 after %3 s (%4)%5"_s.arg(run.vm.name, check.result)
                          .arg(qRound(check.seconds))
                          .arg(check.method, check.seen.isEmpty() ? QString() : u": "_s + check.seen.section(u'\n', -1)));
    // The migration itself succeeded: the domain and its disks stay; the admin must look.
    if (!check.passed())
        run.report.warnings << u"boot check %1: %2"_s.arg(check.result, check.reason);
}

void MigrationRunner::failVm(VmRun &run, const Error &error)
{
    run.report.error = error;
    const bool keep = keepPartial();
    for (const auto &disk : run.disks)
        disk->abandon(error, keep);
    if (run.targetPrepared && m_target)
        m_target->abandonVm(run.vm, keep);
    run.targetPrepared = run.targetPrepared && keep;
    completeVm(run);
}

void MigrationRunner::vmDone(const MigrationReport &report, const QString &reportPath)
{
    ++m_vmsDone;
    Q_EMIT vmFinished(report, reportPath);
    finishIfDone();
}

void MigrationRunner::finishIfDone()
{
    if (m_finished || !m_engineDone || m_vmsDone < int(m_runs.size()))
        return;
    int succeeded = 0;
    for (const auto &run : m_runs)
        succeeded += run->report.ok() ? 1 : 0;
    m_finished = true;
    Q_EMIT finished(succeeded, int(m_runs.size()) - succeeded);
}

} // namespace Ferry
