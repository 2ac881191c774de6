#include "cancellable.h"

#include <csignal>
#include <thread>

namespace Ferry::Cli {

namespace {

// Set from the signal handler; lock-free, so async-signal-safe.
std::atomic<bool> g_cancel{false};

extern "C" void requestCancel(int)
{
    g_cancel.store(true);
}

} // namespace

bool runCancellable(const std::function<void(const std::atomic<bool> *cancel)> &work)
{
    struct sigaction action = {};
    struct sigaction oldInt = {};
    struct sigaction oldTerm = {};
    action.sa_handler = requestCancel;
    sigemptyset(&action.sa_mask);
    g_cancel = false;
    sigaction(SIGINT, &action, &oldInt);
    sigaction(SIGTERM, &action, &oldTerm);
    std::thread worker([&] { work(&g_cancel); });
    worker.join();
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    return g_cancel.load();
}

} // namespace Ferry::Cli
