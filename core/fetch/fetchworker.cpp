#include "fetchworker.h"

#include "data/sink.h"
#include "fetchthreadtimes.h"
#include "rangescheduler.h"

#include <QThread>
#include <QTimer>

using namespace std::chrono_literals;

namespace Ferry {

namespace {
constexpr auto tickInterval = 100ms;
// A tick this late means the thread was blocked (in a sink write), not the server silent.
constexpr auto blockedGap = 1s;
} // namespace

FetchWorker::FetchWorker(QList<RangeConnection::Config> connections, RangeScheduler &scheduler, ThroughputMeter &meter,
                         FetchThreadTimes &times, const std::atomic<bool> &cancelled)
    : m_configs(std::move(connections))
    , m_scheduler(scheduler)
    , m_meter(meter)
    , m_times(times)
    , m_cancelled(cancelled)
{
}

FetchWorker::~FetchWorker()
{
    // Normally stop() already ran on the worker thread; this only covers a worker that
    // never began.
    m_connections.clear();
    m_writers.clear();
}

void FetchWorker::begin()
{
    m_times.bindToCurrentThread();
    auto writers = [this](const TransferDisk &disk) { return writerFor(disk); };
    for (const RangeConnection::Config &config : std::as_const(m_configs))
        m_connections.push_back(std::make_unique<RangeConnection>(config, m_scheduler, m_meter, writers, m_cancelled));
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &FetchWorker::tick);
    m_timer->start(tickInterval);
    m_lastTick = RangeConnection::Clock::now();
    wake();
}

void FetchWorker::wake()
{
    for (auto &connection : m_connections)
        connection->pump();
}

void FetchWorker::tick()
{
    const auto now = RangeConnection::Clock::now();
    const bool wasBlocked = now - m_lastTick > blockedGap;
    m_lastTick = now;
    for (auto &connection : m_connections) {
        if (wasBlocked)
            connection->forgiveSilence(now);
        connection->checkTimers(now);
        connection->pump();
    }
}

void FetchWorker::releaseDisk(int disk)
{
    m_writers.erase(disk);
    Q_EMIT diskReleased(disk);
}

void FetchWorker::stop()
{
    if (m_timer)
        m_timer->stop();
    // Connections first: they give their tasks back and stop using the writers.
    m_connections.clear();
    m_writers.clear();
    delete m_timer;
    m_timer = nullptr;
    thread()->quit();
}

Result<SinkWriter *> FetchWorker::writerFor(const TransferDisk &disk)
{
    auto found = m_writers.find(disk.index);
    if (found != m_writers.end())
        return found->second.get();
    auto created = disk.spec.sink->createWriter();
    if (!created)
        return std::unexpected(created.error());
    auto timed = std::make_unique<TimedSinkWriter>(std::move(*created), m_times);
    SinkWriter *writer = timed.get();
    m_writers.emplace(disk.index, std::move(timed));
    return writer;
}

} // namespace Ferry
