#include "libvirtconnection.h"

#include "target/libvirtsupport_p.h"

#include <QDir>
#include <QUrl>
#include <QUuid>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <cstdlib>
#include <cstring>
#include <mutex>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// libvirt's default error handler prints every error to stderr; Ferry reports errors
// itself. virInitialize makes the library safe to use from several threads.
void initializeLibvirt()
{
    static std::once_flag once;
    std::call_once(once, [] {
        virInitialize();
        virSetErrorFunc(nullptr, [](void *, virErrorPtr) {});
    });
}

char *copyForLibvirt(const QByteArray &value)
{
    // libvirt frees the result with free(); allocate it with malloc.
    auto *copy = static_cast<char *>(std::malloc(size_t(value.size()) + 1));
    if (copy)
        std::memcpy(copy, value.constData(), size_t(value.size()) + 1);
    return copy;
}

// Runs inside virConnectOpenAuth on the opening thread; must not throw.
int authCallback(virConnectCredentialPtr credentials, unsigned int count, void *opaque)
{
    const auto *given = static_cast<const LibvirtConnection::Credentials *>(opaque);
    for (unsigned int i = 0; i < count; ++i) {
        virConnectCredential &credential = credentials[i];
        QByteArray value;
        switch (credential.type) {
        case VIR_CRED_AUTHNAME:
        case VIR_CRED_USERNAME:
            value = given->user.toUtf8();
            if (value.isEmpty() && credential.defresult)
                value = QByteArray(credential.defresult);
            break;
        case VIR_CRED_PASSPHRASE:
        case VIR_CRED_NOECHOPROMPT:
            value = given->password.toUtf8();
            break;
        default:
            return -1; // a question Ferry cannot answer (certificates, realms): fail the open
        }
        if (value.isEmpty())
            return -1;
        credential.result = copyForLibvirt(value);
        credential.resultlen = credential.result ? unsigned(value.size()) : 0;
        value.fill('\0');
        if (!credential.result)
            return -1;
    }
    return 0;
}

// <name> and <uuid> of a domain XML document, to check for an existing domain first.
std::pair<QString, QString> domainIdentity(const QString &xml)
{
    QXmlStreamReader reader(xml);
    QString name;
    QString uuid;
    int depth = 0;
    while (!reader.atEnd()) {
        const auto token = reader.readNext();
        if (token == QXmlStreamReader::StartElement) {
            ++depth;
            if (depth == 2 && reader.name() == u"name"_s)
                name = reader.readElementText().trimmed();
            else if (depth == 2 && reader.name() == u"uuid"_s)
                uuid = reader.readElementText().trimmed();
            if (reader.isEndElement())
                --depth; // readElementText consumed the end element
        } else if (token == QXmlStreamReader::EndElement) {
            --depth;
        }
    }
    return {name, uuid};
}

QString volumeXml(const QString &name, qint64 capacity, const QString &format, bool fileBased)
{
    QString xml;
    QXmlStreamWriter writer(&xml);
    writer.writeStartElement(u"volume"_s);
    writer.writeTextElement(u"name"_s, name);
    writer.writeStartElement(u"capacity"_s);
    writer.writeAttribute(u"unit"_s, u"bytes"_s);
    writer.writeCharacters(QString::number(capacity));
    writer.writeEndElement();
    // Allocation 0: a sparse file (dir pools) or a thin qcow2; LVs are allocated anyway.
    writer.writeStartElement(u"allocation"_s);
    writer.writeAttribute(u"unit"_s, u"bytes"_s);
    writer.writeCharacters(u"0"_s);
    writer.writeEndElement();
    if (fileBased) {
        writer.writeStartElement(u"target"_s);
        writer.writeEmptyElement(u"format"_s);
        writer.writeAttribute(u"type"_s, format);
        writer.writeEndElement();
    }
    writer.writeEndElement();
    return xml;
}

bool isFileBasedPool(const QString &type)
{
    return type == u"dir"_s || type == u"fs"_s || type == u"netfs"_s;
}

} // namespace

class LibvirtConnection::Private
{
public:
    ~Private()
    {
        if (conn)
            virConnectClose(conn);
    }

    Result<PoolHandle> pool(const QString &name) const;
    Result<StoragePoolInfo> describePool(virStoragePoolPtr pool) const;
    Result<VolumeHandle> volume(const QString &pool, const QString &name) const;
    Result<DomainHandle> domain(const QString &name) const;
    Result<QStringList> sysfsBridges() const;

