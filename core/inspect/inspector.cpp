#include "inspector.h"

#include "inspect/inspectcache.h"
#include "inspect/inspectionrun.h"

#include <QLoggingCategory>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcInspector, "ferry.inspect")

Inspector::Inspector()
    : Inspector(Options {})
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

Result<InspectionReport> Inspector::inspect(const InspectTarget &target, const std::atomic<bool> *cancel) const
{
    if (::geteuid() != 0)
        return fail(ErrorCode::Unsupported,
                    u"Guest inspection needs root: it attaches loop devices and mounts filesystems read-only."_s);
    CleanupStack cleanup;
    InspectionRun run(target, m_options.mountWorkers, m_cache.get(), cleanup, cancel);
    Result<InspectionReport> report = run.execute();
    // Released here, not in the destructor, so a failure to release becomes visible.
    const Result<void> released = cleanup.unwind();
    if (!released) {
        qCWarning(lcInspector) << "inspection of" << target.displayName() << "left something behind:" << released.error().toString();
        if (report)
            report->findings << Finding{Finding::Severity::Warning, u"inspect-cleanup"_s,
                                        u"inspection could not release everything it used: %1"_s.arg(released.error().message()),
                                        released.error().details()};
    }
    return report;
}

} // namespace Ferry
