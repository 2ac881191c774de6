#include "throughputmeter.h"

#include <cmath>

namespace Ferry {

namespace {
constexpr double smoothingSeconds = 3.0;
}

ThroughputMeter::ThroughputMeter(int connections, Clock clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); }))
    , m_connections(std::max(0, connections))
    , m_counters(std::make_unique<Counter[]>(size_t(m_connections)))
    , m_lastCounters(m_connections, 0)
{
    m_origin = m_lastTime = m_clock();
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] { sample(); });
}

ThroughputMeter::~ThroughputMeter() = default;

int ThroughputMeter::connectionCount() const
{
    return m_connections;
}

void ThroughputMeter::addBytes(int connection, qint64 bytes)
{
    if (connection >= 0 && connection < m_connections)
        m_counters[size_t(connection)].value.fetch_add(bytes, std::memory_order_relaxed);
}

qint64 ThroughputMeter::connectionBytes(int connection) const
{
    if (connection < 0 || connection >= m_connections)
        return 0;
    return m_counters[size_t(connection)].value.load(std::memory_order_relaxed);
}

void ThroughputMeter::addLatency(std::chrono::steady_clock::duration latency)
{
    m_latencyNs.value.fetch_add(std::chrono::duration_cast<std::chrono::nanoseconds>(latency).count(), std::memory_order_relaxed);
    m_latencies.value.fetch_add(1, std::memory_order_relaxed);
}

std::pair<std::chrono::nanoseconds, qint64> ThroughputMeter::latencyTotals() const
{
    return {std::chrono::nanoseconds(m_latencyNs.value.load(std::memory_order_relaxed)), m_latencies.value.load(std::memory_order_relaxed)};
}

void ThroughputMeter::setBytesTotal(qint64 total)
{
    m_bytesTotal = total;
}

void ThroughputMeter::setBytesSkipped(qint64 skipped)
{
    m_bytesSkipped = skipped;
}

void ThroughputMeter::start(std::chrono::milliseconds interval)
{
    m_origin = m_lastTime = m_clock();
    for (int i = 0; i < m_connections; ++i)
        m_lastCounters[i] = m_counters[size_t(i)].value.load(std::memory_order_relaxed);
    m_haveSmoothed = false;
    m_timer.start(interval);
}

void ThroughputMeter::stop()
{
    m_timer.stop();
}

ThroughputSample ThroughputMeter::sample()
{
    const auto now = m_clock();
    const double seconds = std::chrono::duration<double>(now - m_lastTime).count();
    ThroughputSample out;
    out.elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(now - m_origin).count();
    out.bytesTotal = m_bytesTotal;
    out.connectionBytesPerSecond.reserve(m_connections);
    qint64 delta = 0;
    qint64 done = m_bytesSkipped;
    for (int i = 0; i < m_connections; ++i) {
        const qint64 value = m_counters[size_t(i)].value.load(std::memory_order_relaxed);
        const qint64 d = value - m_lastCounters[i];
        m_lastCounters[i] = value;
        delta += d;
        done += value;
        out.connectionBytesPerSecond.append(seconds > 0 ? double(d) / seconds : 0.0);
    }
    out.bytesDone = done;
    if (seconds > 0) {
        out.bytesPerSecond = double(delta) / seconds;
        const double alpha = m_haveSmoothed ? 1.0 - std::exp(-seconds / smoothingSeconds) : 1.0;
        m_smoothed += alpha * (out.bytesPerSecond - m_smoothed);
        m_haveSmoothed = true;
        m_lastTime = now;
    }
    out.smoothedBytesPerSecond = m_smoothed;
    if (m_smoothed > 0 && m_bytesTotal >= done)
        out.etaSeconds = double(m_bytesTotal - done) / m_smoothed;
    else if (m_bytesTotal > 0 && done >= m_bytesTotal)
        out.etaSeconds = 0;
    Q_EMIT sampled(out);
    return out;
}

} // namespace Ferry