    virConnectPtr conn = nullptr;
    QString uri;
    bool local = false;
    bool testDriver = false;
};

Result<PoolHandle> LibvirtConnection::Private::pool(const QString &name) const
{
    PoolHandle handle(virStoragePoolLookupByName(conn, name.toUtf8().constData()));
    if (!handle) {
        if (takeLibvirtErrorIf(VIR_ERR_NO_STORAGE_POOL))
            return fail(ErrorCode::NotFound,
                        u"There is no storage pool \"%1\" on %2; 'virsh pool-list --all' lists them."_s.arg(name, uri));
        return std::unexpected(libvirtError(u"Cannot look up storage pool %1"_s.arg(name)));
    }
    return handle;
}

Result<StoragePoolInfo> LibvirtConnection::Private::describePool(virStoragePoolPtr pool) const
{
    StoragePoolInfo info;
    info.name = QString::fromUtf8(virStoragePoolGetName(pool));
    virStoragePoolInfo raw{};
    if (virStoragePoolGetInfo(pool, &raw) != 0)
        return std::unexpected(libvirtError(u"Cannot read storage pool %1"_s.arg(info.name)));
    info.active = raw.state == VIR_STORAGE_POOL_RUNNING || raw.state == VIR_STORAGE_POOL_DEGRADED;
    info.capacity = qint64(raw.capacity);
    info.allocation = qint64(raw.allocation);
    info.available = qint64(raw.available);
    const QString xml = takeLibvirtString(virStoragePoolGetXMLDesc(pool, 0));
    if (xml.isEmpty())
        return std::unexpected(libvirtError(u"Cannot read the definition of storage pool %1"_s.arg(info.name)));
    QXmlStreamReader reader(xml);
    QStringList path;
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement) {
            path << reader.name().toString();
            if (path.size() == 1)
                info.type = reader.attributes().value(u"type"_s).toString();
            else if (path.join(u'/') == u"pool/target/path"_s)
                info.path = reader.readElementText().trimmed();
            if (reader.isEndElement())
                path.removeLast();
        } else if (reader.isEndElement()) {
            path.removeLast();
        }
    }
    return info;
}

Result<VolumeHandle> LibvirtConnection::Private::volume(const QString &poolName, const QString &name) const
{
    auto poolHandle = pool(poolName);
    if (!poolHandle)
        return std::unexpected(poolHandle.error());
    VolumeHandle handle(virStorageVolLookupByName(poolHandle->get(), name.toUtf8().constData()));
    if (!handle) {
        if (takeLibvirtErrorIf(VIR_ERR_NO_STORAGE_VOL))
            return fail(ErrorCode::NotFound, u"There is no volume \"%1\" in storage pool %2."_s.arg(name, poolName));
        return std::unexpected(libvirtError(u"Cannot look up volume %1 in pool %2"_s.arg(name, poolName)));
    }
    return handle;
}

Result<DomainHandle> LibvirtConnection::Private::domain(const QString &name) const
{
    DomainHandle handle(virDomainLookupByName(conn, name.toUtf8().constData()));
    if (!handle) {
        if (takeLibvirtErrorIf(VIR_ERR_NO_DOMAIN))
            return fail(ErrorCode::NotFound, u"There is no domain \"%1\" on %2."_s.arg(name, uri));
        return std::unexpected(libvirtError(u"Cannot look up domain %1"_s.arg(name)));
    }
    return handle;
}

Result<QStringList> LibvirtConnection::Private::sysfsBridges() const
{
    QStringList bridges;
    const QDir net(u"/sys/class/net"_s);
    for (const QString &name : net.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (QDir(net.filePath(name) + u"/bridge"_s).exists())
            bridges << name;
    }
    return bridges;
}

LibvirtConnection::LibvirtConnection(std::unique_ptr<Private> impl)
    : d(std::move(impl))
{
}

LibvirtConnection::~LibvirtConnection() = default;

