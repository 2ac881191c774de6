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
    for (auto it = diskPools.cbegin(); it != diskPools.cend(); ++it) {
        const qsizetype slash = it.key().lastIndexOf(u'/');
        bool numeric = false;
        const int number = slash > 0 ? it.key().mid(slash + 1).toInt(&numeric) : 0;
        if (!numeric || number < 1 || it.value().isEmpty())
            return fail(ErrorCode::Usage,
                        u"disk pool '%1=%2' is not valid; write VM/N=POOL with the disk number N counted from 1"_s.arg(it.key(),
                                                                                                                       it.value()));
    }
    if (shutdownTimeoutSeconds < 1 || shutdownTimeoutSeconds > 86400)
        return fail(ErrorCode::Usage, u"the shutdown timeout must be 1 to 86400 seconds, not %1"_s.arg(shutdownTimeoutSeconds));
    return transfer.validate();
}

} // namespace Ferry
