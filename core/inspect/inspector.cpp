#include "inspector.h"

#include "inspect/inspectcache.h"
#include "inspect/inspectionrun.h"

#include <QLoggingCategory>

#include <chrono>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcInspector, "ferry.inspect", QtInfoMsg)

namespace {

constexpr int kWatchdogMs = 10;

} // namespace

Inspector::Inspector()
    : Inspector(Options{})
{
}

Inspector::Inspector(const Options &options)
    : m_options(options)
    , m_cache(std::make_shared<InspectCache>())
{
}

Inspector::~Inspector() = default;

void Inspector::setCache(std::shared_ptr<InspectCache> cache)
{
    m_cache = std::move(cache);
}

std::shared_ptr<InspectCache> Inspector::cache() const
{
    return m_cache;
}

// A watchdog turns the caller's cancel flag and the deadline into one stop flag that every
// step (and every tool it runs) polls.
Result<InspectionReport> Inspector::inspect(const InspectSource &target, const std::atomic<bool> *cancel) const
{
    return inspect(QList<InspectSource>{target}, cancel);
}

Result<InspectionReport> Inspector::inspect(const QList<InspectSource> &disks, const std::atomic<bool> *cancel) const
{
    if (disks.isEmpty())
        return fail(ErrorCode::Usage, u"Nothing to inspect: no disk was given."_s);
    if (::geteuid() != 0)
        return fail(ErrorCode::Unsupported, u"Guest inspection needs root: it attaches loop devices and mounts filesystems read-only."_s);
    std::atomic<bool> stop{false};
    std::atomic<bool> timedOut{false};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_options.timeoutMs);
    std::jthread watchdog([&](std::stop_token token) {
        while (!token.stop_requested() && !stop.load()) {
            if (cancel && cancel->load())
                stop = true;
            if (m_options.timeoutMs > 0 && std::chrono::steady_clock::now() >= deadline)
                timedOut = stop = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(kWatchdogMs));
        }
    });
    Result<InspectionReport> report = run(disks, &stop);
    watchdog.request_stop();
    watchdog.join();
    if (!report && timedOut && report.error().code() == ErrorCode::Cancelled)
        return fail(ErrorCode::Timeout,
                    u"Inspection did not finish within %1 s; everything it used was released."_s.arg(m_options.timeoutMs / 1000.0),
                    disks.first().displayName());
    return report;
}

Result<InspectionReport> Inspector::run(const QList<InspectSource> &disks, const std::atomic<bool> *stop) const
{
    CleanupStack cleanup;
    InspectionRun run(disks, m_options.mountWorkers, m_cache.get(), cleanup, stop, m_options.physicalVolumesAttached);
    Result<InspectionReport> report = run.execute();
    // Released here, not in the destructor, so a failure to release becomes visible.
    const Result<void> released = cleanup.unwind();
    if (!released) {
        qCWarning(lcInspector) << "inspection of" << disks.first().displayName() << "left something behind:" << released.error().toString();
        if (report)
            report->findings << Finding{Finding::Severity::Warning, u"inspect-cleanup"_s,
                                        u"inspection could not release everything it used: %1"_s.arg(released.error().message()),
                                        released.error().details()};
    }
    return report;
}

} // namespace Ferry