Result<std::unique_ptr<LibvirtConnection>> LibvirtConnection::open(const QString &uri, const Credentials &credentials)
{
    initializeLibvirt();
    int credentialTypes[] = {VIR_CRED_AUTHNAME, VIR_CRED_USERNAME, VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT};
    virConnectAuth auth{credentialTypes, int(std::size(credentialTypes)), authCallback, const_cast<Credentials *>(&credentials)};
    auto d = std::make_unique<Private>();
    d->conn = virConnectOpenAuth(uri.toUtf8().constData(), &auth, 0);
    if (!d->conn) {
        const int code = libvirtErrorCode();
        const Error error = libvirtError(u"Cannot connect to %1"_s.arg(uri));
        if (code == VIR_ERR_AUTH_FAILED || code == VIR_ERR_AUTH_CANCELLED || code == VIR_ERR_AUTH_UNAVAILABLE)
            return fail(ErrorCode::Auth, u"%1 (check the user name and password for the target)"_s.arg(error.message()), error.details());
        return fail(ErrorCode::Target, u"%1 (is the libvirt daemon running and are you allowed to use it?)"_s.arg(error.message()),
                    error.details());
    }
    const QString canonical = takeLibvirtString(virConnectGetURI(d->conn));
    d->uri = canonical.isEmpty() ? uri : canonical;
    const QUrl url(d->uri);
    d->local = url.host().isEmpty();
    d->testDriver = url.scheme() == u"test"_s;
    return std::unique_ptr<LibvirtConnection>(new LibvirtConnection(std::move(d)));
}

QString LibvirtConnection::uri() const
{
    return d->uri;
}

bool LibvirtConnection::isLocal() const
{
    return d->local;
}

Result<QList<StoragePoolInfo>> LibvirtConnection::pools() const
{
    virStoragePoolPtr *list = nullptr;
    const int count = virConnectListAllStoragePools(d->conn, &list, 0);
    if (count < 0)
        return std::unexpected(libvirtError(u"Cannot list the storage pools of %1"_s.arg(d->uri)));
    std::vector<PoolHandle> handles;
    for (int i = 0; i < count; ++i)
        handles.emplace_back(list[i]);
    std::free(list);
    QList<StoragePoolInfo> pools;
    for (const PoolHandle &handle : handles) {
        auto info = d->describePool(handle.get());
        if (!info)
            return std::unexpected(info.error());
        pools << *info;
    }
    return pools;
}

Result<StoragePoolInfo> LibvirtConnection::poolInfo(const QString &pool) const
{
    auto handle = d->pool(pool);
    if (!handle)
        return std::unexpected(handle.error());
    return d->describePool(handle->get());
}

Result<void> LibvirtConnection::checkFreeSpace(const QString &pool, qint64 bytes) const
{
    auto info = poolInfo(pool);
    if (!info)
        return std::unexpected(info.error());
    if (!info->active)
        return fail(ErrorCode::Usage, u"Storage pool %1 is not active; start it with 'virsh pool-start %1'."_s.arg(pool));
    if (info->available < bytes)
        return fail(ErrorCode::Usage,
                    u"Storage pool %1 has %2 MiB free but the disks need %3 MiB; free space or choose another pool with --pool."_s.arg(pool)
                        .arg(info->available >> 20)
                        .arg((bytes + (1 << 20) - 1) >> 20));
    return {};
}

Result<QList<NetworkTargetInfo>> LibvirtConnection::networks() const
{
    virNetworkPtr *list = nullptr;
    const int count = virConnectListAllNetworks(d->conn, &list, 0);
    if (count < 0)
        return std::unexpected(libvirtError(u"Cannot list the networks of %1"_s.arg(d->uri)));
    QList<NetworkTargetInfo> networks;
    for (int i = 0; i < count; ++i) {
        const NetworkHandle handle(list[i]);
        NetworkTargetInfo info;
        info.name = QString::fromUtf8(virNetworkGetName(handle.get()));
        info.active = virNetworkIsActive(handle.get()) == 1;
        info.bridge = takeLibvirtString(virNetworkGetBridgeName(handle.get()));
        virResetLastError(); // networks without a bridge (macvtap, hostdev) have none
        networks << info;
    }
    std::free(list);
    return networks;
}

Result<QStringList> LibvirtConnection::bridges() const
{
    virInterfacePtr *list = nullptr;
    const int count = virConnectListAllInterfaces(d->conn, &list, 0);
    if (count < 0) {
        // Hosts without an interface backend (no netcf/udev) cannot list interfaces.
        const Error error = libvirtError(u"Cannot list the interfaces of %1"_s.arg(d->uri));
        if (d->local && !d->testDriver)
            return d->sysfsBridges();
        return std::unexpected(error);
    }
    QStringList bridges;
    for (int i = 0; i < count; ++i) {
        const InterfaceHandle handle(list[i]);
        QXmlStreamReader reader(takeLibvirtString(virInterfaceGetXMLDesc(handle.get(), 0)));
        if (reader.readNextStartElement() && reader.attributes().value(u"type"_s) == u"bridge"_s)
            bridges << QString::fromUtf8(virInterfaceGetName(handle.get()));
    }
    std::free(list);
    if (d->local && !d->testDriver) {
        auto sysfs = d->sysfsBridges();
        for (const QString &name : std::as_const(*sysfs))
            if (!bridges.contains(name))
                bridges << name;
    }
    return bridges;
}

