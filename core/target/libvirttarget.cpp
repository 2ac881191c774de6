#include "libvirttarget.h"

#include "target/domainxmlvalidator.h"
#include "target/libvirtvolumesink.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcLibvirtTarget, "ferry.target.libvirt")

LibvirtTarget::LibvirtTarget(Options options, std::shared_ptr<LibvirtConnection> connection)
    : m_options(std::move(options))
    , m_connection(std::move(connection))
{
}

LibvirtTarget::~LibvirtTarget() = default;

Result<std::unique_ptr<LibvirtTarget>> LibvirtTarget::open(Options options)
{
    if (options.format != u"raw"_s && options.format != u"qcow2"_s)
        return fail(ErrorCode::Usage, u"Unsupported disk format \"%1\"; use raw or qcow2."_s.arg(options.format));
    auto connection = LibvirtConnection::open(options.uri, options.credentials);
    if (!connection)
        return std::unexpected(connection.error());
    // The password is only needed to connect; do not keep it around.
    options.credentials.password.fill(u'\0');
    options.credentials.password.clear();
    // Every pool a disk may land in must exist and run before anything is copied.
    for (const QString &name : poolsInUse(options)) {
        auto pool = (*connection)->poolInfo(name);
        if (!pool)
            return std::unexpected(pool.error().code() == ErrorCode::NotFound
                                       ? Error(ErrorCode::Usage, pool.error().message() + u" Choose one with --pool or --disk-pool."_s)
                                       : pool.error());
        if (!pool->active)
            return fail(ErrorCode::Usage, u"Storage pool %1 is not active; start it with 'virsh pool-start %1'."_s.arg(name));
    }
    return std::unique_ptr<LibvirtTarget>(new LibvirtTarget(std::move(options), std::move(*connection)));
}

Result<QStringList> LibvirtTarget::preflight(const VmInfo &vm) const
{
    QStringList warnings;
    auto exists = m_connection->domainExists(vm.name, vm.uuid);
    if (!exists)
        return std::unexpected(exists.error());
    if (*exists)
        return fail(
            ErrorCode::Usage,
            u"A domain named \"%1\" or with UUID %2 already exists on %3; Ferry does not replace it: undefine it or migrate under another name."_s
                .arg(vm.name, vm.uuid, m_connection->uri()));
    if (auto space = checkVolumes(vm, warnings); !space)
        return std::unexpected(space.error());
    if (auto networks = checkNetworks(vm, warnings); !networks)
        return std::unexpected(networks.error());
    warnings.removeDuplicates();
    return warnings;
}

Result<void> LibvirtTarget::checkVolumes(const VmInfo &vm, QStringList &warnings) const
{
    // Each pool must hold the thick disks that land in it; thin ones are written sparse.
    QMap<QString, std::pair<qint64, qint64>> perPool; // pool -> (thick, all)
    for (int i = 0; i < vm.disks.size(); ++i) {
        const QString pool = poolForDisk(m_options, vm.name, i + 1);
        const QString volume = LibvirtVolumeSink::volumeNameFor(vm.name, i + 1, m_options.format);
        auto taken = m_connection->volumeExists(pool, volume);
        if (!taken)
            return std::unexpected(taken.error());
        if (*taken)
            return fail(
                ErrorCode::Usage,
                u"Storage pool %1 already has a volume named %2; Ferry does not overwrite it: delete it or migrate under another name."_s
                    .arg(pool, volume));
        auto &sums = perPool[pool];
        sums.second += vm.disks.at(i).capacity;
        sums.first += vm.disks.at(i).thin ? 0 : vm.disks.at(i).capacity;
    }
    for (auto it = perPool.cbegin(); it != perPool.cend(); ++it) {
        if (auto room = m_connection->checkFreeSpace(it.key(), it->first); !room)
            return std::unexpected(room.error());
        auto pool = m_connection->poolInfo(it.key());
        if (pool && pool->available < it->second)
            warnings
                << u"Storage pool %1 has %2 MiB free, less than the %3 MiB the disks can grow to; the copy fails if the thin disks hold more data than fits."_s
                       .arg(it.key())
                       .arg(pool->available >> 20)
                       .arg(it->second >> 20);
    }
    return {};
}

QString LibvirtTarget::poolForDisk(const Options &options, const QString &vmName, int diskNumber)
{
    return options.diskPools.value(vmName + u'/' + QString::number(diskNumber), options.pool);
}

QStringList LibvirtTarget::poolsInUse(const Options &options)
{
    QStringList pools{options.pool};
    for (const QString &pool : options.diskPools)
        if (!pools.contains(pool))
            pools << pool;
    return pools;
}

