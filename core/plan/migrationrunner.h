#pragma once

#include "error.h"
#include "plan/migrationplan.h"
#include "plan/migrationreport.h"
#include "transfer/chunkdigest.h"
#include "transfer/disktransferstats.h"
#include "transfer/throughputsample.h"
#include "vsphere/inventory.h"
#include "vsphere/sourceendpoint.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace Ferry {

class DiskCopy;
class MigrationTarget;
class TransferEngine;
struct GuestProfile;

// Runs one MigrationPlan: for each VM preflight, target preparation and the copy of
// every disk, all disks of all VMs sharing one TransferEngine pool; then per VM the
// final digest, optional verification, commit, guest inspection, the domain (XML file
// or defined libvirt domain) and report.json. One VM failing does not stop the others.
//
// Thread affinity: lives on one thread and is driven by its event loop. prepare and
// finish steps block (qemu-nbd, libvirt, read-back for digests, inspection), so the GUI
// moves the runner to a worker thread; the CLI runs it on its main thread.
class MigrationRunner : public QObject
{
    Q_OBJECT

public:
    // What cancel() does with partial disks and their resume journals.
    enum class PartialData { AsPlanned, Keep, Discard };

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
    // Bytes of one disk on the target (resumed ones included), at most ~10 times a second
    // per disk and once more when the disk is complete. diskIndex counts the VM's disks.
    void diskProgress(const QString &vm, int diskIndex, qint64 bytesDone, qint64 bytesTotal);
    // reportPath is empty when the VM failed before its target was prepared.
    void vmFinished(const Ferry::MigrationReport &report, const QString &reportPath);
    void finished(int succeeded, int failed);

private:
    struct VmRun;

    Result<void> openTarget();
    void prepareVm(VmRun &run, int runIndex);
    Result<void> prepareDisks(VmRun &run, int runIndex);
    void onChunkCompleted(int disk, const ChunkDigest &digest);
    void onDiskFinished(int disk, const Result<DiskTransferStats> &result);
    void reportDiskProgress(VmRun &run, int diskIndex, qint64 bytes, bool force);
    void onEngineFinished();
    std::optional<GuestProfile> inspectGuest(VmRun &run);
    void completeVm(VmRun &run);
    void failVm(VmRun &run, const Error &error);
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
    std::unique_ptr<TransferEngine> m_engine;
    std::atomic<bool> m_cancelled{false};
    std::atomic<PartialData> m_partialOnCancel{PartialData::AsPlanned};
    QElapsedTimer m_clock; // paces diskProgress
    bool m_engineDone = false;
    bool m_finished = false;
};

} // namespace Ferry
