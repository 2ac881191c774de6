#include "labinventory.h"

#include "labcatalog.h"
#include "vmobject.h"

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

constexpr qint64 datastoreCapacity = qint64(2) << 40; // 2 TiB, as a VMFS LUN would be

QString latin(const char *text)
{
    return QString::fromLatin1(text);
}

DataNode references(const QByteArray &type, const QStringList &values)
{
    DataNode array = DataNode::array("ManagedObjectReference");
    for (const QString &value : values)
        array.append(DataNode::reference(type, value));
    return array;
}

LabObject folder(const QString &moref, const QString &name, const QString &parentType, const QString &parent, const QStringList &childTypes,
                 const QList<std::pair<QByteArray, QString>> &children)
{
    LabObject object{moref, "Folder", {}, {}};
    DataNode entities = DataNode::array("ManagedObjectReference");
    for (const auto &[type, value] : children) {
        entities.append(DataNode::reference(type, value));
        object.children.append(value);
    }
    DataNode types = DataNode::array("xsd:string");
    for (const QString &type : childTypes)
        types.append(DataNode::string(type));
    object.set(u"name"_s, DataNode::string(name));
    if (!parent.isEmpty())
        object.set(u"parent"_s, DataNode::reference(parentType.toLatin1(), parent));
    object.set(u"childType"_s, types)
        .set(u"childEntity"_s, entities)
        .set(u"overallStatus"_s, DataNode::scalar("ManagedEntityStatus", u"green"_s));
    return object;
}

} // namespace

LabInventory::LabInventory(const QList<LabVmSpec> &vms, const QString &datastoreRoot)
    : m_datastoreRoot(datastoreRoot)
{
    QStringList vmMorefs;
    for (int i = 0; i < vms.size(); ++i) {
        vmMorefs.append(QString::number(i + 1));
        m_objects.add(VmObject::build(vms.at(i), vmMorefs.last(), datastoreRoot));
    }
    addFolders(vmMorefs);
    addDatastore(vmMorefs, vms);
    addNetworks(vms, vmMorefs);
    addHost(vmMorefs);
}

const ObjectTable &LabInventory::objects() const
{
    return m_objects;
}

QString LabInventory::networkMoref(const QString &network)
{
    return u"HaNetwork-"_s + network;
}

QString LabInventory::datastorePath()
{
    return u"ds:///vmfs/volumes/"_s + latin(datastoreMoref) + u'/';
}

void LabInventory::addFolders(const QStringList &vmMorefs)
{
    QList<std::pair<QByteArray, QString>> vms;
    for (const QString &moref : vmMorefs)
        vms.append({"VirtualMachine", moref});
    QList<std::pair<QByteArray, QString>> networks;
    for (const QString &network : LabCatalog::networks())
        networks.append({"Network", networkMoref(network)});
    const QString dc = latin(datacenter);
    m_objects.add(folder(latin(rootFolder), latin(rootFolder), {}, {}, {u"Datacenter"_s, u"Folder"_s}, {{"Datacenter", dc}}));
    m_objects.add(folder(latin(vmFolder), u"vm"_s, u"Datacenter"_s, dc, {u"VirtualMachine"_s, u"Folder"_s}, vms));
    m_objects.add(folder(latin(hostFolder), u"host"_s, u"Datacenter"_s, dc, {u"ComputeResource"_s, u"Folder"_s},
                         {{"ComputeResource", latin(computeResource)}}));
    m_objects.add(folder(latin(datastoreFolder), u"datastore"_s, u"Datacenter"_s, dc, {u"Datastore"_s, u"Folder"_s},
                         {{"Datastore", latin(datastoreMoref)}}));
    m_objects.add(folder(latin(networkFolder), u"network"_s, u"Datacenter"_s, dc, {u"Network"_s, u"Folder"_s}, networks));

    LabObject center{dc, "Datacenter", {}, {latin(vmFolder), latin(hostFolder), latin(datastoreFolder), latin(networkFolder)}};
    QStringList networkMorefs;
    for (const auto &network : networks)
        networkMorefs.append(network.second);
    center.set(u"name"_s, DataNode::string(dc))
        .set(u"parent"_s, DataNode::reference("Folder", latin(rootFolder)))
        .set(u"vmFolder"_s, DataNode::reference("Folder", latin(vmFolder)))
        .set(u"hostFolder"_s, DataNode::reference("Folder", latin(hostFolder)))
        .set(u"datastoreFolder"_s, DataNode::reference("Folder", latin(datastoreFolder)))
        .set(u"networkFolder"_s, DataNode::reference("Folder", latin(networkFolder)))
        .set(u"datastore"_s, references("Datastore", {latin(datastoreMoref)}))
        .set(u"network"_s, references("Network", networkMorefs))
        .set(u"overallStatus"_s, DataNode::scalar("ManagedEntityStatus", u"green"_s));
    m_objects.add(center);
}

