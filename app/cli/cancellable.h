#pragma once

#include <atomic>
#include <functional>

namespace Ferry::Cli {

// Runs work on a worker thread while SIGINT/SIGTERM only set the flag it polls, so an
// interrupted step still releases every mount, loop device and child process it holds.
// Returns whether a signal asked to cancel.
bool runCancellable(const std::function<void(const std::atomic<bool> *cancel)> &work);

} // namespace Ferry::Cli
