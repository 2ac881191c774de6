#include "migrationrunner.h"

#include "convert/conversionpolicy.h"
#include "convert/guestconverter.h"
#include "convert/nicnamekeeper.h"
#include "data/diskcopy.h"
#include "data/sink.h"
#include "fetch/transferengine.h"
#include "inspect/inspector.h"
#include "inspect/inspectsource.h"
#include "plan/preflight.h"
#include "target/directorymigrationtarget.h"
#include "target/libvirtmigrationtarget.h"
#include "target/libvirttarget.h"

#include <QDir>
#include <QFileInfo>
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
    std::vector<std::pair<qint64, qint64>> progress; // per disk: bytes done, last diskProgress (ms)
    std::optional<Error> recordFailure;              // a journal commit failed: why the copy was stopped
    int pendingDisks = 0;
    bool targetPrepared = false;
};

namespace {

QJsonObject sourceJson(const SourceEndpoint &endpoint, const VmInfo &vm)
{
    return QJsonObject{{u"host"_s, endpoint.url.host()}, {u"url"_s, endpoint.url.toString(QUrl::RemoveUserInfo | QUrl::RemovePath)},
                       {u"moref"_s, vm.moref},           {u"datacenter"_s, vm.datacenter},
                       {u"vmx"_s, vm.vmxPath},           {u"uuid"_s, vm.uuid}};
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

Result<void> MigrationRunner::openTarget()
{
    if (m_plan.target.kind == TargetSpec::Kind::Directory) {
        m_target = std::make_unique<DirectoryMigrationTarget>(m_plan.target.path, m_plan.diskFormat, m_plan.networkMap,
                                                              m_plan.transfer.connections);
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
    options.maxWriters = m_plan.transfer.connections;
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
    m_clock.start();
    m_engine = std::make_unique<TransferEngine>(m_plan.transfer, m_endpoint);
    m_engine->setSessionCookie(m_cookie);
    connect(m_engine.get(), &TransferEngine::chunkCompleted, this, &MigrationRunner::onChunkCompleted);
    connect(m_engine.get(), &TransferEngine::diskFinished, this, &MigrationRunner::onDiskFinished);
    connect(m_engine.get(), &TransferEngine::sampled, this, &MigrationRunner::sampled);
    connect(m_engine.get(), &TransferEngine::finished, this, &MigrationRunner::onEngineFinished);

    const auto opened = openTarget();
    for (const QString &name : std::as_const(m_plan.vmNames)) {
        auto run = std::make_unique<VmRun>();
        run->report.vm = name;
        m_runs.push_back(std::move(run));
        if (!opened) {
            failVm(*m_runs.back(), opened.error());
            continue;
        }
        m_runs.back()->report.target = m_target->describe();
        prepareVm(*m_runs.back(), int(m_runs.size()) - 1);
    }
    // Steps start only now: until here the relay thread used the target.
    for (const auto &run : m_runs) {
        if (run->targetPrepared && run->disks.empty() && !run->report.error) // nothing to copy
            post([this, &run = *run] { completeVm(run); });
    }
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

void MigrationRunner::prepareVm(VmRun &run, int runIndex)
{
    const VmInfo *vm = m_inventory.findVm(run.report.vm);
    if (!vm) {
        failVm(run,
               Error(ErrorCode::NotFound,
                     u"there is no VM named '%1' on %2; 'ferry-cli inventory' lists the names"_s.arg(run.report.vm,
                                                                                                     m_endpoint.url.host())));
        return;
    }
    run.vm = *vm;
    run.report.source = sourceJson(m_endpoint, run.vm);
    run.report.findings = preflight(run.vm, PreflightOptions{.allowCrashConsistent = m_plan.allowCrashConsistent});
    QStringList blockers;
    for (const Finding &finding : std::as_const(run.report.findings)) {
        if (finding.severity == Finding::Severity::Warning)
            run.report.warnings << finding.message;
        else if (finding.severity == Finding::Severity::Blocker)
            blockers << finding.message;
    }
    if (!blockers.isEmpty()) {
        failVm(run, Error(ErrorCode::Unsupported, blockers.join(u"; "_s)));
        return;
    }
    if (auto prepared = prepareDisks(run, runIndex); !prepared)
        failVm(run, prepared.error());
}

Result<void> MigrationRunner::prepareDisks(VmRun &run, int runIndex)
{
    auto warnings = m_target->prepareVm(run.vm, m_plan.resume);
    if (!warnings)
        return std::unexpected(warnings.error());
    run.targetPrepared = true;
    run.report.warnings << *warnings;
    Q_EMIT logMessage(u"%1: %2 disk(s), %3"_s.arg(run.vm.name).arg(run.vm.disks.size()).arg(m_plan.target.toString()));

    std::vector<DiskTransferSpec> specs;
    for (qsizetype i = 0; i < run.vm.disks.size(); ++i) {
        const DiskInfo &disk = run.vm.disks.at(i);
        DiskReport report;
        report.label = disk.label;
        report.source = disk.fileName;
        report.capacity = disk.capacity;
        auto sink = m_target->createSink(run.vm, int(i));
        if (!sink)
            return std::unexpected(sink.error().prefixed(disk.label));
        const QUrl url = m_endpoint.folderUrl(run.vm.datacenterPath, disk.datastore, disk.flatPath());
        run.disks.push_back(std::make_unique<DiskCopy>(report, url, std::move(*sink)));
        auto spec = run.disks.back()->prepare(m_plan.transfer.chunkSize, m_plan.resume);
        if (!spec)
            return std::unexpected(spec.error().prefixed(disk.label));
        specs.push_back(std::move(*spec));
        run.progress.emplace_back(0, -1000);
        reportDiskProgress(run, int(i), run.disks.back()->report().bytesResumed, true);
    }
    // Only once every disk is ready does the VM join the shared pool.
    for (qsizetype i = 0; i < qsizetype(specs.size()); ++i) {
        m_engine->addDisk(std::move(specs[i]));
        m_engineDisks.emplace_back(runIndex, int(i));
    }
    run.pendingDisks = int(specs.size());
    return {};
}

void MigrationRunner::onChunkCompleted(int disk, const ChunkDigest &digest)
{
    // The record itself already went to the disk's DiskCopy on the fetch thread; this
    // is progress only.
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
    reportDiskProgress(run, diskIndex, digest.length, false);
}

void MigrationRunner::reportDiskProgress(VmRun &run, int diskIndex, qint64 bytes, bool force)
{
    auto &[done, lastMs] = run.progress.at(diskIndex);
    done += bytes;
    const qint64 now = m_clock.elapsed();
    if (!force && now - lastMs < 100)
        return;
    lastMs = now;
    Q_EMIT diskProgress(run.vm.name, diskIndex, done, run.disks.at(diskIndex)->report().capacity);
}

void MigrationRunner::onDiskFinished(int disk, const Result<DiskTransferStats> &result)
{
    const auto [runIndex, diskIndex] = m_engineDisks.at(disk);
    VmRun &run = *m_runs.at(runIndex);
    std::optional<Error> error = run.recordFailure;
    if (!error && !result)
        error = result.error();
    reportDiskProgress(run, diskIndex, 0, true);
    // diskIndex = diskIndex: clang before 16 (clang-tidy) cannot capture a structured binding.
    post([this, &run, diskIndex = diskIndex, result, error] {
        finishDisk(run, diskIndex, result, error);
        if (--run.pendingDisks == 0)
            completeVm(run);
    });
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
        const bool keep = keepPartial(); // cancel() may change it meanwhile: decide once
        copy.abandon(*error, keep);
        if (!run.report.error)
            run.report.error = error->prefixed(copy.report().label);
        if (keep)
            Q_EMIT logMessage(u"%1: partial copy kept at %2; re-run with --resume to continue"_s.arg(run.vm.name, copy.report().target));
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
    const QString path = m_target->localDiskPath(run.vm, 0);
    if (!m_plan.inspect || path.isEmpty()) {
        if (m_plan.inspect)
            run.report.warnings << u"guest inspection skipped: the first disk is not reachable as a local file"_s;
        return std::nullopt;
    }
    enterStep(run, u"inspect"_s);
    Q_EMIT logMessage(u"%1: inspecting the guest"_s.arg(run.vm.name));
    auto inspection = Inspector().inspect(InspectSource::fromImage(path, m_plan.diskFormat), &m_cancelled);
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

QString conversionSkip(const MigrationPlan &plan, const MigrationReport &report)
{
    if (!plan.convert)
        return u"turned off (--no-convert)"_s;
    if (!report.inspected)
        return u"the guest was not inspected: conversion needs to know its OS"_s;
    return ConversionPolicy::skipReason(report.inspection);
}

} // namespace

// A failed or skipped conversion keeps the copy and the hardware inspection chose.
std::optional<GuestProfile> MigrationRunner::convertGuest(VmRun &run, const std::optional<GuestProfile> &inspected)
{
    QString skip = conversionSkip(m_plan, run.report);
    ConversionInput input;
    input.name = run.vm.name;
    input.format = m_plan.diskFormat;
    input.logPath = QFileInfo(m_target->reportPath(run.vm)).dir().filePath(u"conversion.log"_s);
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
        if (m_plan.convert && ConversionPolicy::needsVirtioWin(run.report.inspection))
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
    const bool virtioDisk = report.diskBus.isEmpty() || report.diskBus.startsWith(u"virtio"_s);
    return GuestProfile{virtioDisk, report.nicModel == u"virtio-net"_s, false,
                        u"converted by virt-v2v-in-place (disk bus %1, NIC %2)"_s.arg(
                            report.diskBus.isEmpty() ? u"not logged, virtio-blk assumed"_s : report.diskBus,
                            report.nicModel.isEmpty() ? u"not logged"_s : report.nicModel)};
}

void MigrationRunner::completeVm(VmRun &run)
{
    std::optional<GuestProfile> guest;
    if (!run.report.error)
        guest = convertGuest(run, inspectGuest(run));
    // A conversion that stopped while writing into the copies failed the VM (report.error):
    // its disks stay as they are, not abandoned, and no domain is defined on them.
    if (!run.report.error) {
        enterStep(run, u"define"_s);
        auto domain = m_target->finishVm(run.vm, guest);
        if (domain) {
            run.report.domainXml = domain->reference;
            run.report.warnings << domain->warnings;
            run.report.decisions = domain->decisions;
            checkBoot(run);
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
    QString reportPath;
    if (run.targetPrepared) {
        enterStep(run, u"report"_s);
        reportPath = m_target->reportPath(run.vm);
        if (auto written = run.report.writeTo(reportPath); !written && !run.report.error)
            run.report.error = written.error();
    }
    // The relay thread announces it: vmFinished and finished() keep their order.
    QMetaObject::invokeMethod(
        this, [this, report = run.report, reportPath] { vmDone(report, reportPath); }, Qt::QueuedConnection);
}

void MigrationRunner::checkBoot(VmRun &run)
{
    if (m_plan.startDomain)
        enterStep(run, u"boot"_s);
    if (m_plan.startDomain && m_plan.target.kind != TargetSpec::Kind::Directory)
        Q_EMIT logMessage(u"%1: domain started, checking that the guest boots"_s.arg(run.vm.name));
    const BootCheckReport &check = *(run.report.bootCheck = m_target->checkBoot(run.vm, &m_cancelled));
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
