#include "migrationplan.h"

using namespace Qt::StringLiterals;

namespace Ferry {

Result<void> MigrationPlan::validate() const
{
    if (vmNames.isEmpty())
        return fail(ErrorCode::Usage, u"no VM chosen; name one with --vm NAME (ferry-cli inventory lists them)"_s);
    QStringList seen;
    for (const QString &name : vmNames) {
        if (seen.contains(name))
            return fail(ErrorCode::Usage, u"VM '%1' is named twice"_s.arg(name));
        seen << name;
    }
    if (diskFormat != u"raw" && diskFormat != u"qcow2")
        return fail(ErrorCode::Usage, u"disk format '%1' is not supported; use raw or qcow2"_s.arg(diskFormat));
    return transfer.validate();
}

} // namespace Ferry
