#pragma once

#include "base/error.h"

#include <QString>

#include <functional>
#include <mutex>
#include <vector>

namespace Ferry {

// What inspection acquired (child processes, FUSE exports, loop devices, mounts,
// temporary directories), released newest first: an unmount runs before the loop device
// under it is detached, which runs before the process serving it is stopped.
//
// unwind() runs every action even when some fail and reports the first failure; the
// destructor unwinds whatever is left, so a return on any error path releases
// everything. Thread-safe: parallel mount workers push onto one stack.
class CleanupStack
{
public:
    using Action = std::function<Result<void>()>;

    CleanupStack() = default;
    ~CleanupStack();
    CleanupStack(const CleanupStack &) = delete;
    CleanupStack &operator=(const CleanupStack &) = delete;

    // `what` names the resource for error details ("umount /tmp/x/v1").
    void push(const QString &what, Action action);
    // Runs and removes the actions pushed after `depth` entries, newest first.
    Result<void> unwindTo(std::size_t depth);
    Result<void> unwind();
    std::size_t size() const;

private:
    struct Entry
    {
        QString what;
        Action action;
    };

    mutable std::mutex m_mutex;
    std::vector<Entry> m_entries;
};

} // namespace Ferry
