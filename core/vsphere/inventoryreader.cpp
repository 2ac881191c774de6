#include "inventoryreader.h"

#include "soapsession.h"
#include "vmparser.h"
#include "xmlelement.h"

#include <QPointer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Folder nesting deeper than this is a loop in the parent chain.
constexpr int maxFolderDepth = 64;

QString propertyText(const ObjectContent &object, const QString &path)
{
    const XmlElement *value = object.property(path);
    return value ? value->text() : QString();
}

template<typename T>
void sortByDatacenterAndName(QList<T> &items)
{
    std::stable_sort(items.begin(), items.end(), [](const T &a, const T &b) {
        if (a.datacenter != b.datacenter)
            return a.datacenter < b.datacenter;
        return a.name < b.name;
    });
}

} // namespace

InventoryReader::InventoryReader(SoapSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
}

void InventoryReader::setPageSize(int objects)
{
    m_pageSize = qMax(1, objects);
}

QList<PropertySpec> InventoryReader::datacenterSpecs()
{
    // ComputeResource also selects ClusterComputeResource; hosts and compute resources
    // place each VM (InventoryTree), folders give datacenter paths and VM folders.
    const QStringList paths{u"name"_s, u"parent"_s};
    return {{u"Datacenter"_s, paths}, {u"Folder"_s, paths}, {u"ComputeResource"_s, paths}, {u"HostSystem"_s, paths}};
}

QList<PropertySpec> InventoryReader::networkSpecs()
{
    return {{u"Network"_s, {u"name"_s}}, {u"DistributedVirtualPortgroup"_s, {u"name"_s, u"key"_s}}};
}

QList<PropertySpec> InventoryReader::datastoreSpecs()
{
    return {{u"Datastore"_s,
             {u"name"_s, u"summary.url"_s, u"summary.type"_s, u"summary.capacity"_s, u"summary.freeSpace"_s, u"summary.accessible"_s}}};
}

QList<PropertySpec> InventoryReader::vmSpecs()
{
    return {{u"VirtualMachine"_s, VmParser::propertyPaths() + QStringList{u"parent"_s, u"runtime.host"_s}}};
}

void InventoryReader::start()
{
    if (m_running)
        return;
    m_running = true;
    m_inventory = {};
    m_portgroupNames.clear();
    m_tree = {};
    if (m_session->isLoggedIn())
        return readDatacenters();
    QPointer<InventoryReader> self(this);
    m_session->connectToHost([self](Result<ServiceContent> content) {
        InventoryReader *reader = self.data();
        if (!reader)
            return;
        if (!content)
            return reader->fail(content.error());
        reader->readDatacenters();
    });
}

void InventoryReader::readDatacenters()
{
    m_inventory.host = m_session->serviceContent().about;
    const ManagedObjectRef root = m_session->serviceContent().rootFolder;
    QPointer<InventoryReader> self(this);
    PropertyCollector(m_session, m_pageSize).retrieve(root, datacenterSpecs(), [self, root](Result<QList<ObjectContent>> objects) {
        InventoryReader *reader = self.data();
        if (!reader)
            return;
        if (!objects)
            return reader->fail(objects.error().prefixed(u"listing datacenters"_s));
        reader->m_inventory.datacenters = datacentersFromObjects(*objects, root);
        reader->m_tree = InventoryTree(*objects);
        reader->readStep(0, Step::Networks);
    });
}

void InventoryReader::readStep(qsizetype datacenter, Step step)
{
    if (datacenter >= m_inventory.datacenters.size())
        return complete();
    const DatacenterInfo info = m_inventory.datacenters.at(datacenter);
    const QList<PropertySpec> specs = step == Step::Networks ? networkSpecs() : step == Step::Datastores ? datastoreSpecs() : vmSpecs();
    QPointer<InventoryReader> self(this);
    PropertyCollector(m_session, m_pageSize)
        .retrieve({u"Datacenter"_s, info.moref}, specs, [self, info, datacenter, step](Result<QList<ObjectContent>> objects) {
            InventoryReader *reader = self.data();
            if (!reader)
                return;
            if (!objects)
                return reader->fail(objects.error().prefixed(u"datacenter '%1'"_s.arg(info.path)));
            if (auto absorbed = reader->absorb(info, step, *objects); !absorbed)
                return reader->fail(absorbed.error().prefixed(u"datacenter '%1'"_s.arg(info.path)));
            if (step == Step::Vms)
                return reader->readStep(datacenter + 1, Step::Networks);
            reader->readStep(datacenter, step == Step::Networks ? Step::Datastores : Step::Vms);
        });
}

