#include "deviceparser.h"

#include "base/diskcapacity.h"
#include "xmlelement.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

struct Controller
{
    QString type;
    int bus = 0;
};

DiskBacking backingKind(const QString &xsiType)
{
    if (xsiType == u"VirtualDiskFlatVer2BackingInfo" || xsiType == u"VirtualDiskFlatVer1BackingInfo")
        return DiskBacking::Flat;
    if (xsiType == u"VirtualDiskSparseVer2BackingInfo" || xsiType == u"VirtualDiskSparseVer1BackingInfo")
        return DiskBacking::Sparse;
    if (xsiType == u"VirtualDiskSeSparseBackingInfo")
        return DiskBacking::SeSparse;
    if (xsiType == u"VirtualDiskRawDiskMappingVer1BackingInfo" || xsiType == u"VirtualDiskRawDiskVer2BackingInfo")
        return DiskBacking::Rdm;
    return DiskBacking::Other;
}

// The device's label for messages: "Hard disk 1", else its key.
QString deviceName(const XmlElement &device)
{
    const QString label = device.find(u"deviceInfo.label") ? device.find(u"deviceInfo.label")->text() : QString();
    return label.isEmpty() ? u"device %1"_s.arg(device.childText(u"key").trimmed().left(20)) : label;
}

Result<QHash<qint64, Controller>> readControllers(const XmlElement &devices)
{
    QHash<qint64, Controller> controllers;
    for (const XmlElement &device : devices.children()) {
        const QString type = DeviceParser::controllerType(device.xsiType());
        if (type.isEmpty())
            continue;
        auto key = device.childInteger(u"key", -1);
        auto bus = device.childInteger(u"busNumber", 0);
        if (!key || !bus)
            return std::unexpected((key ? bus.error() : key.error()).prefixed(deviceName(device)));
        controllers.insert(*key, {type, int(*bus)});
    }
    return controllers;
}

// capacityInBytes, or capacityInKB from servers older than vSphere 5.5 (or when the bytes
// are 0), bounded by what a VMDK can hold before anything is sized from it.
Result<qint64> diskCapacity(const XmlElement &disk)
{
    auto bytes = disk.childInteger(u"capacityInBytes", 0);
    if (!bytes)
        return bytes;
    if (*bytes == 0) {
        auto kilobytes = disk.childInteger(u"capacityInKB", 0);
        if (!kilobytes)
            return kilobytes;
        if (*kilobytes < 0 || *kilobytes > DiskCapacity::maximum / 1024)
            return fail(ErrorCode::Protocol, u"the server sent an impossible disk capacity of %1 KB"_s.arg(*kilobytes));
        bytes = *kilobytes * 1024;
    }
    if (auto valid = DiskCapacity::check(*bytes); !valid)
        return std::unexpected(valid.error());
    return *bytes;
}

Result<void> readBacking(const XmlElement *backing, DiskInfo &disk)
{
    if (!backing) {
        disk.backing = DiskBacking::Other;
        return {};
    }
    disk.backing = backingKind(backing->xsiType());
    disk.fileName = backing->childText(u"fileName");
    std::tie(disk.datastore, disk.path) = DeviceParser::splitDatastorePath(disk.fileName);
    disk.diskMode = backing->childText(u"diskMode").trimmed();
    auto thin = backing->childBool(u"thinProvisioned", false);
    if (!thin)
        return std::unexpected(thin.error());
    disk.thin = *thin;
    disk.snapshotDelta = backing->child(u"parent") != nullptr;
    disk.encrypted = backing->child(u"keyId") != nullptr;
    return {};
}

Result<DiskInfo> readDisk(const XmlElement &device, const QHash<qint64, Controller> &controllers)
{
    DiskInfo disk;
    auto key = device.childInteger(u"key", 0);
    auto controllerKey = device.childInteger(u"controllerKey", -1);
    auto unit = device.childInteger(u"unitNumber", 0);
    auto capacity = diskCapacity(device);
    for (const auto *value : {&key, &controllerKey, &unit, &capacity}) {
        if (!*value)
            return std::unexpected(value->error());
    }
    disk.key = int(*key);
    disk.label = device.find(u"deviceInfo.label") ? device.find(u"deviceInfo.label")->text() : QString();
    disk.unitNumber = int(*unit);
    disk.capacity = *capacity;
    const Controller controller = controllers.value(*controllerKey, {u"other"_s, 0});
    disk.controllerType = controller.type;
    disk.controllerBus = controller.bus;
    if (auto backing = readBacking(device.child(u"backing"), disk); !backing)
        return std::unexpected(backing.error());
    return disk;
}

