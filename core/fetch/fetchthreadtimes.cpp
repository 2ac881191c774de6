#include "fetchthreadtimes.h"

#include <chrono>

#include <pthread.h>

namespace Ferry {

namespace {
qint64 nanoseconds(clockid_t clock)
{
    timespec now{};
    if (clock_gettime(clock, &now) != 0)
        return 0;
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

qint64 wallNow()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
} // namespace

void FetchThreadTimes::bindToCurrentThread()
{
    if (pthread_getcpuclockid(pthread_self(), &m_cpuClock) == 0)
        m_bound.store(true, std::memory_order_release);
}

qint64 FetchThreadTimes::threadCpuNow()
{
    return nanoseconds(CLOCK_THREAD_CPUTIME_ID);
}

void FetchThreadTimes::addSink(qint64 wallNs, qint64 cpuNs)
{
    m_sinkNs.fetch_add(wallNs, std::memory_order_relaxed);
    m_sinkCpuNs.fetch_add(cpuNs, std::memory_order_relaxed);
}

FetchThreadTimes::Reading FetchThreadTimes::read() const
{
    Reading out;
    if (m_bound.load(std::memory_order_acquire))
        out.cpuNs = nanoseconds(m_cpuClock);
    out.sinkNs = m_sinkNs.load(std::memory_order_relaxed);
    out.sinkCpuNs = m_sinkCpuNs.load(std::memory_order_relaxed);
    return out;
}

TimedSinkWriter::TimedSinkWriter(std::unique_ptr<SinkWriter> inner, FetchThreadTimes &times)
    : m_inner(std::move(inner))
    , m_times(times)
{
}

template<typename Call>
Result<void> TimedSinkWriter::timed(Call &&call)
{
    const qint64 wall = wallNow();
    const qint64 cpu = FetchThreadTimes::threadCpuNow();
    Result<void> result = call();
    m_times.addSink(wallNow() - wall, FetchThreadTimes::threadCpuNow() - cpu);
    return result;
}

Result<void> TimedSinkWriter::write(qint64 offset, QByteArrayView data)
{
    return timed([&] { return m_inner->write(offset, data); });
}

Result<void> TimedSinkWriter::zero(qint64 offset, qint64 length)
{
    return timed([&] { return m_inner->zero(offset, length); });
}

Result<void> TimedSinkWriter::flush()
{
    return timed([&] { return m_inner->flush(); });
}

Result<void> TimedSinkWriter::drain()
{
    return timed([&] { return m_inner->drain(); });
}

} // namespace Ferry
