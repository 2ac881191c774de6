#pragma once

#include "base/error.h"

#include <QString>

#include <atomic>

namespace Ferry {

// Read-only loop devices made with losetup(8). attach() retries the transient failures
// of a busy loop-control (two attaches racing for one free device) with backoff.
// Blocking: call from a worker thread.
class LoopDevice
{
public:
    // A read-only /dev/loopN over [offset, offset+size) of file (size 0: to the end).
    static Result<QString> attach(const QString &file, qint64 offset, qint64 size, const std::atomic<bool> *cancel);
    // losetup -d, retried while the device is still busy (a mount just went away). Device-mapper
    // devices the host stacked on it (LVM autoactivation, see DeviceHolders) are removed first.
    static Result<void> detach(const QString &device);
};

} // namespace Ferry