Result<NicInfo> readNic(const XmlElement &device, const QString &model, const QHash<QString, QString> &portgroupNames)
{
    NicInfo nic;
    auto key = device.childInteger(u"key", 0);
    if (!key)
        return std::unexpected(key.error());
    nic.key = int(*key);
    nic.model = model;
    nic.label = device.find(u"deviceInfo.label") ? device.find(u"deviceInfo.label")->text() : QString();
    nic.macAddress = device.childText(u"macAddress").trimmed().toLower();
    nic.addressType = device.childText(u"addressType").trimmed();
    if (const XmlElement *backing = device.child(u"backing")) {
        if (const XmlElement *port = backing->child(u"port")) {
            nic.portgroupKey = port->childText(u"portgroupKey").trimmed();
            nic.network = portgroupNames.value(nic.portgroupKey, nic.portgroupKey);
        } else if (backing->child(u"opaqueNetworkId")) {
            nic.network = backing->childText(u"opaqueNetworkId").trimmed();
        } else {
            nic.network = backing->childText(u"deviceName");
        }
    }
    if (const XmlElement *connectable = device.child(u"connectable")) {
        // What the NIC does at power-on (startConnected), not whether it is connected now:
        // every NIC of a powered-off VM reads "connected": false.
        auto connected = connectable->childBool(u"connected", true);
        if (!connected)
            return std::unexpected(connected.error());
        auto atPowerOn = connectable->childBool(u"startConnected", *connected);
        if (!atPowerOn)
            return std::unexpected(atPowerOn.error());
        nic.connected = *atPowerOn;
    }
    return nic;
}

} // namespace

Result<VmDevices> DeviceParser::parse(const XmlElement &devices, const QHash<QString, QString> &portgroupNames)
{
    auto controllers = readControllers(devices);
    if (!controllers)
        return std::unexpected(controllers.error());
    VmDevices out;
    for (const XmlElement &device : devices.children()) {
        if (device.xsiType() == u"VirtualDisk") {
            auto disk = readDisk(device, *controllers);
            if (!disk)
                return std::unexpected(disk.error().prefixed(deviceName(device)));
            out.disks.append(*disk);
            continue;
        }
        QString model = nicModel(device.xsiType());
        if (model.isEmpty() && device.child(u"macAddress"))
            model = u"other"_s; // an Ethernet card type newer than this parser
        if (model.isEmpty())
            continue;
        auto nic = readNic(device, model, portgroupNames);
        if (!nic)
            return std::unexpected(nic.error().prefixed(deviceName(device)));
        out.nics.append(*nic);
    }
    return out;
}

std::pair<QString, QString> DeviceParser::splitDatastorePath(const QString &fileName)
{
    static const QRegularExpression pattern(u"^\\s*\\[([^\\]]*)\\]\\s*(.*)$"_s);
    const QRegularExpressionMatch match = pattern.match(fileName);
    if (!match.hasMatch())
        return {QString(), fileName};
    return {match.captured(1), match.captured(2)};
}

QString DeviceParser::controllerType(const QString &xsiType)
{
    static const QHash<QString, QString> types = {
        {u"ParaVirtualSCSIController"_s, u"pvscsi"_s},
        {u"VirtualLsiLogicController"_s, u"lsilogic"_s},
        {u"VirtualLsiLogicSASController"_s, u"lsilogic-sas"_s},
        {u"VirtualBusLogicController"_s, u"buslogic"_s},
        {u"VirtualAHCIController"_s, u"sata"_s},
        {u"VirtualNVMEController"_s, u"nvme"_s},
        {u"VirtualIDEController"_s, u"ide"_s},
    };
    return types.value(xsiType);
}

QString DeviceParser::nicModel(const QString &xsiType)
{
    static const QHash<QString, QString> models = {
        {u"VirtualVmxnet3"_s, u"vmxnet3"_s}, {u"VirtualVmxnet3Vrdma"_s, u"vmxnet3"_s},
        {u"VirtualVmxnet2"_s, u"vmxnet2"_s}, {u"VirtualVmxnet"_s, u"vmxnet"_s},
        {u"VirtualE1000"_s, u"e1000"_s},     {u"VirtualE1000e"_s, u"e1000e"_s},
        {u"VirtualPCNet32"_s, u"pcnet32"_s}, {u"VirtualSriovEthernetCard"_s, u"sriov"_s},
    };
    return models.value(xsiType);
}

} // namespace Ferry
