#pragma once

#include <chrono>
#include <random>

namespace Ferry {

// Exponential backoff with jitter: base, 2 x base, 4 x base ... capped at max, each
// delay stretched by a random 0-25 % so that many clients told "503" at the same
// moment do not come back at the same moment. Never shorter than the nominal delay.
// Not thread-safe; the scheduler guards it with its mutex.
class Backoff
{
public:
    explicit Backoff(std::chrono::milliseconds base = std::chrono::seconds(1), std::chrono::milliseconds max = std::chrono::seconds(32),
                     unsigned seed = std::random_device{}());

    // The next delay; doubles the nominal delay for the following call.
    std::chrono::milliseconds next();
    // After a success: the next delay is base again.
    void reset();
    // The nominal (un-jittered) delay next() starts from.
    std::chrono::milliseconds nominal() const;

private:
    std::chrono::milliseconds m_base;
    std::chrono::milliseconds m_max;
    std::chrono::milliseconds m_nominal;
    std::mt19937 m_random;
};

} // namespace Ferry
