#pragma once

#include "managedobjectref.h"
#include "retrieveresult.h"

#include <QHash>
#include <QList>
#include <QString>

namespace Ferry {

// Where a VM sits in a vCenter: the host it runs on (runtime.host), that host's
// cluster, and the VM folder path below its datacenter's "vm" folder.
struct VmPlacement
{
    QString host;    // HostSystem name, e.g. "esx-07.example.com"
    QString cluster; // ClusterComputeResource name; empty for a standalone host
    QString folder;  // "Prod/Web"; empty when the VM is in the datacenter's vm folder
};

// The inventory's containers (Datacenter, Folder, ComputeResource, HostSystem), each
// with its name and parent, read by the same RetrievePropertiesEx that lists the
// datacenters. Answers where a VM sits from the VM's parent and runtime.host morefs.
// A folder chain that loops or leaves the objects read gives an empty folder, an
// unknown host an empty host and cluster: never an error.
class InventoryTree
{
public:
    InventoryTree() = default;
    explicit InventoryTree(const QList<ObjectContent> &objects);

    VmPlacement placement(const ManagedObjectRef &parentFolder, const ManagedObjectRef &host) const;

private:
    struct Node
    {
        QString type;
        QString name;
        ManagedObjectRef parent;
    };

    QString folderPath(const ManagedObjectRef &folder) const;

    QHash<QString, Node> m_nodes; // moref -> node
};

} // namespace Ferry