Result<QString> LibvirtConnection::preferredVirtType() const
{
    const QString xml = takeLibvirtString(virConnectGetCapabilities(d->conn));
    if (xml.isEmpty())
        return std::unexpected(libvirtError(u"Cannot read the capabilities of %1"_s.arg(d->uri)));
    // <guest><os_type>hvm</os_type><arch name='x86_64'><domain type='kvm'/>...
    QXmlStreamReader reader(xml);
    QStringList types;
    QString osType;
    QString arch;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (reader.name() == u"guest"_s)
            osType.clear();
        else if (reader.name() == u"os_type"_s)
            osType = reader.readElementText().trimmed();
        else if (reader.name() == u"arch"_s)
            arch = reader.attributes().value(u"name"_s).toString();
        else if (reader.name() == u"domain"_s && osType == u"hvm"_s && (arch == u"x86_64"_s || d->testDriver))
            types << reader.attributes().value(u"type"_s).toString();
    }
    for (const QString &preferred : {u"kvm"_s, u"qemu"_s, u"test"_s})
        if (types.contains(preferred))
            return preferred;
    return fail(ErrorCode::Target,
                u"%1 cannot run x86_64 virtual machines (no kvm or qemu domain type); install qemu-system-x86 there."_s.arg(d->uri));
}

Result<FirmwareCapabilities> LibvirtConnection::firmwareCapabilities(const QString &virtType) const
{
    const QString xml = takeLibvirtString(
        virConnectGetDomainCapabilities(d->conn, nullptr, "x86_64", "q35", virtType.toUtf8().constData(), 0));
    if (xml.isEmpty())
        return std::unexpected(libvirtError(u"Cannot read the domain capabilities of %1 for q35/%2"_s.arg(d->uri, virtType)));
    return FirmwareCapabilities::fromDomainCapabilities(xml);
}

Result<bool> LibvirtConnection::domainExists(const QString &name, const QString &uuid) const
{
    auto byName = d->domain(name);
    if (byName)
        return true;
    if (byName.error().code() != ErrorCode::NotFound)
        return std::unexpected(byName.error());
    if (uuid.isEmpty())
        return false;
    const DomainHandle byUuid(virDomainLookupByUUIDString(d->conn, uuid.toUtf8().constData()));
    if (byUuid)
        return true;
    if (!takeLibvirtErrorIf(VIR_ERR_NO_DOMAIN))
        return std::unexpected(libvirtError(u"Cannot look up the domain with UUID %1"_s.arg(uuid)));
    return false;
}

Result<void> LibvirtConnection::defineDomain(const QString &xml)
{
    const auto [name, uuid] = domainIdentity(xml);
    auto exists = domainExists(name, uuid);
    if (!exists)
        return std::unexpected(exists.error());
    if (*exists)
        return fail(
            ErrorCode::Usage,
            u"A domain named \"%1\" or with UUID %2 already exists on %3; Ferry does not replace it: undefine it or migrate under another name."_s
                .arg(name, uuid.isEmpty() ? u"(none)"_s : uuid, d->uri));
    const DomainHandle domain(virDomainDefineXMLFlags(d->conn, xml.toUtf8().constData(), VIR_DOMAIN_DEFINE_VALIDATE));
    if (!domain)
        return std::unexpected(libvirtError(u"libvirt refused the domain %1"_s.arg(name)));
    return {};
}

Result<void> LibvirtConnection::startDomain(const QString &name)
{
    auto domain = d->domain(name);
    if (!domain)
        return std::unexpected(domain.error());
    if (virDomainCreate(domain->get()) != 0)
        return std::unexpected(libvirtError(u"Cannot start domain %1"_s.arg(name)));
    return {};
}

