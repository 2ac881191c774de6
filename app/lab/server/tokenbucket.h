#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

#include <chrono>

namespace Ferry::Lab {

// A token bucket of bytes per second with a burst of a tenth of a second, for one
// connection (not thread-safe: one connection thread owns it; SharedTokenBucket is the
// server-wide one). A rate of 0 is unlimited.
class TokenBucket
{
public:
    explicit TokenBucket(qint64 bytesPerSecond);

    bool limited() const;
    // The largest chunk worth asking for at once.
    qint64 burst() const;
    // Blocks the calling thread until `bytes` tokens are available, then takes them.
    void take(qint64 bytes);
    // Takes `bytes` tokens now, into debt if need be; returns how long the caller must
    // wait to pay the debt off (zero when there was no debt).
    std::chrono::nanoseconds reserve(qint64 bytes);

private:
    void refill();

    qint64 m_rate;
    qint64 m_burst;
    double m_tokens;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
};

} // namespace Ferry::Lab
