#pragma once

#include "labvmspec.h"
#include "objecttable.h"

namespace Ferry::Lab {

// The managed objects of the lab host, named as a standalone ESXi 8 host names them:
// ha-folder-root > ha-datacenter > {ha-folder-vm, ha-folder-host, ha-folder-datastore,
// ha-folder-network}, host ha-host in compute resource ha-compute-res, VMs "1".."N".
// Read-only after construction; shared by all connection threads.
class LabInventory
{
public:
    static constexpr char rootFolder[] = "ha-folder-root";
    static constexpr char datacenter[] = "ha-datacenter";
    static constexpr char vmFolder[] = "ha-folder-vm";
    static constexpr char hostFolder[] = "ha-folder-host";
    static constexpr char datastoreFolder[] = "ha-folder-datastore";
    static constexpr char networkFolder[] = "ha-folder-network";
    static constexpr char computeResource[] = "ha-compute-res";
    static constexpr char host[] = "ha-host";
    static constexpr char resourcePool[] = "ha-root-pool";
    static constexpr char datastoreMoref[] = "64f0c1d2-3e4f5a6b-7c8d-000c29a1b2c3";
    static constexpr char hostName[] = "ferry-lab.localdomain";

    LabInventory(const QList<LabVmSpec> &vms, const QString &datastoreRoot);

    const ObjectTable &objects() const;
    // The RetrieveServiceContent returnval.
    DataNode serviceContent() const;
    // AboutInfo: ESXi 8.0.2 build-22380479, HostAgent, embeddedEsx.
    static DataNode about();
    // "HaNetwork-VM Network"
    static QString networkMoref(const QString &network);
    // ds:///vmfs/volumes/<uuid>/
    static QString datastorePath();

private:
    void addFolders(const QStringList &vmMorefs);
    void addDatastore(const QStringList &vmMorefs, const QList<LabVmSpec> &vms);
    void addNetworks(const QList<LabVmSpec> &vms, const QStringList &vmMorefs);
    void addHost(const QStringList &vmMorefs);

    ObjectTable m_objects;
    QString m_datastoreRoot;
};

} // namespace Ferry::Lab
