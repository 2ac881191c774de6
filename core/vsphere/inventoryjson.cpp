#include "inventoryjson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QJsonObject hostJson(const HostInfo &host)
{
    return {{u"fullName"_s, host.fullName},        {u"product"_s, host.product},
            {u"version"_s, host.version},          {u"build"_s, host.build},
            {u"apiVersion"_s, host.apiVersion},    {u"apiType"_s, toString(host.apiType)},
            {u"instanceUuid"_s, host.instanceUuid}};
}

QJsonObject datastoreJson(const DatastoreInfo &store)
{
    return {
        {u"name"_s, store.name}, {u"moref"_s, store.moref},       {u"datacenter"_s, store.datacenter}, {u"url"_s, store.url},
        {u"type"_s, store.type}, {u"capacity"_s, store.capacity}, {u"freeSpace"_s, store.freeSpace},   {u"accessible"_s, store.accessible}};
}

QJsonObject networkJson(const NetworkInfo &network)
{
    return {{u"name"_s, network.name},
            {u"moref"_s, network.moref},
            {u"datacenter"_s, network.datacenter},
            {u"distributed"_s, network.distributed},
            {u"portgroupKey"_s, network.portgroupKey}};
}

template<typename T, typename F>
QJsonArray arrayOf(const QList<T> &items, F convert)
{
    QJsonArray out;
    for (const T &item : items)
        out.append(convert(item));
    return out;
}

} // namespace

QJsonObject InventoryJson::toJson(const Inventory &inventory)
{
    QJsonObject out;
    out[u"host"_s] = hostJson(inventory.host);
    out[u"datacenters"_s] = arrayOf(inventory.datacenters, [](const DatacenterInfo &dc) {
        return QJsonObject{{u"name"_s, dc.name}, {u"moref"_s, dc.moref}, {u"path"_s, dc.path}};
    });
    out[u"datastores"_s] = arrayOf(inventory.datastores, datastoreJson);
    out[u"networks"_s] = arrayOf(inventory.networks, networkJson);
    out[u"vms"_s] = arrayOf(inventory.vms, [](const VmInfo &vm) { return toJson(vm); });
    return out;
}

QJsonObject InventoryJson::toJson(const VmInfo &vm)
{
    QJsonObject out{{u"name"_s, vm.name},
                    {u"moref"_s, vm.moref},
                    {u"datacenter"_s, vm.datacenter},
                    {u"datacenterPath"_s, vm.datacenterPath},
                    {u"host"_s, vm.host},
                    {u"cluster"_s, vm.cluster},
                    {u"folder"_s, vm.folder},
                    {u"uuid"_s, vm.uuid},
                    {u"instanceUuid"_s, vm.instanceUuid},
                    {u"powerState"_s, toString(vm.powerState)},
                    {u"guestId"_s, vm.guestId},
                    {u"guestFullName"_s, vm.guestFullName},
                    {u"firmware"_s, toString(vm.firmware)},
                    {u"secureBoot"_s, vm.secureBoot},
                    {u"numCpu"_s, vm.numCpu},
                    {u"coresPerSocket"_s, vm.coresPerSocket},
                    {u"memoryMB"_s, vm.memoryMB},
                    {u"vmxPath"_s, vm.vmxPath},
                    {u"hardwareVersion"_s, vm.hardwareVersion},
                    {u"changeTracking"_s, vm.changeTracking},
                    {u"snapshotCount"_s, vm.snapshotCount},
                    {u"currentSnapshot"_s, vm.currentSnapshot},
                    {u"template"_s, vm.template_},
                    {u"committedBytes"_s, vm.committedBytes}};
    out[u"disks"_s] = arrayOf(vm.disks, [](const DiskInfo &disk) { return toJson(disk); });
    out[u"nics"_s] = arrayOf(vm.nics, [](const NicInfo &nic) { return toJson(nic); });
    return out;
}

QJsonObject InventoryJson::toJson(const DiskInfo &disk)
{
    return {{u"key"_s, disk.key},
            {u"label"_s, disk.label},
            {u"controllerType"_s, disk.controllerType},
            {u"controllerBus"_s, disk.controllerBus},
            {u"unitNumber"_s, disk.unitNumber},
            {u"fileName"_s, disk.fileName},
            {u"datastore"_s, disk.datastore},
            {u"path"_s, disk.path},
            {u"capacity"_s, disk.capacity},
            {u"thin"_s, disk.thin},
            {u"diskMode"_s, disk.diskMode},
            {u"backing"_s, toString(disk.backing)},
            {u"snapshotDelta"_s, disk.snapshotDelta},
            {u"encrypted"_s, disk.encrypted}};
}

QJsonObject InventoryJson::toJson(const NicInfo &nic)
{
    return {{u"key"_s, nic.key},
            {u"label"_s, nic.label},
            {u"model"_s, nic.model},
            {u"macAddress"_s, nic.macAddress},
            {u"addressType"_s, nic.addressType},
            {u"network"_s, nic.network},
            {u"portgroupKey"_s, nic.portgroupKey},
            {u"connected"_s, nic.connected}};
}

} // namespace Ferry
