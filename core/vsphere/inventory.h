#pragma once

#include "base/error.h"

#include <QList>
#include <QString>

namespace Ferry {

// The inventory model: plain values filled from vim25 PropertyCollector results
// (InventoryReader) and read by the transfer engine, the planner and the UI.
// Stable JSON key names are produced by inventoryjson.{h,cpp}.

enum class ApiType { HostAgent, VirtualCenter };
enum class PowerState { PoweredOff, PoweredOn, Suspended };
enum class Firmware { Bios, Efi };
enum class DiskBacking { Flat, Sparse, SeSparse, Rdm, Other };

struct HostInfo
{
    QString fullName;   // "VMware ESXi 8.0.2 build-22380479"
    QString product;    // about.name, e.g. "VMware ESXi"
    QString version;    // "8.0.2"
    QString build;      // "22380479"
    QString apiVersion; // "8.0.2.0"
    ApiType apiType = ApiType::HostAgent;
    QString instanceUuid;
};

struct DatacenterInfo
{
    QString moref;
    QString name;
    QString path; // inventory path used as dcPath, e.g. "ha-datacenter" or "Folder/DC1"
};

struct DatastoreInfo
{
    QString moref;
    QString name;
    QString datacenter;   // datacenter name
    QString url;          // ds:///vmfs/volumes/<uuid>/
    QString type;         // VMFS, NFS, vsan, ...
    qint64 capacity = 0;  // bytes
    qint64 freeSpace = 0; // bytes
    bool accessible = true;
};

struct NetworkInfo
{
    QString moref;
    QString name;
    QString datacenter;
    bool distributed = false; // a DistributedVirtualPortgroup
    QString portgroupKey;     // DVS port group key, empty for standard networks
};

struct DiskInfo
{
    int key = 0;            // device key, e.g. 2000
    QString label;          // "Hard disk 1"
    QString controllerType; // "pvscsi", "lsilogic", "lsilogic-sas", "buslogic", "sata", "nvme", "ide"
    int controllerBus = 0;  // busNumber of the controller
    int unitNumber = 0;
    QString fileName;    // "[datastore1] vm/vm.vmdk"
    QString datastore;   // datastore name parsed from fileName
    QString path;        // "vm/vm.vmdk" parsed from fileName
    qint64 capacity = 0; // bytes, capacityInBytes or capacityInKB * 1024
    bool thin = false;
    QString diskMode; // persistent, independent_persistent, ...
    DiskBacking backing = DiskBacking::Flat;
    bool snapshotDelta = false; // the backing has a parent: the VM runs on a delta
    bool encrypted = false;
    // The file that holds the raw bytes: "vm/vm-flat.vmdk" for a flat disk.
    QString flatPath() const;
};

struct NicInfo
{
    int key = 0;
    QString label;        // "Network adapter 1"
    QString model;        // "vmxnet3", "e1000", "e1000e", "pcnet32", "vmxnet2"
    QString macAddress;   // lower-case "00:50:56:..."
    QString addressType;  // generated, manual, assigned
    QString network;      // network or port group name
    QString portgroupKey; // for distributed port groups
    bool connected = true;
};

struct VmInfo
{
    QString moref;
    QString name;
    QString datacenter;     // datacenter name
    QString datacenterPath; // dcPath for /folder URLs
    QString host;           // name of the HostSystem it runs on (runtime.host)
    QString cluster;        // that host's cluster; empty for a standalone host
    QString folder;         // VM folder path below the datacenter's vm folder, "" at its top
    QString uuid;           // config.uuid (BIOS UUID)
    QString instanceUuid;
    PowerState powerState = PowerState::PoweredOff;
    QString guestId; // "rhel8_64Guest"
    QString guestFullName;
    Firmware firmware = Firmware::Bios;
    bool secureBoot = false;
    int numCpu = 1;
    int coresPerSocket = 1;
    qint64 memoryMB = 0;
    QString vmxPath;         // "[datastore1] vm/vm.vmx"
    QString hardwareVersion; // "vmx-19"
    bool changeTracking = false;
    int snapshotCount = 0;
    QString currentSnapshot; // name of the current snapshot, empty if none
    bool template_ = false;
    // summary.storage.committed: bytes the VM's files take on its datastores (disks,
    // snapshots, swap, logs), i.e. the used size next to the disks' provisioned capacity.
    qint64 committedBytes = -1; // -1 when the source does not say
    QList<DiskInfo> disks;
    QList<NicInfo> nics;

    // "F0/DC1/Prod/web01": datacenter path, VM folder and name, for people.
    QString inventoryPath() const;
};

struct Inventory
{
    HostInfo host;
    QList<DatacenterInfo> datacenters;
    QList<DatastoreInfo> datastores;
    QList<NetworkInfo> networks;
    QList<VmInfo> vms;

    // The first VM of that name (inventory order); see uniqueVm() for the batch.
    const VmInfo *findVm(const QString &name) const;
    // The VM of that name; a NotFound error when there is none, a Usage error naming
    // the datacenters and folders when two VMs share it (two datacenters, two folders):
    // Ferry names a VM's output folder, domain and report by its name alone.
    Result<const VmInfo *> uniqueVm(const QString &name) const;
    // How many VMs are called name.
    int countNamed(const QString &name) const;
};

QString toString(ApiType type);
QString toString(PowerState state);
QString toString(Firmware firmware);
QString toString(DiskBacking backing);

} // namespace Ferry
