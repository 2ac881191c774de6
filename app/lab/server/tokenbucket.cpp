#include "tokenbucket.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace Ferry::Lab {

TokenBucket::TokenBucket(qint64 bytesPerSecond)
    : m_rate(std::max<qint64>(0, bytesPerSecond))
    , m_burst(std::max<qint64>(4096, m_rate / 10))
    , m_tokens(double(m_burst))
{
    m_clock.start();
}

bool TokenBucket::limited() const
{
    return m_rate > 0;
}

qint64 TokenBucket::burst() const
{
    return m_burst;
}

void TokenBucket::refill()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_tokens = std::min(double(m_burst), m_tokens + double(now - m_lastNs) * double(m_rate) / 1e9);
    m_lastNs = now;
}

void TokenBucket::take(qint64 bytes)
{
    // Sleeping off the debt is what the next refill counts from.
    if (const auto wait = reserve(bytes); wait.count() > 0)
        std::this_thread::sleep_for(wait);
}

std::chrono::nanoseconds TokenBucket::reserve(qint64 bytes)
{
    if (!limited())
        return {};
    refill();
    m_tokens -= double(bytes);
    return m_tokens < 0 ? std::chrono::nanoseconds(qint64(-m_tokens * 1e9 / double(m_rate))) : std::chrono::nanoseconds(0);
}

} // namespace Ferry::Lab