Result<QString> LibvirtConnection::domainState(const QString &name) const
{
    auto domain = d->domain(name);
    if (!domain)
        return std::unexpected(domain.error());
    int state = 0;
    int reason = 0;
    if (virDomainGetState(domain->get(), &state, &reason, 0) != 0)
        return std::unexpected(libvirtError(u"Cannot read the state of domain %1"_s.arg(name)));
    switch (state) {
    case VIR_DOMAIN_RUNNING:
        return u"running"_s;
    case VIR_DOMAIN_BLOCKED:
        return u"blocked"_s;
    case VIR_DOMAIN_PAUSED:
        return u"paused"_s;
    case VIR_DOMAIN_SHUTDOWN:
        return u"shutting down"_s;
    case VIR_DOMAIN_SHUTOFF:
        return u"shut off"_s;
    case VIR_DOMAIN_CRASHED:
        return u"crashed"_s;
    case VIR_DOMAIN_PMSUSPENDED:
        return u"suspended"_s;
    default:
        return u"unknown"_s;
    }
}

Result<QString> LibvirtConnection::agentHostname(const QString &name) const
{
    auto domain = d->domain(name);
    if (!domain)
        return std::unexpected(domain.error());
    char *hostname = virDomainGetHostname(domain->get(), VIR_DOMAIN_GET_HOSTNAME_AGENT);
    if (!hostname)
        return std::unexpected(libvirtError(u"The guest agent of domain %1 did not answer"_s.arg(name)));
    const QString result = QString::fromUtf8(hostname);
    std::free(hostname);
    return result;
}

Result<void> LibvirtConnection::undefineDomain(const QString &name)
{
    auto domain = d->domain(name);
    if (!domain)
        return std::unexpected(domain.error());
    if (virDomainIsActive(domain->get()) == 1 && virDomainDestroy(domain->get()) != 0)
        return std::unexpected(libvirtError(u"Cannot stop domain %1"_s.arg(name)));
    const unsigned flags = VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
        | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA;
    if (virDomainUndefineFlags(domain->get(), flags) == 0)
        return {};
    // Drivers without NVRAM or checkpoint support refuse those flags; they have nothing to remove.
    if (libvirtErrorCode() != VIR_ERR_INVALID_ARG && libvirtErrorCode() != VIR_ERR_NO_SUPPORT)
        return std::unexpected(libvirtError(u"Cannot undefine domain %1"_s.arg(name)));
    virResetLastError();
    if (virDomainUndefine(domain->get()) != 0)
        return std::unexpected(libvirtError(u"Cannot undefine domain %1"_s.arg(name)));
    return {};
}

Result<bool> LibvirtConnection::volumeExists(const QString &pool, const QString &name) const
{
    // A missing pool is an error, a missing volume the answer "no".
    auto poolHandle = d->pool(pool);
    if (!poolHandle)
        return std::unexpected(poolHandle.error());
    const VolumeHandle volume(virStorageVolLookupByName(poolHandle->get(), name.toUtf8().constData()));
    if (volume)
        return true;
    if (takeLibvirtErrorIf(VIR_ERR_NO_STORAGE_VOL))
        return false;
    return std::unexpected(libvirtError(u"Cannot look up volume %1 in pool %2"_s.arg(name, pool)));
}

Result<VolumeInfo> LibvirtConnection::createVolume(const QString &pool, const QString &name, qint64 capacity, const QString &format)
{
    if (format != u"raw"_s && format != u"qcow2"_s)
        return fail(ErrorCode::Usage, u"Unsupported volume format \"%1\"; use raw or qcow2."_s.arg(format));
    auto info = poolInfo(pool);
    if (!info)
        return std::unexpected(info.error());
    if (!info->active)
        return fail(ErrorCode::Usage, u"Storage pool %1 is not active; start it with 'virsh pool-start %1'."_s.arg(pool));
    const bool fileBased = isFileBasedPool(info->type);
    if (!fileBased && format != u"raw"_s)
        return fail(ErrorCode::Usage,
                    u"Storage pool %1 (type %2) holds raw volumes only; use --format raw or a directory pool."_s.arg(pool, info->type));
    auto exists = volumeExists(pool, name);
    if (!exists)
        return std::unexpected(exists.error());
    if (*exists)
        return fail(
            ErrorCode::Usage,
            u"Storage pool %1 already has a volume named %2; Ferry does not overwrite it: delete it or migrate under another name."_s.arg(
                pool, name));
    auto poolHandle = d->pool(pool);
    if (!poolHandle)
        return std::unexpected(poolHandle.error());
    const VolumeHandle volume(
        virStorageVolCreateXML(poolHandle->get(), volumeXml(name, capacity, format, fileBased).toUtf8().constData(), 0));
    if (!volume)
        return std::unexpected(libvirtError(u"Cannot create volume %1 in pool %2"_s.arg(name, pool)));
    return volumeInfo(pool, name);
}