Result<void> LibvirtTarget::checkNetworks(const VmInfo &vm, QStringList &warnings) const
{
    DomainOptions mapping;
    mapping.networkMap = m_options.networkMap;
    mapping.knownBridges = m_connection->bridges().value_or(QStringList());
    auto listed = m_connection->networks();
    if (!listed) {
        // A host without a network driver: the define step will tell.
        if (!vm.nics.isEmpty())
            warnings << u"The networks of %1 cannot be listed, so the NIC mappings are not checked: %2"_s.arg(m_connection->uri(),
                                                                                                              listed.error().message());
        return {};
    }
    const QList<NetworkTargetInfo> &networks = *listed;
    for (const NicInfo &nic : vm.nics) {
        const DomainBuilder::NetworkTarget target = DomainBuilder::resolveNetwork(nic.network, mapping);
        if (target.bridge)
            continue;
        const auto network = std::find_if(networks.begin(), networks.end(),
                                          [&](const NetworkTargetInfo &n) { return n.name == target.name; });
        if (network == networks.end())
            return fail(
                ErrorCode::Usage,
                u"%1 of VM %2 would connect to libvirt network \"%3\", which does not exist on %4; map \"%5\" with --network \"%5=NAME\" to an existing network or bridge."_s
                    .arg(nic.label, vm.name, target.name, m_connection->uri(), nic.network));
        if (!network->active)
            warnings << u"Libvirt network \"%1\" is not active; the domain cannot start until 'virsh net-start %1'."_s.arg(target.name);
    }
    return {};
}

Result<std::unique_ptr<LibvirtVolumeSink>> LibvirtTarget::createSink(const VmInfo &vm, int diskIndex) const
{
    LibvirtVolumeSink::Options sink;
    sink.pool = poolForDisk(m_options, vm.name, diskIndex + 1);
    sink.volume = LibvirtVolumeSink::volumeNameFor(vm.name, diskIndex + 1, m_options.format);
    sink.format = m_options.format;
    sink.stagingDirectory = m_options.stagingDirectory;
    sink.maxWriters = m_options.maxWriters;
    sink.cancelled = m_options.cancelled;
    auto created = std::make_unique<LibvirtVolumeSink>(m_connection, sink);
    if (auto placed = created->choosePlacement(); !placed)
        return std::unexpected(placed.error());
    return created;
}

Result<DomainOptions> LibvirtTarget::domainOptions(const VmInfo &vm, const QString &description, const std::optional<GuestProfile> &guest,
                                                   const QString &consoleLog) const
{
    DomainOptions options;
    options.consoleLogPath = consoleLog;
    options.guest = guest;
    options.networkMap = m_options.networkMap;
    options.description = description;
    options.knownBridges = m_connection->bridges().value_or(QStringList());
    if (!m_options.virtType.isEmpty()) {
        options.virtType = m_options.virtType;
    } else {
        auto virtType = m_connection->preferredVirtType();
        if (!virtType)
            return std::unexpected(virtType.error());
        options.virtType = *virtType;
    }
    if (vm.firmware == Firmware::Efi) {
        // Drivers without domain capabilities (the test driver) get libvirt's firmware
        // auto-selection instead.
        auto caps = m_connection->firmwareCapabilities(options.virtType);
        if (caps)
            options.firmware = *caps;
        else
            qCInfo(lcLibvirtTarget) << "no domain capabilities, UEFI firmware left to libvirt:" << caps.error().toString();
    }
    return options;
}

Result<DomainXml> LibvirtTarget::defineVm(const VmInfo &vm, const QList<const LibvirtVolumeSink *> &sinks, const QString &description,
                                          const std::optional<GuestProfile> &guest, const QString &consoleLog)
{
    // DiskCopy removed its resume journals after the sinks committed; without a refresh a
    // directory pool would still list them as volumes.
    for (const QString &pool : poolsInUse(m_options)) {
        if (auto refreshed = m_connection->refreshPool(pool); !refreshed)
            qCWarning(lcLibvirtTarget) << refreshed.error().toString();
    }
    QList<DomainDisk> disks;
    for (const LibvirtVolumeSink *sink : sinks)
        disks << sink->domainDisk();
    auto options = domainOptions(vm, description, guest, consoleLog);
    if (!options)
        return std::unexpected(options.error());
    auto built = DomainBuilder(vm, disks, *options).build();
    if (!built)
        return std::unexpected(built.error());
    if (auto valid = DomainXmlValidator().validate(built->xml); !valid)
        return std::unexpected(valid.error());
    if (auto defined = m_connection->defineDomain(built->xml); !defined)
        return std::unexpected(defined.error());
    return built;
}

Result<void> LibvirtTarget::startVm(const QString &domainName)
{
    if (auto started = m_connection->startDomain(domainName); !started)
        return fail(ErrorCode::Target,
                    u"Domain %1 is defined but did not start: %2. Fix that and run 'virsh -c %3 start %1'."_s.arg(domainName,
                                                                                                                  started.error().message(),
                                                                                                                  m_connection->uri()),
                    started.error().details());
    return {};
}

LibvirtConnection &LibvirtTarget::connection()
{
    return *m_connection;
}

const LibvirtTarget::Options &LibvirtTarget::options() const
{
    return m_options;
}

} // namespace Ferry
