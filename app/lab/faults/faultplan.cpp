#include "faultplan.h"

namespace Ferry::Lab {

FaultPlan::FaultPlan(const FaultOptions &options)
    : m_options(options)
    , m_random(options.seed)
{
}

const FaultOptions &FaultPlan::options() const
{
    return m_options;
}

bool FaultPlan::next503(qint64 openConnections)
{
    const quint64 n = ++m_gets;
    // An overloaded host: too many clients at once, and every request is refused.
    if (m_options.error503Above > 0 && openConnections > m_options.error503Above)
        return true;
    if (m_options.error503Every > 0 && n % quint64(m_options.error503Every) == 0)
        return true;
    if (m_options.error503Rate > 0) {
        std::lock_guard lock(m_randomMutex);
        return std::uniform_real_distribution<double>(0.0, 1.0)(m_random) < m_options.error503Rate;
    }
    return false;
}

LieMode FaultPlan::nextLie()
{
    if (m_options.lie == LieMode::None)
        return LieMode::None;
    const quint64 n = ++m_ranges;
    return n % quint64(m_options.lieEvery) == 0 ? m_options.lie : LieMode::None;
}

} // namespace Ferry::Lab
