#include "directorymigrationtarget.h"

#include "data/nbdsink.h"
#include "data/rawfilesink.h"
#include "target/domainbuilder.h"
#include "target/domainxmlvalidator.h"

#include "base/safefile.h"

using namespace Qt::StringLiterals;

namespace Ferry {

DirectoryMigrationTarget::DirectoryMigrationTarget(QString root, QString format, QMap<QString, QString> networkMap, int maxWriters)
    : m_output(std::move(root))
    , m_format(std::move(format))
    , m_networkMap(std::move(networkMap))
    , m_maxWriters(maxWriters)
{
}

QJsonObject DirectoryMigrationTarget::describe() const
{
    return QJsonObject{{u"kind"_s, u"dir"_s}, {u"path"_s, m_output.root()}};
}

Result<QStringList> DirectoryMigrationTarget::prepareVm(const VmInfo &vm, bool resume)
{
    if (auto prepared = m_output.prepareVm(vm.name, resume); !prepared)
        return std::unexpected(prepared.error());
    return QStringList();
}

Result<std::unique_ptr<Sink>> DirectoryMigrationTarget::createSink(const VmInfo &vm, int diskIndex)
{
    const QString path = m_output.diskPath(vm.name, diskIndex + 1, m_format);
    if (m_format == u"raw")
        return std::make_unique<RawFileSink>(path);
    NbdSink::Options options;
    options.format = m_format;
    options.maxWriters = m_maxWriters;
    return std::make_unique<NbdSink>(path, options);
}

QString DirectoryMigrationTarget::localDiskPath(const VmInfo &vm, int diskIndex) const
{
    return m_output.diskPath(vm.name, diskIndex + 1, m_format);
}

MigrationTarget::BootWatch DirectoryMigrationTarget::bootCheck(const VmInfo &, BootCheckReport *skipped)
{
    *skipped = BootCheckReport::skipped(u"a dir: target writes the domain XML and starts nothing"_s);
    return {};
}

Result<MigrationTarget::Domain> DirectoryMigrationTarget::finishVm(const VmInfo &vm, const std::optional<GuestProfile> &guest)
{
    QList<DomainDisk> disks;
    for (qsizetype i = 0; i < vm.disks.size(); ++i)
        disks << DomainDisk{DomainDisk::Kind::File, localDiskPath(vm, int(i)), {}, {}, m_format};
    DomainOptions options;
    options.networkMap = m_networkMap;
    options.guest = guest;
    options.description = u"Migrated by Ferry from %1"_s.arg(vm.vmxPath);
    auto domain = DomainBuilder(vm, disks, options).build();
    if (!domain)
        return std::unexpected(domain.error());
    // Validated before it is written: an invalid <vm>.xml is never left behind.
    if (auto valid = DomainXmlValidator().validate(domain->xml); !valid)
        return std::unexpected(valid.error());
    const QString path = m_output.domainXmlPath(vm.name);
    if (auto written = SafeFile::writeAtomically(path, domain->xml.toUtf8()); !written)
        return std::unexpected(written.error());
    return Domain{path, domain->warnings, domain->decisions};
}

void DirectoryMigrationTarget::abandonVm(const VmInfo &vm, bool keepPartial)
{
    if (!keepPartial)
        m_output.removeIfEmpty(vm.name);
}

QString DirectoryMigrationTarget::reportPath(const VmInfo &vm) const
{
    return m_output.reportPath(vm.name);
}

QString DirectoryMigrationTarget::diskReference(const VmInfo &, int, const QString &sinkTarget) const
{
    return sinkTarget;
}

} // namespace Ferry
