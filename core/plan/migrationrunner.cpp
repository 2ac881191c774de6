#include "migrationrunner.h"

#include "plan/diskcopy.h"
#include "plan/preflight.h"
#include "target/outputdirectory.h"
#include "transfer/nbdsink.h"
#include "transfer/rawfilesink.h"
#include "transfer/transferengine.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Ferry {

struct MigrationRunner::VmRun
{
    VmInfo vm;
    MigrationReport report;
    std::vector<std::unique_ptr<DiskCopy>> disks;
    int pendingDisks = 0;
    bool directoryPrepared = false;
    bool done = false;
};

namespace {

std::unique_ptr<Sink> makeSink(const MigrationPlan &plan, const QString &path)
{
    if (plan.diskFormat == u"raw")
        return std::make_unique<RawFileSink>(path);
    NbdSink::Options options;
    options.format = plan.diskFormat;
    options.maxWriters = plan.transfer.connections;
    return std::make_unique<NbdSink>(path, options);
}

QJsonObject sourceJson(const SourceEndpoint &endpoint, const VmInfo &vm)
{
    return QJsonObject{{u"host"_s, endpoint.url.host()},
                       {u"url"_s, endpoint.url.toString(QUrl::RemoveUserInfo | QUrl::RemovePath)},
                       {u"moref"_s, vm.moref},
                       {u"datacenter"_s, vm.datacenter},
                       {u"vmx"_s, vm.vmxPath},
                       {u"uuid"_s, vm.uuid}};
}

} // namespace

MigrationRunner::MigrationRunner(MigrationPlan plan, SourceEndpoint endpoint, Inventory inventory, QObject *parent)
    : QObject(parent)
    , m_plan(std::move(plan))
    , m_endpoint(std::move(endpoint))
    , m_inventory(std::move(inventory))
{
}

MigrationRunner::~MigrationRunner()
{
    // The engine's writers belong to the sinks the disk copies own: engine first.
    m_engine.reset();
}

void MigrationRunner::setSessionCookie(QByteArray cookie)
{
    m_cookie = std::move(cookie);
}

void MigrationRunner::start()
{
    m_engine = std::make_unique<TransferEngine>(m_plan.transfer, m_endpoint);
    m_engine->setSessionCookie(m_cookie);
    connect(m_engine.get(), &TransferEngine::chunkCompleted, this, &MigrationRunner::onChunkCompleted);
    connect(m_engine.get(), &TransferEngine::diskFinished, this, &MigrationRunner::onDiskFinished);
    connect(m_engine.get(), &TransferEngine::sampled, this, &MigrationRunner::sampled);
    connect(m_engine.get(), &TransferEngine::finished, this, &MigrationRunner::onEngineFinished);

    for (const QString &name : std::as_const(m_plan.vmNames)) {
        auto run = std::make_unique<VmRun>();
        run->report.vm = name;
        run->report.target = QJsonObject{{u"kind"_s, u"dir"_s}, {u"path"_s, m_plan.target.path}};
        m_runs.push_back(std::move(run));
        prepareVm(*m_runs.back());
    }
    if (m_engineDisks.empty()) {
        m_engineDone = true;
        QTimer::singleShot(0, this, &MigrationRunner::finishIfDone);
        return;
    }
    m_engine->start();
}

void MigrationRunner::cancel()
{
    m_cancelled = true;
    if (m_engine)
        m_engine->cancel();
}

void MigrationRunner::prepareVm(VmRun &run)
{
    const VmInfo *vm = m_inventory.findVm(run.report.vm);
    if (!vm) {
        failVm(run, Error(ErrorCode::NotFound,
                          u"there is no VM named '%1' on %2; 'ferry-cli inventory' lists the names"_s
                              .arg(run.report.vm, m_endpoint.url.host())));
        return;
    }
    run.vm = *vm;
    run.report.source = sourceJson(m_endpoint, run.vm);
    run.report.findings = preflight(run.vm, PreflightOptions{.allowCrashConsistent = m_plan.allowCrashConsistent});
    for (const Finding &finding : std::as_const(run.report.findings)) {
        if (finding.severity == Finding::Severity::Warning)
            run.report.warnings << finding.message;
    }
    if (hasBlocker(run.report.findings)) {
        QStringList blockers;
        for (const Finding &finding : std::as_const(run.report.findings))
            if (finding.severity == Finding::Severity::Blocker)
                blockers << finding.message;
        failVm(run, Error(ErrorCode::Unsupported, blockers.join(u"; "_s)));
        return;
    }
    if (m_plan.target.kind != TargetSpec::Kind::Directory) {
        failVm(run, Error(ErrorCode::Unsupported,
                          u"libvirt targets are not implemented yet; use --target dir:PATH"_s));
        return;
    }
    if (auto prepared = prepareDisks(run); !prepared)
        failVm(run, prepared.error());
}

