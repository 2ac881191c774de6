#pragma once

#include "fetch/throughputsample.h"
#include "plan/migrationplan.h"
#include "plan/migrationreport.h"
#include "vsphere/inventory.h"
#include "vsphere/sourceendpoint.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <utility>

class QThread;

namespace Ferry {

// Runs a MigrationPlan for the wizard: one MigrationRunner at a time on a worker QThread
// (its prepare and finish steps block), with pause, resume and cancel.
//
// - pause(): the runner stops fetching and keeps partial disks and their resume journals;
//   once it has released everything (child processes, connections) the thread ends and
//   the state is Paused. VMs that finished meanwhile keep their result.
// - resume(): a new runner with plan.resume continues the unfinished VMs from their
//   journals, fetching only what is missing.
// - cancel(): stops and removes partial data (unless the plan keeps partial data);
//   from Paused (or while pausing, once the pause ended) it removes what the pause kept.
//
// Thread affinity: GUI thread; every signal is delivered there (queued from the worker).
// Destroying a running controller cancels as cancel() does and waits for the worker to
// release everything (seconds at most); a paused migration's partial data stays for
// ferry-cli migrate --resume.
class MigrationController : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Running, Pausing, Paused, Cancelling, Finished };
    Q_ENUM(State)

    explicit MigrationController(QObject *parent = nullptr);
    ~MigrationController() override;

    // Idle or Finished only; starts copying plan.vmNames.
    void start(const MigrationPlan &plan, const SourceEndpoint &endpoint, const Inventory &inventory, const QByteArray &sessionCookie);
    void pause();  // Running only
    void resume(); // Paused only
    // The window closes: a running copy stops as cancel() does; a paused or pausing one
    // keeps its partial disks and journals for `ferry-cli migrate --resume`.
    void abandon();
    void cancel(); // Running, Pausing or Paused; keeps partial data as the plan says
    // Running, Pausing or Paused. keepPartial: the partial disks and their journals stay
    // for a later resume (the start page's "Unfinished migrations", the target page's
    // Resume); otherwise they are removed.
    void cancel(bool keepPartial);

    State state() const;
    // True while a worker thread (and its runner) exists.
    bool isWorkerRunning() const;
    // VMs without a final result yet.
    QStringList pendingVms() const;
    int succeeded() const;
    int failed() const;
    // VMs whose copy was stopped by cancel(true): their partial data is kept.
    QStringList keptVms() const;
    // What the last pause kept of the paused VMs' disks: bytes their resume journals hold
    // (a disk that finished counts whole), of their capacity. Set once Paused.
    qint64 pauseKeptBytes() const;
    qint64 pauseTotalBytes() const;
    // Bytes an interrupted VM's report says are kept for resuming, and its disks' capacity.
    static std::pair<qint64, qint64> keptOf(const MigrationReport &report);

Q_SIGNALS:
    void logged(const QString &line);
    void sampled(const Ferry::ThroughputSample &sample);
    void diskProgressed(const QString &vm, int diskIndex, qint64 bytesDone, qint64 bytesTotal);
    // A VM enters a step (MigrationRunner::vmStep: "shutdown-source", "finish", "inspect", "convert", ...).
    void vmStepped(const QString &vm, const QString &step);
    // Final results only: a VM interrupted by pause() is reported when it really ends.
    void vmFinished(const Ferry::MigrationReport &report, const QString &reportPath);
    void finished(int succeeded, int failed);
    void stateChanged(Ferry::MigrationController::State state);

private:
    struct RunnerHandle;

    void launchRunner(bool resume);
    void cancelRunner(bool keepPartial);
    void onVmFinished(const MigrationReport &report, const QString &reportPath);
    void onThreadFinished();
    void setState(State state);

    MigrationPlan m_plan;
    SourceEndpoint m_endpoint;
    Inventory m_inventory;
    QByteArray m_cookie;
    QStringList m_pending;
    QStringList m_kept;
    int m_succeeded = 0;
    int m_failed = 0;
    State m_state = State::Idle;
    bool m_cancelAfterPause = false; // cancel() came while pausing
    qint64 m_pauseKept = 0;          // pauseKeptBytes()
    qint64 m_pauseTotal = 0;         // pauseTotalBytes()
    bool m_cancelKeeps = false;      // ... keeping the partial data
    QThread *m_thread = nullptr;
    std::shared_ptr<RunnerHandle> m_runner;
};

} // namespace Ferry
