#include "cleanupstack.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcCleanup, "ferry.inspect.cleanup", QtInfoMsg)

CleanupStack::~CleanupStack()
{
    if (const auto done = unwind(); !done)
        qCWarning(lcCleanup) << done.error().toString();
}

void CleanupStack::push(const QString &what, Action action)
{
    std::lock_guard lock(m_mutex);
    m_entries.push_back(Entry{what, std::move(action)});
}

Result<void> CleanupStack::unwindTo(std::size_t depth)
{
    Result<void> first;
    for (;;) {
        Entry entry;
        {
            std::lock_guard lock(m_mutex);
            if (m_entries.size() <= depth)
                break;
            entry = std::move(m_entries.back());
            m_entries.pop_back();
        }
        // Run outside the lock: an action may block for seconds (stopping a process).
        const Result<void> done = entry.action();
        if (!done) {
            qCWarning(lcCleanup) << "cleanup failed:" << entry.what << done.error().toString();
            if (first)
                first = std::unexpected(done.error().prefixed(entry.what));
        }
    }
    return first;
}

Result<void> CleanupStack::unwind()
{
    return unwindTo(0);
}

std::size_t CleanupStack::size() const
{
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

} // namespace Ferry
