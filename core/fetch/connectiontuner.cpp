#include "connectiontuner.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// 503 answers to requests sent before a back-off still arrive for a moment: a storm
// within this many seconds after one is the same storm.
constexpr int stormGraceSeconds = 3;
// "Without more rate" while the latency rises: less than this gain over the knee.
constexpr double noMoreRate = 0.05;

QString megabytes(double bytesPerSecond)
{
    return QString::number(bytesPerSecond / 1e6, 'f', 1);
}

} // namespace

ConnectionTuner::ConnectionTuner(Config config)
    : m_config(config)
{
    m_config.minimum = std::max(1, m_config.minimum);
    m_config.maximum = std::max(m_config.minimum, m_config.maximum);
    m_config.measureSeconds = std::max(1, m_config.measureSeconds);
    m_connections = std::clamp(m_config.start, m_config.minimum, m_config.maximum);
    m_ceiling = m_config.maximum;
    m_settle = m_config.settleSeconds;
}

int ConnectionTuner::connections() const
{
    return m_connections;
}

ConnectionTuner::Phase ConnectionTuner::phase() const
{
    return m_phase;
}

int ConnectionTuner::ceiling() const
{
    return m_ceiling;
}

QString ConnectionTuner::lastReason() const
{
    return m_reason;
}

int ConnectionTuner::observe(const Observation &observation)
{
    m_stormGrace = std::max(0, m_stormGrace - 1);
    if (observation.responses503 >= m_config.stormResponses && m_stormGrace == 0) {
        backOff(std::max(m_config.minimum, m_connections / 2), u"%1 answers 503 (busy) in one second"_s.arg(observation.responses503));
        return m_connections;
    }
    if (m_phase == Phase::Cooldown) {
        if (--m_cooldown <= 0) {
            // Measure the current count again, then climb carefully up to the ceiling.
            m_phase = Phase::Probing;
            m_best = {};
            m_window.clear();
        }
        return m_connections;
    }
    if (!observation.saturated) {
        m_window.clear();
        return m_connections;
    }
    if (m_settle > 0) {
        --m_settle;
        return m_connections;
    }
    m_window.push_back(observation);
    if (int(m_window.size()) < m_config.measureSeconds)
        return m_connections;
    Measured now{m_connections, 0, 0};
    int latencies = 0;
    for (const Observation &o : m_window) {
        now.bytesPerSecond += o.bytesPerSecond / double(m_window.size());
        if (o.latencyMs >= 0) {
            now.latencyMs += o.latencyMs;
            ++latencies;
        }
    }
    now.latencyMs = latencies > 0 ? now.latencyMs / latencies : -1;
    m_window.clear();
    if (m_phase == Phase::Probing)
        probe(now);
    else
        hold(now);
    return m_connections;
}

void ConnectionTuner::probe(const Measured &now)
{
    if (m_best.connections == 0) {
        m_best = now;
        stepUp();
        return;
    }
    const double promised = double(now.connections - m_best.connections) / double(m_best.connections);
    const double gain = m_best.bytesPerSecond > 0 ? now.bytesPerSecond / m_best.bytesPerSecond - 1.0 : 1.0;
    const bool refining = std::exchange(m_refining, false);
    if (gain >= m_config.usefulShare * promised) {
        m_best = now;
        if (refining)
            m_phase = Phase::Holding; // the knee lies between this count and the one that failed
        else
            stepUp();
        return;
    }
    if (now.connections - m_best.connections > 1 && !refining) {
        // A large step failed: the knee may lie inside it, so try one more than the best.
        m_refining = true;
        change(m_best.connections + 1,
               u"%1 MB/s with %2 connections is only %3% more than with %4: trying %5"_s.arg(megabytes(now.bytesPerSecond))
                   .arg(now.connections)
                   .arg(qRound(gain * 100))
                   .arg(m_best.connections)
                   .arg(m_best.connections + 1));
        return;
    }
    // The knee: the last step did not pay for itself.
    m_phase = Phase::Holding;
    change(m_best.connections,
           u"%1 MB/s with %2 connections is only %3% more than %4 MB/s with %5: the knee"_s.arg(megabytes(now.bytesPerSecond))
               .arg(now.connections)
               .arg(qRound(gain * 100))
               .arg(megabytes(m_best.bytesPerSecond))
               .arg(m_best.connections));
}

void ConnectionTuner::stepUp()
{
    // Small steps near the start (each one is a large relative change), larger ones
    // further up so that a high knee is still found in a bounded time.
    const int next = std::min({m_connections + std::max(1, m_connections / 3), m_config.maximum, m_ceiling});
    if (next <= m_connections) {
        m_phase = Phase::Holding;
        return;
    }
    change(next, u"%1 MB/s with %2 connections: trying more"_s.arg(megabytes(m_best.bytesPerSecond)).arg(m_best.connections));
}

void ConnectionTuner::hold(const Measured &now)
{
    if (m_best.connections != m_connections || m_best.latencyMs < 0) {
        // The first window at this count since it was chosen (or without latency so
        // far): the baseline for what follows.
        m_best = now;
        return;
    }
    const bool latencyRose = now.latencyMs > std::max(m_config.latencyRise * m_best.latencyMs, m_best.latencyMs + m_config.latencyRiseMs);
    const bool noGain = now.bytesPerSecond < m_best.bytesPerSecond * (1.0 + noMoreRate);
    // One slow window is a hiccup; the ceiling this lowers lasts for the rest of the run.
    m_latencyStrikes = latencyRose && noGain ? m_latencyStrikes + 1 : 0;
    if (m_latencyStrikes >= 2 && m_connections > m_config.minimum)
        backOff(m_connections - 1,
                u"the latency rose from %1 ms to %2 ms without more rate"_s.arg(qRound(m_best.latencyMs)).arg(qRound(now.latencyMs)));
}

void ConnectionTuner::backOff(int to, const QString &why)
{
    m_ceiling = std::max(m_config.minimum, std::min(m_ceiling, m_connections - 1));
    m_phase = Phase::Cooldown;
    m_cooldown = m_config.cooldownSeconds;
    m_stormGrace = stormGraceSeconds;
    m_best = {};
    m_refining = false;
    m_latencyStrikes = 0;
    change(std::min(to, m_ceiling), why);
}

void ConnectionTuner::change(int to, const QString &why)
{
    m_reason = u"%1 -> %2 connections: %3"_s.arg(m_connections).arg(to).arg(why);
    m_connections = to;
    m_settle = m_config.settleSeconds;
    m_window.clear();
}

} // namespace Ferry
