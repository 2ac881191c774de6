#pragma once

#include "data/sink.h"

#include <atomic>
#include <memory>

#include <time.h>

namespace Ferry {

// Where one fetch thread's time goes, for BottleneckProbe: its CPU time (read from any
// thread through the thread's CPU clock) and the wall and CPU time it spent inside
// SinkWriter calls (TimedSinkWriter adds them). Counters only grow; the probe takes
// differences. Thread-safe.
class FetchThreadTimes
{
public:
    struct Reading
    {
        qint64 cpuNs = 0;
        qint64 sinkNs = 0;
        qint64 sinkCpuNs = 0;
    };

    // On the fetch thread, before it does any work.
    void bindToCurrentThread();
    // The fetch thread, around each sink call.
    static qint64 threadCpuNow();
    void addSink(qint64 wallNs, qint64 cpuNs);
    // Any thread.
    Reading read() const;

private:
    std::atomic<bool> m_bound{false};
    clockid_t m_cpuClock{};
    std::atomic<qint64> m_sinkNs{0};
    std::atomic<qint64> m_sinkCpuNs{0};
};

// A SinkWriter that measures the calls it passes on (FetchThreadTimes::addSink).
class TimedSinkWriter final : public SinkWriter
{
public:
    TimedSinkWriter(std::unique_ptr<SinkWriter> inner, FetchThreadTimes &times);

    Result<void> write(qint64 offset, QByteArrayView data) override;
    Result<void> zero(qint64 offset, qint64 length) override;
    Result<void> flush() override;
    Result<void> drain() override;

private:
    template<typename Call>
    Result<void> timed(Call &&call);

    std::unique_ptr<SinkWriter> m_inner;
    FetchThreadTimes &m_times;
};

} // namespace Ferry