Result<VolumeInfo> LibvirtConnection::volumeInfo(const QString &pool, const QString &name) const
{
    auto volume = d->volume(pool, name);
    if (!volume)
        return std::unexpected(volume.error());
    virStorageVolInfo raw{};
    if (virStorageVolGetInfo(volume->get(), &raw) != 0)
        return std::unexpected(libvirtError(u"Cannot read volume %1/%2"_s.arg(pool, name)));
    VolumeInfo info;
    info.pool = pool;
    info.name = name;
    info.capacity = qint64(raw.capacity);
    info.allocation = qint64(raw.allocation);
    info.path = takeLibvirtString(virStorageVolGetPath(volume->get()));
    QXmlStreamReader reader(takeLibvirtString(virStorageVolGetXMLDesc(volume->get(), 0)));
    QStringList path;
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement) {
            path << reader.name().toString();
            if (path.join(u'/') == u"volume/target/format"_s)
                info.format = reader.attributes().value(u"type"_s).toString();
        } else if (reader.isEndElement()) {
            path.removeLast();
        }
    }
    return info;
}

Result<QString> LibvirtConnection::volumePath(const QString &pool, const QString &name) const
{
    auto info = volumeInfo(pool, name);
    if (!info)
        return std::unexpected(info.error());
    return info->path;
}

Result<void> LibvirtConnection::deleteVolume(const QString &pool, const QString &name)
{
    auto volume = d->volume(pool, name);
    if (!volume)
        return std::unexpected(volume.error());
    if (virStorageVolDelete(volume->get(), 0) != 0)
        return std::unexpected(libvirtError(u"Cannot delete volume %1/%2"_s.arg(pool, name)));
    return {};
}

Result<void> LibvirtConnection::refreshPool(const QString &pool)
{
    auto handle = d->pool(pool);
    if (!handle)
        return std::unexpected(handle.error());
    if (virStoragePoolRefresh(handle->get(), 0) != 0)
        return std::unexpected(libvirtError(u"Cannot refresh storage pool %1"_s.arg(pool)));
    return {};
}

Result<StoragePoolInfo> LibvirtConnection::createDirectoryPool(const QString &name, const QString &path)
{
    if (PoolHandle existing(virStoragePoolLookupByName(d->conn, name.toUtf8().constData())); existing)
        return fail(ErrorCode::Usage, u"A storage pool \"%1\" exists on %2 already"_s.arg(name, d->uri));
    takeLibvirtErrorIf(VIR_ERR_NO_STORAGE_POOL);
    QString xml;
    QXmlStreamWriter writer(&xml);
    writer.writeStartElement(u"pool"_s);
    writer.writeAttribute(u"type"_s, u"dir"_s);
    writer.writeTextElement(u"name"_s, name);
    writer.writeStartElement(u"target"_s);
    writer.writeTextElement(u"path"_s, path);
    writer.writeEndElement();
    writer.writeEndElement();
    PoolHandle pool(virStoragePoolDefineXML(d->conn, xml.toUtf8().constData(), 0));
    if (!pool)
        return std::unexpected(libvirtError(u"Cannot define storage pool %1 at %2"_s.arg(name, path)));
    // The directory may exist already (a package created it): building is then a no-op.
    if (virStoragePoolBuild(pool.get(), 0) != 0 || virStoragePoolCreate(pool.get(), 0) != 0) {
        Error error = libvirtError(u"Cannot build and start storage pool %1 at %2"_s.arg(name, path));
        virStoragePoolUndefine(pool.get());
        return std::unexpected(error);
    }
    virStoragePoolSetAutostart(pool.get(), 1);
    return d->describePool(pool.get());
}

Result<void> LibvirtConnection::uploadVolume(const QString &pool, const QString &name, const QString &localFile,
                                             const std::atomic<bool> *cancelled, const ProgressFunction &progress)
{
    auto volume = d->volume(pool, name);
    if (!volume)
        return std::unexpected(volume.error());
    return uploadSparseFile(d->conn, volume->get(), localFile, cancelled, progress);
}

} // namespace Ferry
