#include "sharedtokenbucket.h"

#include <thread>

namespace Ferry::Lab {

SharedTokenBucket::SharedTokenBucket(qint64 bytesPerSecond)
    : m_bucket(bytesPerSecond)
{
}

bool SharedTokenBucket::limited() const
{
    return m_bucket.limited();
}

qint64 SharedTokenBucket::burst() const
{
    return m_bucket.burst();
}

void SharedTokenBucket::take(qint64 bytes)
{
    if (!limited())
        return;
    std::chrono::nanoseconds wait;
    {
        std::lock_guard lock(m_mutex);
        wait = m_bucket.reserve(bytes);
    }
    if (wait.count() > 0)
        std::this_thread::sleep_for(wait);
}

} // namespace Ferry::Lab
