#pragma once

#include "inventory.h"

#include <QJsonObject>

namespace Ferry {

// The inventory as JSON: `ferry-cli inventory --json` prints it, tests compare it.
// Keys are stable camelCase and part of Ferry's contract; sizes are JSON numbers in
// bytes; VMs are sorted by datacenter, then name (the InventoryReader's order).
//
// {
//   "host": { "fullName", "product", "version", "build", "apiVersion",
//             "apiType": "HostAgent" | "VirtualCenter", "instanceUuid" },
//   "datacenters": [ { "name", "moref",
//                      "path"            inventory path, the dcPath of /folder URLs } ],
//   "datastores":  [ { "name", "moref", "datacenter", "url", "type",
//                      "capacity", "freeSpace" (bytes), "accessible" (bool) } ],
//   "networks":    [ { "name", "moref", "datacenter",
//                      "distributed" (bool: a DistributedVirtualPortgroup),
//                      "portgroupKey"    empty for standard networks } ],
//   "vms": [ {
//       "name", "moref", "datacenter", "datacenterPath",
//       "host"            name of the ESXi host it runs on (runtime.host),
//       "cluster"         that host's cluster, "" for a standalone host,
//       "folder"          VM folder path below the datacenter's vm folder, "" at its top,
//       "uuid"            config.uuid (BIOS UUID), "instanceUuid",
//       "powerState":     "poweredOn" | "poweredOff" | "suspended",
//       "guestId"         API spelling, e.g. "rhel8_64Guest", "guestFullName",
//       "firmware":       "bios" | "efi", "secureBoot" (bool),
//       "numCpu", "coresPerSocket", "memoryMB",
//       "vmxPath"         "[datastore1] vm/vm.vmx",
//       "hardwareVersion" "vmx-19", "changeTracking" (bool),
//       "snapshotCount"   all nodes of the snapshot tree,
//       "currentSnapshot" name, "" when none, "template" (bool),
//       "committedBytes"  summary.storage.committed: bytes the VM's files use on
//                         its datastores; -1 when the source does not say,
//       "disks": [ { "key", "label",
//                    "controllerType": "pvscsi" | "lsilogic" | "lsilogic-sas" | "buslogic" |
//                                      "sata" | "nvme" | "ide" | "other",
//                    "controllerBus", "unitNumber",
//                    "fileName" "[ds] dir/x.vmdk", "datastore" "ds", "path" "dir/x.vmdk",
//                    "capacity" (bytes), "thin" (bool), "diskMode",
//                    "backing": "flat" | "sparse" | "seSparse" | "rdm" | "other",
//                    "snapshotDelta" (bool: backing has a parent),
//                    "encrypted" (bool) } ],
//       "nics":  [ { "key", "label",
//                    "model": "vmxnet3" | "vmxnet2" | "vmxnet" | "e1000" | "e1000e" |
//                             "pcnet32" | "sriov" | "other",
//                    "macAddress" lower-case, "addressType" generated|manual|assigned,
//                    "network" network or port group name,
//                    "portgroupKey" (distributed port groups), "connected" (bool) } ]
//   } ]
// }
class InventoryJson
{
public:
    static QJsonObject toJson(const Inventory &inventory);
    static QJsonObject toJson(const VmInfo &vm);
    static QJsonObject toJson(const DiskInfo &disk);
    static QJsonObject toJson(const NicInfo &nic);
};

} // namespace Ferry
