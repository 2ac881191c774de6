#pragma once

#include "formats/diskstream.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace Ferry {

// A bounded hand-over of decoded extents from the thread that reads the package to the
// thread that hashes and writes them (ExtentFeeder), so both run at once on two cores.
// push() blocks while `capacity` extents wait (memory: capacity x DiskStream::maxExtentBytes
// at most). close() ends the stream after what is queued; abort() (either side, on an
// error) drops it: push() then returns false and pop() nothing.
class ExtentQueue
{
public:
    explicit ExtentQueue(int capacity);

    bool push(DiskExtent extent);
    // The next extent; nullopt once closed and drained, or aborted.
    std::optional<DiskExtent> pop();
    void close();
    void abort();
    bool aborted() const;

private:
    const size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<DiskExtent> m_extents;
    bool m_closed = false;
    bool m_aborted = false;
};

} // namespace Ferry
