#pragma once

#include "throughputsample.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <utility>

namespace Ferry {

// Counts body bytes per connection and turns them into samples. Workers add to the
// counters from any thread (relaxed atomics, no lock); sampling and the timer run on
// the thread that owns the meter. The clock is injectable so tests need no network
// and no sleeping.
class ThroughputMeter final : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit ThroughputMeter(int connections, Clock clock = {}, QObject *parent = nullptr);
    ~ThroughputMeter() override;

    int connectionCount() const;
    // Any thread.
    void addBytes(int connection, qint64 bytes);
    // Any thread: body bytes of the connection so far.
    qint64 connectionBytes(int connection) const;
    // Any thread: one response's latency, from when its answer was due (its request was
    // the oldest in flight) to its first body byte.
    void addLatency(std::chrono::steady_clock::duration latency);
    // Any thread: the latencies added so far, summed, and how many.
    std::pair<std::chrono::nanoseconds, qint64> latencyTotals() const;
    // Owning thread, before start(): the size of everything and what resume already has.
    void setBytesTotal(qint64 total);
    void setBytesSkipped(qint64 skipped);

    // Sets the time origin and samples every interval until stop().
    void start(std::chrono::milliseconds interval = std::chrono::milliseconds(100));
    void stop();
    // Takes a sample now (the timer calls this too) and emits sampled().
    ThroughputSample sample();

Q_SIGNALS:
    void sampled(const Ferry::ThroughputSample &sample);

private:
    // One cache line per counter: workers on different cores would otherwise bounce
    // a shared line on every body slice.
    struct alignas(64) Counter
    {
        std::atomic<qint64> value{0};
    };

    Clock m_clock;
    int m_connections;
    std::unique_ptr<Counter[]> m_counters;
    Counter m_latencyNs;
    Counter m_latencies;
    QList<qint64> m_lastCounters;
    std::chrono::steady_clock::time_point m_origin;
    std::chrono::steady_clock::time_point m_lastTime;
    qint64 m_bytesTotal = 0;
    qint64 m_bytesSkipped = 0;
    double m_smoothed = 0;
    bool m_haveSmoothed = false;
    QTimer m_timer;
};

} // namespace Ferry
