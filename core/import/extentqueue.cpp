#include "extentqueue.h"

namespace Ferry {

ExtentQueue::ExtentQueue(int capacity)
    : m_capacity(size_t(std::max(1, capacity)))
{
}

bool ExtentQueue::push(DiskExtent extent)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_aborted || m_extents.size() < m_capacity; });
    if (m_aborted)
        return false;
    m_extents.push_back(std::move(extent));
    m_changed.notify_all();
    return true;
}

std::optional<DiskExtent> ExtentQueue::pop()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_aborted || m_closed || !m_extents.empty(); });
    if (m_aborted || m_extents.empty())
        return std::nullopt;
    DiskExtent extent = std::move(m_extents.front());
    m_extents.pop_front();
    m_changed.notify_all();
    return extent;
}

void ExtentQueue::close()
{
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_changed.notify_all();
}

void ExtentQueue::abort()
{
    std::lock_guard lock(m_mutex);
    m_aborted = true;
    m_extents.clear();
    m_changed.notify_all();
}

bool ExtentQueue::aborted() const
{
    std::lock_guard lock(m_mutex);
    return m_aborted;
}

} // namespace Ferry