Result<void> MigrationRunner::prepareDisks(VmRun &run)
{
    const OutputDirectory output(m_plan.target.path);
    if (auto prepared = output.prepareVm(run.vm.name, m_plan.resume); !prepared)
        return prepared;
    run.directoryPrepared = true;
    Q_EMIT logMessage(u"%1: %2 disk(s) to %3"_s.arg(run.vm.name).arg(run.vm.disks.size()).arg(output.vmDirectory(run.vm.name)));

    const int runIndex = int(m_runs.size()) - 1;
    std::vector<DiskTransferSpec> specs;
    for (qsizetype i = 0; i < run.vm.disks.size(); ++i) {
        const DiskInfo &disk = run.vm.disks.at(i);
        DiskReport report;
        report.label = disk.label;
        report.source = disk.fileName;
        report.capacity = disk.capacity;
        const QUrl url = m_endpoint.folderUrl(run.vm.datacenterPath, disk.datastore, disk.flatPath());
        const QString path = output.diskPath(run.vm.name, int(i) + 1, m_plan.diskFormat);
        run.disks.push_back(std::make_unique<DiskCopy>(report, url, makeSink(m_plan, path)));
        auto spec = run.disks.back()->prepare(m_plan.transfer.chunkSize, m_plan.resume);
        if (!spec)
            return std::unexpected(spec.error().prefixed(disk.label));
        specs.push_back(std::move(*spec));
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
    const auto [runIndex, diskIndex] = m_engineDisks.at(disk);
    VmRun &run = *m_runs.at(runIndex);
    if (run.report.error)
        return;
    if (auto recorded = run.disks.at(diskIndex)->chunkCompleted(digest); !recorded) {
        // Without a durable journal the copy could not be resumed truthfully: stop it.
        run.report.error = recorded.error();
        Q_EMIT logMessage(u"%1: %2"_s.arg(run.vm.name, recorded.error().toString()));
        m_engine->cancel();
    }
}

void MigrationRunner::onDiskFinished(int disk, const Result<DiskTransferStats> &result)
{
    const auto [runIndex, diskIndex] = m_engineDisks.at(disk);
    VmRun &run = *m_runs.at(runIndex);
    DiskCopy &copy = *run.disks.at(diskIndex);
    std::optional<Error> error = run.report.error;
    if (!error && !result)
        error = result.error();
    if (!error) {
        Q_EMIT logMessage(u"%1: %2 copied, computing its digest%3"_s
                              .arg(run.vm.name, copy.report().label, m_plan.verify ? u" and verifying"_s : QString()));
        if (auto finished = copy.finish(*result, m_plan.verify, &m_cancelled); !finished)
            error = finished.error();
    }
    if (error) {
        const bool keep = m_plan.keepPartial || m_plan.resume;
        copy.abandon(*error, keep);
        if (!run.report.error)
            run.report.error = error->prefixed(copy.report().label);
        if (keep)
            Q_EMIT logMessage(u"%1: partial copy kept at %2; re-run with --resume to continue"_s
                                  .arg(run.vm.name, copy.report().target));
    }
    if (--run.pendingDisks == 0)
        completeVm(run);
}

void MigrationRunner::onEngineFinished()
{
    m_engineDone = true;
    finishIfDone();
}

void MigrationRunner::completeVm(VmRun &run)
{
    for (const auto &disk : run.disks)
        run.report.disks << disk->report();
    if (run.directoryPrepared) {
        const OutputDirectory output(m_plan.target.path);
        if (auto written = run.report.writeTo(output.reportPath(run.vm.name)); !written && !run.report.error)
            run.report.error = written.error();
    }
    run.done = true;
    Q_EMIT vmFinished(run.report);
}

void MigrationRunner::failVm(VmRun &run, const Error &error)
{
    run.report.error = error;
    for (const auto &disk : run.disks)
        disk->abandon(error, m_plan.keepPartial || m_plan.resume);
    if (run.directoryPrepared && !(m_plan.keepPartial || m_plan.resume))
        OutputDirectory(m_plan.target.path).removeIfEmpty(run.vm.name);
    run.directoryPrepared = run.directoryPrepared && (m_plan.keepPartial || m_plan.resume);
    completeVm(run);
}

void MigrationRunner::finishIfDone()
{
    if (m_finished || !m_engineDone)
        return;
    int succeeded = 0;
    for (const auto &run : m_runs)
        succeeded += run->report.ok() ? 1 : 0;
    m_finished = true;
    Q_EMIT finished(succeeded, int(m_runs.size()) - succeeded);
}

} // namespace Ferry