Result<void> InventoryReader::absorb(const DatacenterInfo &datacenter, Step step, const QList<ObjectContent> &objects)
{
    for (const ObjectContent &object : objects) {
        if (step == Step::Networks) {
            NetworkInfo network = networkFromObject(object, datacenter.name);
            if (network.distributed && !network.portgroupKey.isEmpty())
                m_portgroupNames.insert(network.portgroupKey, network.name);
            m_inventory.networks.append(network);
        } else if (step == Step::Datastores) {
            auto store = datastoreFromObject(object, datacenter.name);
            if (!store)
                return std::unexpected(store.error());
            m_inventory.datastores.append(*store);
        } else {
            auto vm = VmParser::parse(object, m_portgroupNames);
            if (!vm)
                return std::unexpected(vm.error());
            vm->datacenter = datacenter.name;
            vm->datacenterPath = datacenter.path;
            const VmPlacement placement = m_tree.placement(ManagedObjectRef::fromElement(object.property(u"parent"_s)),
                                                           ManagedObjectRef::fromElement(object.property(u"runtime.host"_s)));
            vm->host = placement.host;
            vm->cluster = placement.cluster;
            vm->folder = placement.folder;
            m_inventory.vms.append(*vm);
        }
    }
    return {};
}

Result<DatastoreInfo> InventoryReader::datastoreFromObject(const ObjectContent &object, const QString &datacenter)
{
    DatastoreInfo store;
    store.moref = object.obj.value;
    store.name = propertyText(object, u"name"_s);
    store.datacenter = datacenter;
    store.url = propertyText(object, u"summary.url"_s).trimmed();
    store.type = propertyText(object, u"summary.type"_s).trimmed();
    const std::pair<const char16_t *, qint64 *> sizes[] = {{u"summary.capacity", &store.capacity},
                                                           {u"summary.freeSpace", &store.freeSpace}};
    for (const auto &[path, target] : sizes) {
        if (const XmlElement *value = object.property(QString::fromUtf16(path))) {
            auto number = value->toInteger();
            if (!number)
                return Ferry::fail(ErrorCode::Protocol,
                                   u"datastore '%1': %2 is '%3', not a number"_s.arg(store.name, QStringView(path),
                                                                                     value->text().left(40)));
            *target = *number;
        }
    }
    if (const XmlElement *value = object.property(u"summary.accessible"_s)) {
        auto accessible = value->toBool();
        if (!accessible)
            return Ferry::fail(ErrorCode::Protocol, u"datastore '%1': summary.accessible is not a boolean"_s.arg(store.name));
        store.accessible = *accessible;
    }
    return store;
}

NetworkInfo InventoryReader::networkFromObject(const ObjectContent &object, const QString &datacenter)
{
    NetworkInfo network;
    network.moref = object.obj.value;
    network.name = propertyText(object, u"name"_s);
    network.datacenter = datacenter;
    network.distributed = object.obj.type == u"DistributedVirtualPortgroup";
    if (network.distributed)
        network.portgroupKey = propertyText(object, u"key"_s).trimmed();
    return network;
}

QList<DatacenterInfo> InventoryReader::datacentersFromObjects(const QList<ObjectContent> &objects, const ManagedObjectRef &rootFolder)
{
    QHash<QString, std::pair<QString, ManagedObjectRef>> folders; // moref -> (name, parent)
    for (const ObjectContent &object : objects) {
        if (object.obj.type == u"Folder")
            folders.insert(object.obj.value,
                           {propertyText(object, u"name"_s), ManagedObjectRef::fromElement(object.property(u"parent"_s))});
    }
    QList<DatacenterInfo> datacenters;
    for (const ObjectContent &object : objects) {
        if (object.obj.type != u"Datacenter")
            continue;
        DatacenterInfo datacenter{object.obj.value, propertyText(object, u"name"_s), {}};
        QStringList parts{datacenter.name};
        ManagedObjectRef parent = ManagedObjectRef::fromElement(object.property(u"parent"_s));
        for (int depth = 0; depth < maxFolderDepth && !parent.isNull() && parent.value != rootFolder.value; ++depth) {
            const auto folder = folders.constFind(parent.value);
            if (folder == folders.constEnd())
                break;
            parts.prepend(folder->first);
            parent = folder->second;
        }
        datacenter.path = parts.join(u'/');
        datacenters.append(datacenter);
    }
    std::sort(datacenters.begin(), datacenters.end(), [](const DatacenterInfo &a, const DatacenterInfo &b) { return a.path < b.path; });
    return datacenters;
}

void InventoryReader::complete()
{
    sortByDatacenterAndName(m_inventory.vms);
    sortByDatacenterAndName(m_inventory.datastores);
    sortByDatacenterAndName(m_inventory.networks);
    m_running = false;
    Q_EMIT finished(m_inventory);
}

void InventoryReader::fail(const Error &error)
{
    m_running = false;
    Q_EMIT finished(std::unexpected(error));
}

} // namespace Ferry