void LabInventory::addDatastore(const QStringList &vmMorefs, const QList<LabVmSpec> &vms)
{
    qint64 used = 0;
    for (const LabVmSpec &vm : vms) {
        for (const LabDiskSpec &disk : vm.disks)
            used += disk.thin ? disk.capacity / 8 : disk.capacity;
    }
    const qint64 freeSpace = std::max<qint64>(datastoreCapacity / 10, datastoreCapacity - used);
    LabObject store{latin(datastoreMoref), "Datastore", {}, {}};
    const DataNode summary = DataNode::object("DatastoreSummary")
                                 .add("datastore", DataNode::reference("Datastore", latin(datastoreMoref)))
                                 .add("name", DataNode::string(latin(LabCatalog::datastore)))
                                 .add("url", DataNode::string(datastorePath()))
                                 .add("capacity", DataNode::integer(datastoreCapacity, "xsd:long"))
                                 .add("freeSpace", DataNode::integer(freeSpace, "xsd:long"))
                                 .add("uncommitted", DataNode::integer(0, "xsd:long"))
                                 .add("accessible", DataNode::boolean(true))
                                 .add("multipleHostAccess", DataNode::boolean(false))
                                 .add("type", DataNode::string(u"VMFS"_s))
                                 .add("maintenanceMode", DataNode::string(u"normal"_s));
    store.set(u"name"_s, DataNode::string(latin(LabCatalog::datastore)))
        .set(u"parent"_s, DataNode::reference("Folder", latin(datastoreFolder)))
        .set(u"summary"_s, summary)
        .set(u"host"_s,
             DataNode::array("DatastoreHostMount")
                 .append(DataNode::object("DatastoreHostMount")
                             .add("key", DataNode::reference("HostSystem", latin(host)))
                             .add("mountInfo",
                                  DataNode::object("HostMountInfo")
                                      .add("path", DataNode::string(u"/vmfs/volumes/"_s + latin(datastoreMoref)))
                                      .add("accessMode", DataNode::string(u"readWrite"_s))
                                      .add("mounted", DataNode::boolean(true))
                                      .add("accessible", DataNode::boolean(true)))))
        .set(u"vm"_s, references("VirtualMachine", vmMorefs))
        .set(u"overallStatus"_s, DataNode::scalar("ManagedEntityStatus", u"green"_s));
    m_objects.add(store);
}

void LabInventory::addNetworks(const QList<LabVmSpec> &vms, const QStringList &vmMorefs)
{
    for (const QString &network : LabCatalog::networks()) {
        QStringList users;
        for (int i = 0; i < vms.size(); ++i) {
            for (const LabNicSpec &nic : vms.at(i).nics) {
                if (nic.network == network && !users.contains(vmMorefs.at(i)))
                    users.append(vmMorefs.at(i));
            }
        }
        LabObject object{networkMoref(network), "Network", {}, {}};
        object.set(u"name"_s, DataNode::string(network))
            .set(u"parent"_s, DataNode::reference("Folder", latin(networkFolder)))
            .set(u"summary"_s,
                 DataNode::object("NetworkSummary")
                     .add("network", DataNode::reference("Network", networkMoref(network)))
                     .add("name", DataNode::string(network))
                     .add("accessible", DataNode::boolean(true)))
            .set(u"host"_s, references("HostSystem", {latin(host)}))
            .set(u"vm"_s, references("VirtualMachine", users))
            .set(u"overallStatus"_s, DataNode::scalar("ManagedEntityStatus", u"green"_s));
        m_objects.add(object);
    }
}

