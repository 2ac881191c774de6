#include "directoryprobe.h"

#include <QDeadlineTimer>
#include <QThread>
#include <QTimer>

#include <memory>

namespace Ferry {

DirectoryProbe::DirectoryProbe(QObject *parent)
    : QObject(parent)
    , m_delay(new QTimer(this))
{
    m_delay->setSingleShot(true);
    connect(m_delay, &QTimer::timeout, this, &DirectoryProbe::start);
}

DirectoryProbe::~DirectoryProbe()
{
    // A local directory answers at once; a hung mount may never: then the thread and its
    // QThread stay behind rather than the window waiting for it (200 ms in all).
    const QDeadlineTimer deadline(200);
    for (QThread *thread : std::as_const(m_threads)) {
        disconnect(thread, nullptr, this, nullptr);
        if (thread->wait(deadline))
            delete thread;
    }
}

void DirectoryProbe::check(const QString &path, const QStringList &vmNames, int delayMs)
{
    ++m_generation;
    m_path = path;
    m_vmNames = vmNames;
    m_pending = true;
    m_delay->start(qMax(0, delayMs));
}

void DirectoryProbe::cancel()
{
    ++m_generation;
    m_pending = false;
    m_delay->stop();
}

bool DirectoryProbe::isPending() const
{
    return m_pending;
}

void DirectoryProbe::start()
{
    // One background check at a time: behind a hung mount, every typing pause would
    // otherwise leave one more blocked thread. The latest request starts when it ends, or
    // once the running one has not answered for kHungAfterMs: then it is left behind (at
    // most one more blocked thread every few seconds, not one per keystroke).
    if (m_running && m_runningSince.elapsed() < kHungAfterMs) {
        m_startWhenIdle = true;
        if (!m_delay->isActive())
            m_delay->start(int(kHungAfterMs - m_runningSince.elapsed()) + 1);
        return;
    }
    m_startWhenIdle = false;
    const quint64 generation = m_generation;
    const QString path = m_path;
    auto result = std::make_shared<OutputDirectoryStatus>();
    QThread *thread = launch(path, m_vmNames, result);
    m_running = thread;
    m_runningSince.start();
    connect(thread, &QThread::finished, this, [this, thread, generation, path, result] {
        forget(thread);
        if (m_running == thread) {
            m_running = nullptr;
            if (m_startWhenIdle && m_pending) {
                m_delay->stop();
                start();
                return;
            }
        }
        if (generation != m_generation)
            return; // a newer request or a cancel came since
        m_pending = false;
        Q_EMIT checked(path, *result);
    });
    thread->start();
}

std::optional<OutputDirectoryStatus> DirectoryProbe::checkNow(const QString &path, const QStringList &vmNames, int timeoutMs)
{
    auto result = std::make_shared<OutputDirectoryStatus>();
    QThread *thread = launch(path, vmNames, result);
    // Connected before it starts, so a thread that ends just after the wait timed out is
    // still forgotten; forget() ignores a thread it already forgot.
    connect(thread, &QThread::finished, this, [this, thread] { forget(thread); });
    thread->start();
    if (!thread->wait(QDeadlineTimer(timeoutMs)))
        return std::nullopt;
    forget(thread);
    return *result;
}

QThread *DirectoryProbe::launch(const QString &path, const QStringList &vmNames, std::shared_ptr<OutputDirectoryStatus> result)
{
    // The thread writes only *result, which it co-owns: it may outlive the probe.
    QThread *thread = QThread::create([path, vmNames, result] { *result = OutputDirectoryStatus::check(path, vmNames); });
    m_threads.append(thread);
    return thread;
}

void DirectoryProbe::forget(QThread *thread)
{
    if (!m_threads.removeOne(thread))
        return; // forgotten already (checkNow's thread, once waited for)
    thread->wait();
    delete thread;
}

} // namespace Ferry
