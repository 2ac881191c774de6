#include "migrationcontroller.h"

#include "base/bytesize.h"
#include "run/migrationrunner.h"

#include <QMutex>
#include <QThread>

#include <utility>

using namespace Qt::StringLiterals;

namespace Ferry {

// The GUI thread's way to reach a runner that lives (and dies) on the worker thread:
// the worker clears the pointer under the mutex as soon as the runner finished, before
// it is deleted there, so cancel() never touches a deleted runner.
struct MigrationController::RunnerHandle
{
    QMutex mutex;
    MigrationRunner *runner = nullptr;
};

MigrationController::MigrationController(QObject *parent)
    : QObject(parent)
{
}

MigrationController::~MigrationController()
{
    if (!m_thread)
        return;
    // The wizard closes mid-copy: stop like cancel() and join, so no child process,
    // connection or half-written file outlives the window.
    // A pause under way keeps what it has: closing must not turn it into a discard.
    cancelRunner(m_plan.keepPartial || m_state == State::Pausing);
    m_thread->wait();
}

void MigrationController::start(const MigrationPlan &plan, const SourceEndpoint &endpoint, const Inventory &inventory,
                                const QByteArray &sessionCookie)
{
    if (m_state != State::Idle && m_state != State::Finished)
        return;
    m_plan = plan;
    m_endpoint = endpoint;
    m_inventory = inventory;
    m_cookie = sessionCookie;
    m_pending = plan.vmNames;
    m_kept.clear();
    m_succeeded = 0;
    m_failed = 0;
    launchRunner(plan.resume);
    setState(State::Running);
}

void MigrationController::pause()
{
    if (m_state != State::Running)
        return;
    Q_EMIT logged(tr("Pausing: stopping the transfer and keeping what was copied."));
    m_pauseKept = 0;
    m_pauseTotal = 0;
    setState(State::Pausing);
    cancelRunner(true);
}

void MigrationController::resume()
{
    if (m_state != State::Paused)
        return;
    Q_EMIT logged(tr("Resuming: fetching only what is still missing."));
    launchRunner(true);
    setState(State::Running);
}

void MigrationController::abandon()
{
    if (m_state == State::Running)
        cancel();
    else if (m_state == State::Paused || m_state == State::Pausing)
        Q_EMIT logged(tr("The window closed while paused: the partial disks and journals stay; the start page offers to resume "
                         "them (Unfinished migrations)."));
}

void MigrationController::cancel()
{
    cancel(m_plan.keepPartial);
}

void MigrationController::cancel(bool keepPartial)
{
    switch (m_state) {
    case State::Pausing:
        // The runner may have kept some disks already: let the pause end, then remove
        // what it kept as from Paused.
        Q_EMIT logged(tr("Cancelling the migration once the pause has released everything."));
        m_cancelAfterPause = true;
        m_cancelKeeps = keepPartial;
        break;
    case State::Running:
        Q_EMIT logged(keepPartial ? tr("Cancelling the migration; the copied data is kept for resuming.")
                                  : tr("Cancelling the migration."));
        setState(State::Cancelling);
        if (keepPartial)
            m_kept = m_pending;
        cancelRunner(keepPartial);
        break;
    case State::Paused:
        if (keepPartial) {
            // What the pause kept stays as it is: nothing to start.
            Q_EMIT logged(tr("Cancelled while paused; the copied data is kept for resuming."));
            m_kept = m_pending;
            m_failed += int(m_pending.size());
            m_pending.clear();
            setState(State::Finished);
            Q_EMIT finished(m_succeeded, m_failed);
            break;
        }
        // What the pause kept is removed by the same code that would remove it after a
        // failure: a resuming runner that is cancelled before it fetches anything.
        Q_EMIT logged(tr("Cancelling the paused migration and removing its partial disks."));
        launchRunner(true);
        setState(State::Cancelling);
        cancelRunner(m_plan.keepPartial);
        break;
    case State::Idle:
    case State::Cancelling:
    case State::Finished:
        break;
    }
}

void MigrationController::launchRunner(bool resume)
{
    MigrationPlan plan = m_plan;
    plan.vmNames = m_pending;
    plan.resume = resume;
    auto *runner = new MigrationRunner(plan, m_endpoint, m_inventory);
    runner->setSessionCookie(m_cookie);
    m_runner = std::make_shared<RunnerHandle>();
    m_runner->runner = runner;
    m_thread = new QThread(this);
    m_thread->setObjectName(u"ferry-migration"_s);
    runner->moveToThread(m_thread);

    // Runner -> GUI: queued, the runner emits on the worker thread.
    connect(runner, &MigrationRunner::logMessage, this, &MigrationController::logged);
    connect(runner, &MigrationRunner::sampled, this, &MigrationController::sampled);
    connect(runner, &MigrationRunner::diskProgress, this, &MigrationController::diskProgressed);
    connect(runner, &MigrationRunner::vmStep, this, &MigrationController::vmStepped);
    connect(runner, &MigrationRunner::vmFinished, this, &MigrationController::onVmFinished);
    // Worker side, direct: forget the runner, delete it on its thread, end the thread.
    const std::shared_ptr<RunnerHandle> handle = m_runner;
    connect(
        runner, &MigrationRunner::finished, runner,
        [handle, runner] {
            QMutexLocker lock(&handle->mutex);
            handle->runner = nullptr;
            lock.unlock();
            runner->deleteLater();
        },
        Qt::DirectConnection);
    connect(runner, &QObject::destroyed, m_thread, &QThread::quit, Qt::DirectConnection);
    connect(m_thread, &QThread::finished, this, &MigrationController::onThreadFinished);
    m_thread->start();
    QMetaObject::invokeMethod(runner, &MigrationRunner::start, Qt::QueuedConnection);
}

void MigrationController::cancelRunner(bool keepPartial)
{
    if (!m_runner)
        return;
    QMutexLocker lock(&m_runner->mutex);
    if (m_runner->runner)
        m_runner->runner->cancel(keepPartial ? MigrationRunner::PartialData::Keep : MigrationRunner::PartialData::Discard);
}

void MigrationController::onVmFinished(const MigrationReport &report, const QString &reportPath)
{
    const bool interrupted = report.error && report.error->code() == ErrorCode::Cancelled;
    if (m_state == State::Pausing && interrupted) {
        const auto [kept, total] = keptOf(report);
        m_pauseKept += kept;
        m_pauseTotal += total;
        Q_EMIT logged(tr("%1: paused; %2 of %3 are kept for resuming.").arg(report.vm, formatByteSize(kept), formatByteSize(total)));
        return;
    }
    m_pending.removeAll(report.vm);
    if (report.ok())
        ++m_succeeded;
    else
        ++m_failed;
    Q_EMIT vmFinished(report, reportPath);
}

void MigrationController::onThreadFinished()
{
    // The runner is gone (deleted on the worker before the thread ended).
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_runner.reset();
    if (m_state == State::Pausing && !m_pending.isEmpty()) {
        setState(State::Paused);
        if (std::exchange(m_cancelAfterPause, false))
            cancel(m_cancelKeeps);
        else
            Q_EMIT logged(tr("Paused. %1 of %2 are kept; Resume fetches only the rest.")
                              .arg(formatByteSize(m_pauseKept), formatByteSize(m_pauseTotal)));
        return;
    }
    m_cancelAfterPause = false;
    setState(State::Finished);
    Q_EMIT finished(m_succeeded, m_failed);
}

void MigrationController::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

MigrationController::State MigrationController::state() const
{
    return m_state;
}

bool MigrationController::isWorkerRunning() const
{
    return m_thread != nullptr;
}

QStringList MigrationController::pendingVms() const
{
    return m_pending;
}

int MigrationController::succeeded() const
{
    return m_succeeded;
}

QStringList MigrationController::keptVms() const
{
    return m_kept;
}

qint64 MigrationController::pauseKeptBytes() const
{
    return m_pauseKept;
}

qint64 MigrationController::pauseTotalBytes() const
{
    return m_pauseTotal;
}

std::pair<qint64, qint64> MigrationController::keptOf(const MigrationReport &report)
{
    qint64 kept = 0;
    qint64 total = 0;
    for (const DiskReport &disk : report.disks) {
        kept += disk.error.isEmpty() ? disk.capacity : disk.bytesKept;
        total += disk.capacity;
    }
    return {kept, total};
}

int MigrationController::failed() const
{
    return m_failed;
}

} // namespace Ferry
