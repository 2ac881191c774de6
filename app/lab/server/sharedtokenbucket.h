#pragma once

#include "tokenbucket.h"

#include <mutex>

namespace Ferry::Lab {

// The token bucket of the whole server (--rate-limit-total): the link's bandwidth,
// shared by every connection thread. Thread-safe; a caller reserves its bytes under the
// lock and sleeps off its share of the debt outside it, so connections take turns in
// the order they asked. A rate of 0 is unlimited.
class SharedTokenBucket
{
public:
    explicit SharedTokenBucket(qint64 bytesPerSecond);

    bool limited() const;
    qint64 burst() const;
    // Blocks the calling thread until its `bytes` fit under the rate.
    void take(qint64 bytes);

private:
    std::mutex m_mutex;
    TokenBucket m_bucket;
};

} // namespace Ferry::Lab
