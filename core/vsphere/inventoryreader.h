#pragma once

#include "base/error.h"
#include "inventory.h"
#include "inventorytree.h"
#include "propertycollector.h"
#include "retrieveresult.h"

#include <QHash>
#include <QObject>

namespace Ferry {

class SoapSession;

// Reads the whole inventory of an ESXi host or vCenter through a SoapSession:
// service content (host), datacenters with their inventory paths (walking Folder
// parents: "FolderA/DC1"; a root-level datacenter is just its name) read together with
// every Folder, ComputeResource and HostSystem (InventoryTree: each VM's host, cluster
// and folder), then per datacenter its networks, datastores and VMs (recursive
// ContainerViews).
//
// Connects and logs in first when the session is not logged in yet; never logs out
// (the caller owns the session). Thread affinity: the session's thread. Emits
// finished() exactly once per start(); destroying the reader before that is safe.
class InventoryReader final : public QObject
{
    Q_OBJECT

public:
    explicit InventoryReader(SoapSession *session, QObject *parent = nullptr);

    // Objects per RetrievePropertiesEx page (maxObjects).
    void setPageSize(int objects);
    // Starts reading; ignored while a read is already running.
    void start();

    // The property paths requested per type, exposed for tests and for ferry-lab.
    static QList<PropertySpec> datacenterSpecs();
    static QList<PropertySpec> networkSpecs();
    static QList<PropertySpec> datastoreSpecs();
    static QList<PropertySpec> vmSpecs();

    static NetworkInfo networkFromObject(const ObjectContent &object, const QString &datacenter);
    // A Protocol error when a size or flag is not what its type promises.
    static Result<DatastoreInfo> datastoreFromObject(const ObjectContent &object, const QString &datacenter);
    // Datacenter inventory paths from Datacenter and Folder objects (name + parent).
    static QList<DatacenterInfo> datacentersFromObjects(const QList<ObjectContent> &objects, const ManagedObjectRef &rootFolder);

Q_SIGNALS:
    void finished(const Ferry::Result<Ferry::Inventory> &result);

private:
    enum class Step { Networks, Datastores, Vms };

    void readDatacenters();
    void readStep(qsizetype datacenter, Step step);
    Result<void> absorb(const DatacenterInfo &datacenter, Step step, const QList<ObjectContent> &objects);
    void complete();
    void fail(const Error &error);

    SoapSession *m_session;
    int m_pageSize = PropertyCollector::defaultMaxObjects;
    bool m_running = false;
    Inventory m_inventory;
    QHash<QString, QString> m_portgroupNames; // distributed port group key -> name
    InventoryTree m_tree;
};

} // namespace Ferry

// GCC 12's std::expected declares an unconstrained operator==, so QMetaType would try
// to compare two Results (Error has no ==). Tell Qt it is not comparable.
template<>
struct QTypeTraits::has_operator_equal<Ferry::Result<Ferry::Inventory>> : std::false_type
{
};

Q_DECLARE_METATYPE(Ferry::Result<Ferry::Inventory>)
