#pragma once

#include "base/error.h"
#include "data/chunkdigest.h"
#include "data/disktransferstats.h"
#include "fetch/throughputsample.h"
#include "plan/migrationplan.h"
#include "plan/migrationreport.h"
#include "target/migrationtarget.h"
#include "vsphere/inventory.h"
#include "vsphere/sourceendpoint.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace Ferry {

class CopyEngine;
class DiskCopy;
class SoapSession;
class PackageSource;
struct GuestProfile;

// Runs one MigrationPlan. Each VM is a small state machine:
//   prepare (preflight, target, sinks) -> shutdown-source (plan.shutdownSource: the source VM
//   is shut down, gracefully or forced, never powered on again) -> copy (all disks of all VMs share one
//   TransferEngine pool) -> finish each disk (final digest, optional verify, commit)
//   -> inspect -> convert (Linux guests, virt-v2v-in-place) -> define (XML file or libvirt domain) -> report (report.json)
// One VM failing does not stop the others.
//
// Thread affinity: lives on one thread (the "relay" thread) and is driven by its event
// loop; the engine and its progress signals live there too. prepare runs on it before
// the engine starts. The long steps after the copy (finish, inspect, define, report)
// run on a worker thread of the runner's own, one step at a time in the order the disks
// finished, and post their outcome back: one VM's minutes of read-back or inspection
// never stall another VM's fetching, journal, progress or chart. Chunk records go from
// the fetch threads straight to each disk's DiskCopy (ChunkRecorder), not through here.
// The GUI still moves the runner off the GUI thread because prepare blocks.
class MigrationRunner final : public QObject
{
    Q_OBJECT

public:
    // What cancel() does with partial disks and their resume journals.
    enum class PartialData { AsPlanned, Keep, Discard };

    // An endpoint whose url is a local file (file:///x.ova, file:///dir/x.ovf) is an OVA/OVF
    // package: the runner opens it and imports its disks (PackageImport) instead of fetching.
    MigrationRunner(MigrationPlan plan, SourceEndpoint endpoint, Inventory inventory, QObject *parent = nullptr);
    ~MigrationRunner() override;

    // Sent with /folder requests; Basic authentication is sent too, so it is optional.
    void setSessionCookie(QByteArray cookie);
    void start();
    // Any thread: the flag stops blocking steps (digest, verify, inspection) at once, the
    // engine stops on the runner's thread. AsPlanned keeps partial data when the plan says
    // keepPartial or resume; Keep keeps it for a later runner with plan.resume (a pause);
    // Discard removes it even when this runner resumed.
    void cancel(PartialData partial = PartialData::AsPlanned);
    // Async-signal-safe (one lock-free store): stops the blocking steps at once, for a
    // SIGINT handler while those steps block the runner's thread. cancel() must follow
    // on a normal thread to stop the engine.
    void interrupt() noexcept;

Q_SIGNALS:
    // One line for a log view or stderr.
    void logMessage(const QString &line);
    void sampled(const Ferry::ThroughputSample &sample);
    // Bytes of one disk received (resumed ones included) as they arrive, at most ~10 times
    // a second per disk when they changed, and once more when the disk's copy ended.
    // diskIndex counts the VM's disks.
    void diskProgress(const QString &vm, int diskIndex, qint64 bytesDone, qint64 bytesTotal);
    // reportPath is empty when the VM failed before its target was prepared.
    void vmFinished(const Ferry::MigrationReport &report, const QString &reportPath);
    // Emitted when a VM enters a step ("shutdown-source" on the runner's thread; "finish", "inspect",
    // "convert", "define", "boot" (with --start), "report" from the worker thread that runs it).
    void vmStep(const QString &vm, const QString &step);
    void finished(int succeeded, int failed);

private:
    struct VmRun;

    Result<void> openTarget();
    // The copy engine for the source: a PackageImport for a package, else a TransferEngine.
    Result<void> createEngine();
    bool isPackage() const;
    QString sourceName() const;
    void prepareVm(VmRun &run);
    Result<void> prepareDisks(VmRun &run);
    // plan.shutdownSource: each prepared VM's source is shut down (SourceShutdown on a
    // session of the runner's own), then startCopy() hands every ready disk to the engine.
    void shutDownSources();
    void shutDownSource(VmRun &run);
    void startCopy();
    void onChunkCompleted(int disk, const ChunkDigest &digest);
    void onDiskFinished(int disk, const Result<DiskTransferStats> &result);
    // Every disk's bytes as they arrive, at the engine's sample rate (~10 a second).
    void reportArrivals();
    void reportDiskProgress(VmRun &run, int diskIndex, qint64 arrived);
    void onEngineFinished();
    // Worker-thread steps.
    // Step thread: report.json's "transfer": the connections in use when the disk finished.
    void recordConnections(VmRun &run, int diskIndex, int connections);
    void finishDisk(VmRun &run, int diskIndex, const Result<DiskTransferStats> &result, std::optional<Error> error);
    std::optional<GuestProfile> inspectGuest(VmRun &run);
    std::optional<GuestProfile> convertGuest(VmRun &run, const std::optional<GuestProfile> &inspected);
    // Define, and the boot check (its own thread) or straight to writeReport().
    void completeVm(VmRun &run);
    // After define, on a boot-check thread: the target's boot check of the started domain.
    void checkBoot(VmRun &run, const MigrationTarget::BootWatch &bootWatch);
    // report.json (if the target was prepared), then vmDone on the relay thread.
    void writeReport(VmRun &run, const QString &reportPath);
    void enterStep(VmRun &run, const QString &step);
    // Runs work on the worker thread; steps of all VMs run one at a time, in order.
    void post(std::function<void()> work);
    void failVm(VmRun &run, const Error &error);
    // Relay thread: the VM's report is final.
    void vmDone(const MigrationReport &report, const QString &reportPath);
    void finishIfDone();
    bool keepPartial() const;

    MigrationPlan m_plan;
    SourceEndpoint m_endpoint;
    Inventory m_inventory;
    QByteArray m_cookie;
    std::unique_ptr<MigrationTarget> m_target;
    std::vector<std::unique_ptr<VmRun>> m_runs;
    // Engine disk index -> (run index, disk index in the run).
    std::vector<std::pair<int, int>> m_engineDisks;
    std::shared_ptr<PackageSource> m_package; // a package source, opened by createEngine()
    std::unique_ptr<CopyEngine> m_engine;
    std::unique_ptr<SoapSession> m_session; // only while source VMs are shut down
    int m_shutdownsPending = 0;
    std::atomic<bool> m_cancelled{false};
    std::atomic<PartialData> m_partialOnCancel{PartialData::AsPlanned};
    int m_vmsDone = 0;
    int m_connectionsInUse = 0; // the engine's last sample: connections fetching (0: a package)
    bool m_engineDone = false;
    bool m_finished = false;
    // Boot checks of started domains (kBootCheckThreads at once), beside the steps; its tasks
    // are queued by step tasks: destroyed (waited for) right after m_steps.
    static constexpr int kBootCheckThreads = 4;
    QThreadPool m_bootChecks;
    // Declared last: destroyed (waited for) first, while everything its tasks use lives.
    QThreadPool m_steps;
};

} // namespace Ferry
