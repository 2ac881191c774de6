#pragma once

#include "base/error.h"
#include "managedobjectref.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>

namespace Ferry {

class SoapSession;

// What SourceShutdown did to one source VM, for report.json's "source".
struct ShutdownOutcome
{
    QString stateBefore;                     // vim25 spelling: poweredOn | poweredOff | suspended; empty: never read
    QString stateAfter;                      // the last state read, empty when none was
    QString action = QStringLiteral("none"); // none (already off, or nothing done) | graceful | forced
    QString gracefulFailure;                 // why the guest shutdown did not do it, when it was forced
    double seconds = 0;
    std::optional<Error> error; // set when the VM is not powered off now

    bool poweredOff() const { return !error && stateAfter == QLatin1String("poweredOff"); }
};

// Shuts one powered-on source VM down before its disks are copied:
//   1. runtime.powerState (and guest.toolsRunningStatus) is read: a VM that is off is left
//      alone; a suspended VM is refused (resuming it to shut it down is not Ferry's call).
//   2. ShutdownGuest asks VMware Tools for a clean shutdown; runtime.powerState is polled
//      until the VM is off or `timeout` passed.
//   3. Otherwise (no Tools, a fault, the timeout) PowerOffVM_Task powers it off and the
//      task is waited for.
// The VM is never powered on again, whatever happens. Asynchronous on the session's
// thread; done runs exactly once unless the session is destroyed first. `cancelled`
// is checked before every request: a cancel ends the wait with a Cancelled error (the
// VM is left in whatever state it reached).
class SourceShutdown
{
public:
    struct Options
    {
        std::chrono::seconds timeout{300};
        std::chrono::milliseconds pollInterval{2000};
        std::chrono::seconds powerOffTimeout{120};
        const std::atomic<bool> *cancelled = nullptr;
        std::function<void(const QString &)> log;
    };
    using Callback = std::function<void(const ShutdownOutcome &)>;

    static void run(SoapSession *session, const ManagedObjectRef &vm, const QString &name, const Options &options, Callback done);
};

} // namespace Ferry
