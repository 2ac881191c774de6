#pragma once

#include "faultoptions.h"

#include <atomic>
#include <mutex>
#include <random>

namespace Ferry::Lab {

// Server-wide fault decisions shared by all connections: which /folder GET gets a
// 503 and which range answer lies. Thread-safe. Per-connection faults (rate, drop,
// stall) live in the connection, which owns its own byte counters.
class FaultPlan
{
public:
    explicit FaultPlan(const FaultOptions &options);

    const FaultOptions &options() const;
    // Called once per /folder GET with the TCP connections open now; true means answer 503.
    bool next503(qint64 openConnections);
    // Called once per range request that would be answered 206; the lie to tell or None.
    LieMode nextLie();

private:
    const FaultOptions m_options;
    std::atomic<quint64> m_gets{0};
    std::atomic<quint64> m_ranges{0};
    std::mutex m_randomMutex;
    std::mt19937_64 m_random;
};

} // namespace Ferry::Lab
