#include "libvirtmigrationtarget.h"

#include "base/safefile.h"

#include "target/libvirttarget.h"
#include "target/libvirtvolumesink.h"
#include "target/outputdirectory.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace Ferry {

LibvirtMigrationTarget::LibvirtMigrationTarget(std::unique_ptr<LibvirtTarget> target, QString reportDirectory, bool startDomain)
    : m_target(std::move(target))
    , m_reportDirectory(std::move(reportDirectory))
    , m_startDomain(startDomain)
{
}

LibvirtMigrationTarget::~LibvirtMigrationTarget() = default;

QJsonObject LibvirtMigrationTarget::describe() const
{
    QJsonObject described{{u"kind"_s, u"libvirt"_s}, {u"uri"_s, m_target->options().uri}, {u"pool"_s, m_target->options().pool}};
    if (!m_target->options().diskPools.isEmpty()) {
        QJsonObject diskPools;
        for (auto it = m_target->options().diskPools.cbegin(); it != m_target->options().diskPools.cend(); ++it)
            diskPools.insert(it.key(), it.value());
        described.insert(u"disk_pools"_s, diskPools);
    }
    return described;
}

Result<QStringList> LibvirtMigrationTarget::prepareVm(const VmInfo &vm, bool)
{
    auto warnings = m_target->preflight(vm);
    if (!warnings)
        return warnings;
    if (!QDir().mkpath(m_reportDirectory))
        return fail(ErrorCode::Io, u"cannot create the report directory %1"_s.arg(m_reportDirectory));
    // Private and ours, as in the directory target: the report names disks and addresses.
    if (auto own = SafeFile::makeOwnDirectory(QFileInfo(reportPath(vm)).path()); !own)
        return std::unexpected(own.error());
    m_sinks.remove(vm.name);
    return warnings;
}

Result<std::unique_ptr<Sink>> LibvirtMigrationTarget::createSink(const VmInfo &vm, int diskIndex)
{
    auto sink = m_target->createSink(vm, diskIndex);
    if (!sink)
        return std::unexpected(sink.error());
    m_sinks[vm.name].append(sink->get());
    return std::unique_ptr<Sink>(std::move(*sink));
}

QString LibvirtMigrationTarget::localDiskPath(const VmInfo &vm, int diskIndex) const
{
    const auto sinks = m_sinks.value(vm.name);
    if (diskIndex >= sinks.size())
        return {};
    // Direct placement writes the volume's own file; a staged disk's local copy is gone.
    const QString path = sinks.at(diskIndex)->volumePath();
    return QFileInfo::exists(path) ? path : QString();
}

Result<MigrationTarget::Domain> LibvirtMigrationTarget::finishVm(const VmInfo &vm, const std::optional<GuestProfile> &guest)
{
    auto domain = m_target->defineVm(vm, m_sinks.value(vm.name), u"Migrated by Ferry from %1"_s.arg(vm.vmxPath), guest);
    if (!domain)
        return std::unexpected(domain.error());
    if (m_startDomain) {
        if (auto started = m_target->startVm(domain->name); !started)
            return std::unexpected(started.error());
    }
    return Domain{domain->name, domain->warnings, domain->decisions};
}

void LibvirtMigrationTarget::abandonVm(const VmInfo &vm, bool)
{
    m_sinks.remove(vm.name);
}

QString LibvirtMigrationTarget::reportPath(const VmInfo &vm) const
{
    return m_reportDirectory + u'/' + OutputDirectory::safeFileName(vm.name) + u"/report.json"_s;
}

QString LibvirtMigrationTarget::diskReference(const VmInfo &vm, int diskIndex, const QString &sinkTarget) const
{
    const auto sinks = m_sinks.value(vm.name);
    return diskIndex < sinks.size() ? sinks.at(diskIndex)->volumePath() : sinkTarget;
}

} // namespace Ferry