void LabInventory::addHost(const QStringList &vmMorefs)
{
    LabObject compute{latin(computeResource), "ComputeResource", {}, {latin(host)}};
    compute.set(u"name"_s, DataNode::string(latin(hostName)))
        .set(u"parent"_s, DataNode::reference("Folder", latin(hostFolder)))
        .set(u"host"_s, references("HostSystem", {latin(host)}))
        .set(u"resourcePool"_s, DataNode::reference("ResourcePool", latin(resourcePool)));
    m_objects.add(compute);

    QStringList networks;
    for (const QString &network : LabCatalog::networks())
        networks.append(networkMoref(network));
    LabObject hostObject{latin(host), "HostSystem", {}, {}};
    const DataNode summary = DataNode::object("HostListSummary")
                                 .add("host", DataNode::reference("HostSystem", latin(host)))
                                 .add("config",
                                      DataNode::object("HostConfigSummary")
                                          .add("name", DataNode::string(latin(hostName)))
                                          .add("port", DataNode::integer(443))
                                          .add("product", about())
                                          .add("vmotionEnabled", DataNode::boolean(false))
                                          .add("faultToleranceEnabled", DataNode::boolean(false)))
                                 .add("overallStatus", DataNode::scalar("ManagedEntityStatus", u"green"_s));
    hostObject.set(u"name"_s, DataNode::string(latin(hostName)))
        .set(u"parent"_s, DataNode::reference("ComputeResource", latin(computeResource)))
        .set(u"summary"_s, summary)
        .set(u"runtime"_s,
             DataNode::object("HostRuntimeInfo")
                 .add("connectionState", DataNode::string(u"connected"_s))
                 .add("powerState", DataNode::string(u"poweredOn"_s))
                 .add("inMaintenanceMode", DataNode::boolean(false)))
        .set(u"datastore"_s, references("Datastore", {latin(datastoreMoref)}))
        .set(u"network"_s, references("Network", networks))
        .set(u"vm"_s, references("VirtualMachine", vmMorefs))
        .set(u"overallStatus"_s, DataNode::scalar("ManagedEntityStatus", u"green"_s));
    m_objects.add(hostObject);
}

DataNode LabInventory::about()
{
    return DataNode::object("AboutInfo")
        .add("name", DataNode::string(u"VMware ESXi"_s))
        .add("fullName", DataNode::string(u"VMware ESXi 8.0.2 build-22380479"_s))
        .add("vendor", DataNode::string(u"VMware, Inc."_s))
        .add("version", DataNode::string(u"8.0.2"_s))
        .add("patchLevel", DataNode::string(u"0.0"_s))
        .add("build", DataNode::string(u"22380479"_s))
        .add("localeVersion", DataNode::string(u"INTL"_s))
        .add("localeBuild", DataNode::string(u"000"_s))
        .add("osType", DataNode::string(u"vmnix-x86"_s))
        .add("productLineId", DataNode::string(u"embeddedEsx"_s))
        .add("apiType", DataNode::string(u"HostAgent"_s))
        .add("apiVersion", DataNode::string(u"8.0.2.0"_s))
        .add("licenseProductName", DataNode::string(u"VMware ESX Server"_s))
        .add("licenseProductVersion", DataNode::string(u"8.0"_s));
}

DataNode LabInventory::serviceContent() const
{
    auto ref = [](const QByteArray &type, const char *value) { return DataNode::reference(type, latin(value)); };
    return DataNode::object("ServiceContent")
        .add("rootFolder", ref("Folder", rootFolder))
        .add("propertyCollector", ref("PropertyCollector", "ha-property-collector"))
        .add("viewManager", ref("ViewManager", "ViewManager"))
        .add("about", about())
        .add("setting", ref("OptionManager", "HostAgentSettings"))
        .add("userDirectory", ref("UserDirectory", "ha-user-directory"))
        .add("sessionManager", ref("SessionManager", "ha-sessionmgr"))
        .add("authorizationManager", ref("AuthorizationManager", "ha-authmgr"))
        .add("serviceManager", ref("ServiceManager", "ha-servicemanager"))
        .add("perfManager", ref("PerformanceManager", "ha-perfmgr"))
        .add("eventManager", ref("EventManager", "ha-eventmgr"))
        .add("taskManager", ref("TaskManager", "ha-taskmgr"))
        .add("accountManager", ref("HostLocalAccountManager", "ha-localacctmgr"))
        .add("diagnosticManager", ref("DiagnosticManager", "ha-diagnosticmgr"))
        .add("licenseManager", ref("LicenseManager", "ha-license-manager"))
        .add("searchIndex", ref("SearchIndex", "ha-searchindex"))
        .add("fileManager", ref("FileManager", "ha-nfc-file-manager"))
        .add("virtualDiskManager", ref("VirtualDiskManager", "ha-vdiskmanager"))
        .add("ovfManager", ref("OvfManager", "ha-ovf-manager"))
        .add("dvSwitchManager", ref("DistributedVirtualSwitchManager", "ha-dvsmanager"))
        .add("localizationManager", ref("LocalizationManager", "ha-l10n-manager"))
        .add("storageResourceManager", ref("StorageResourceManager", "ha-storage-resource-manager"))
        .add("guestOperationsManager", ref("GuestOperationsManager", "ha-guest-operations-manager"));
}

} // namespace Ferry::Lab
