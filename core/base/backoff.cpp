#include "backoff.h"

#include <algorithm>

namespace Ferry {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds max, unsigned seed)
    : m_base(base)
    , m_max(std::max(base, max))
    , m_nominal(base)
    , m_random(seed)
{
}

std::chrono::milliseconds Backoff::next()
{
    const std::chrono::milliseconds nominal = m_nominal;
    m_nominal = std::min(m_nominal * 2, m_max);
    std::uniform_int_distribution<long long> jitter(0, nominal.count() / 4);
    return nominal + std::chrono::milliseconds(jitter(m_random));
}

void Backoff::reset()
{
    m_nominal = m_base;
}

std::chrono::milliseconds Backoff::nominal() const
{
    return m_nominal;
}

} // namespace Ferry
