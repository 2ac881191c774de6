#include "libvirtmigrationtarget.h"

#include "base/safefile.h"

#include "target/libvirtconnection.h"
#include "target/libvirttarget.h"
#include "target/libvirtvolumesink.h"
#include "target/outputdirectory.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Ferry {

LibvirtMigrationTarget::LibvirtMigrationTarget(std::unique_ptr<LibvirtTarget> target, QString reportDirectory, bool startDomain,
                                               int bootTimeoutSeconds)
    : m_target(std::move(target))
    , m_reportDirectory(std::move(reportDirectory))
    , m_startDomain(startDomain)
    , m_bootTimeoutSeconds(bootTimeoutSeconds)
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
    const QString consoleLog = consoleLogPath(vm);
    auto domain = m_target->defineVm(vm, m_sinks.value(vm.name), u"Migrated by Ferry from %1"_s.arg(vm.vmxPath), guest, consoleLog);
    if (!domain)
        return std::unexpected(domain.error());
    m_started.remove(vm.name);
    if (m_startDomain) {
        if (auto started = m_target->startVm(domain->name); !started)
            return std::unexpected(started.error());
        m_started.insert(vm.name, {domain->name, consoleLog});
    }
    return Domain{domain->name, domain->warnings, domain->decisions};
}

QString LibvirtMigrationTarget::consoleLogPath(const VmInfo &vm) const
{
    // A remote host's file is not readable here: the boot check asks the guest agent only.
    if (!m_startDomain || !m_target->connection().isLocal())
        return {};
    return QFileInfo(reportPath(vm)).dir().filePath(u"console.log"_s);
}

MigrationTarget::BootWatch LibvirtMigrationTarget::bootCheck(const VmInfo &vm, BootCheckReport *skipped)
{
    if (!m_startDomain) {
        *skipped = BootCheckReport::skipped(u"the domain was not started (--start not given)"_s);
        return {};
    }
    if (!m_started.contains(vm.name)) {
        *skipped = BootCheckReport::skipped(u"no domain was started"_s);
        return {};
    }
    const auto [domain, consoleLog] = m_started.value(vm.name);
    BootCheck::Options options;
    options.domain = domain;
    options.consoleLog = consoleLog;
    options.timeoutSeconds = m_bootTimeoutSeconds;
    if (options.timeoutSeconds <= 0) {
        const QString virtType = m_target->options().virtType.isEmpty() ? m_target->connection().preferredVirtType().value_or(QString())
                                                                        : m_target->options().virtType;
        options.timeoutSeconds = virtType == u"qemu"_s ? 900 : 300;
    }
    return [&connection = m_target->connection(), options](const std::atomic<bool> *cancelled) mutable {
        options.cancelled = cancelled;
        return BootCheck(connection).run(options);
    };
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
