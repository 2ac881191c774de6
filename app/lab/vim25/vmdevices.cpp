#include "vmdevices.h"

#include "datastore/labfiles.h"
#include "labcatalog.h"
#include "labinventory.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

DataNode deviceInfo(const QString &label, const QString &summary)
{
    return DataNode::object("Description").add("label", DataNode::string(label)).add("summary", DataNode::string(summary));
}

DataNode device(const QByteArray &type, int key, const QString &label, const QString &summary)
{
    DataNode node = DataNode::object(type, true);
    node.add("key", DataNode::integer(key)).add("deviceInfo", deviceInfo(label, summary));
    return node;
}

DataNode pciSlot(int slot)
{
    return DataNode::object("VirtualDevicePciBusSlotInfo", true).add("pciSlotNumber", DataNode::integer(slot));
}

DataNode intArray(const QList<int> &values)
{
    DataNode array = DataNode::array("xsd:int");
    for (int value : values)
        array.append(DataNode::integer(value));
    return array;
}

struct ControllerKind
{
    QByteArray type;
    QString label;
    QString summary;
    int keyBase;
};

ControllerKind controllerKind(const QString &controller)
{
    if (controller == u"sata")
        return {"VirtualAHCIController", u"SATA controller "_s, u"AHCI"_s, 15000};
    if (controller == u"nvme")
        return {"VirtualNVMEController", u"NVME controller "_s, u"NVME controller"_s, 31000};
    if (controller == u"lsilogic")
        return {"VirtualLsiLogicController", u"SCSI controller "_s, u"LSI Logic"_s, 1000};
    return {"ParaVirtualSCSIController", u"SCSI controller "_s, u"VMware paravirtual SCSI"_s, 1000};
}

} // namespace

QString VmDevices::datastorePath(const LabVmSpec &vm, const QString &file)
{
    return u"[%1] %2/%3"_s.arg(QString::fromLatin1(LabCatalog::datastore), vm.directory(), file);
}

int VmDevices::controllerKey(const LabDiskSpec &disk)
{
    return controllerKind(disk.controller).keyBase + disk.bus;
}

int VmDevices::diskKey(const LabDiskSpec &disk)
{
    if (disk.controller == u"sata")
        return 16000 + disk.bus * 30 + disk.unit;
    if (disk.controller == u"nvme")
        return 32000 + disk.bus * 64 + disk.unit;
    return 2000 + disk.bus * 16 + disk.unit;
}

DataNode VmDevices::standardDevices(DataNode devices)
{
    devices.append(
        device("VirtualIDEController", 200, u"IDE 0"_s, u"IDE 0"_s).add("busNumber", DataNode::integer(0)).add("device", intArray({3000})));
    devices.append(device("VirtualIDEController", 201, u"IDE 1"_s, u"IDE 1"_s).add("busNumber", DataNode::integer(1)));
    devices.append(device("VirtualPS2Controller", 300, u"PS2 controller 0"_s, u"PS2 controller 0"_s)
                       .add("busNumber", DataNode::integer(0))
                       .add("device", intArray({600, 700})));
    devices.append(device("VirtualPCIController", 100, u"PCI controller 0"_s, u"PCI controller 0"_s)
                       .add("busNumber", DataNode::integer(0))
                       .add("device", intArray({500, 12000})));
    devices.append(
        device("VirtualSIOController", 400, u"SIO controller 0"_s, u"SIO controller 0"_s).add("busNumber", DataNode::integer(0)));
    devices.append(device("VirtualKeyboard", 600, u"Keyboard"_s, u"Keyboard"_s)
                       .add("controllerKey", DataNode::integer(300))
                       .add("unitNumber", DataNode::integer(0)));
    devices.append(device("VirtualPointingDevice", 700, u"Pointing device"_s, u"Pointing device; Device"_s)
                       .add("backing",
                            DataNode::object("VirtualPointingDeviceDeviceBackingInfo", true)
                                .add("deviceName", DataNode::string(QString()))
                                .add("useAutoDetect", DataNode::boolean(false))
                                .add("hostPointingDevice", DataNode::string(u"autodetect"_s)))
                       .add("controllerKey", DataNode::integer(300))
                       .add("unitNumber", DataNode::integer(1)));
    devices.append(device("VirtualMachineVideoCard", 500, u"Video card "_s, u"Video card"_s)
                       .add("controllerKey", DataNode::integer(100))
                       .add("unitNumber", DataNode::integer(0))
                       .add("videoRamSizeInKB", DataNode::integer(4096, "xsd:long"))
                       .add("numDisplays", DataNode::integer(1))
                       .add("useAutoDetect", DataNode::boolean(false))
                       .add("enable3DSupport", DataNode::boolean(false)));
    devices.append(device("VirtualMachineVMCIDevice", 12000, u"VMCI device"_s,
                          u"Device on the virtual machine PCI bus that provides support for the virtual machine communication interface"_s)
                       .add("slotInfo", pciSlot(32))
                       .add("controllerKey", DataNode::integer(100))
                       .add("unitNumber", DataNode::integer(17))
                       .add("id", DataNode::integer(-1, "xsd:long"))
                       .add("allowUnrestrictedCommunication", DataNode::boolean(false)));
    devices.append(device("VirtualCdrom", 3000, u"CD/DVD drive 1"_s, u"Remote device"_s)
                       .add("backing",
                            DataNode::object("VirtualCdromRemotePassthroughBackingInfo", true)
                                .add("deviceName", DataNode::string(QString()))
                                .add("useAutoDetect", DataNode::boolean(false))
                                .add("exclusive", DataNode::boolean(false)))
                       .add("connectable",
                            DataNode::object("VirtualDeviceConnectInfo")
                                .add("startConnected", DataNode::boolean(false))
                                .add("allowGuestControl", DataNode::boolean(true))
                                .add("connected", DataNode::boolean(false))
                                .add("status", DataNode::string(u"untried"_s)))
                       .add("controllerKey", DataNode::integer(200))
                       .add("unitNumber", DataNode::integer(0)));
    return devices;
}

DataNode VmDevices::controller(const LabVmSpec &vm, const LabDiskSpec &disk)
{
    const ControllerKind kind = controllerKind(disk.controller);
    QList<int> attached;
    for (const LabDiskSpec &other : vm.disks) {
        if (other.controller == disk.controller && other.bus == disk.bus)
            attached.append(diskKey(other));
    }
    DataNode node = device(kind.type, controllerKey(disk), kind.label + QString::number(disk.bus), kind.summary);
    node.add("slotInfo", pciSlot(160 + 32 * disk.bus))
        .add("controllerKey", DataNode::integer(100))
        .add("unitNumber", DataNode::integer(3 + disk.bus))
        .add("busNumber", DataNode::integer(disk.bus))
        .add("device", intArray(attached));
    if (kind.type.contains("SCSI") || kind.type.contains("LsiLogic")) {
        node.add("hotAddRemove", DataNode::boolean(true))
            .add("sharedBus", DataNode::scalar("VirtualSCSISharing", u"noSharing"_s))
            .add("scsiCtlrUnitNumber", DataNode::integer(7));
    }
    return node;
}

DataNode VmDevices::diskBacking(const LabVmSpec &vm, const LabDiskSpec &disk)
{
    const DataNode datastore = DataNode::reference("Datastore", QString::fromLatin1(LabInventory::datastoreMoref));
    const QString uuid = LabFiles::ddbUuid(vm, disk).remove(u' ').toUpper().insert(8, u'-').insert(13, u'-').insert(18, u'-').insert(23,
                                                                                                                                     u'-');
    if (disk.kind == LabDiskKind::Rdm) {
        const QString lun = u"0200000000600508b1001c5a3e"_s + LabFiles::cid(vm, disk, false) + u"4c4f47494341"_s;
        return DataNode::object("VirtualDiskRawDiskMappingVer1BackingInfo", true)
            .add("fileName", DataNode::string(datastorePath(vm, LabFiles::descriptorName(disk))))
            .add("datastore", datastore)
            .add("backingObjectId", DataNode::string(QString()))
            .add("lunUuid", DataNode::string(lun))
            .add("deviceName", DataNode::string(u"vml."_s + lun))
            .add("compatibilityMode", DataNode::string(u"physicalMode"_s))
            .add("diskMode", DataNode::string(u"independent_persistent"_s))
            .add("uuid", DataNode::string(uuid))
            .add("contentId", DataNode::string(LabFiles::cid(vm, disk, false)))
            .add("sharing", DataNode::string(u"sharingNone"_s));
    }
    auto flat = [&](const QString &file, const QString &contentId) {
        return DataNode::object("VirtualDiskFlatVer2BackingInfo", true)
            .add("fileName", DataNode::string(datastorePath(vm, file)))
            .add("datastore", datastore)
            .add("backingObjectId", DataNode::string(QString()))
            .add("diskMode", DataNode::string(u"persistent"_s))
            .add("split", DataNode::boolean(false))
            .add("writeThrough", DataNode::boolean(false))
            .add("thinProvisioned", DataNode::boolean(disk.thin))
            .add("eagerlyScrub", DataNode::boolean(false))
            .add("uuid", DataNode::string(uuid))
            .add("contentId", DataNode::string(contentId));
    };
    DataNode base = flat(LabFiles::descriptorName(disk), LabFiles::cid(vm, disk, false));
    if (disk.kind != LabDiskKind::SnapshotDelta)
        return base.add("digestEnabled", DataNode::boolean(false)).add("sharing", DataNode::string(u"sharingNone"_s));
    base.add("digestEnabled", DataNode::boolean(false)).add("sharing", DataNode::string(u"sharingNone"_s));
    return flat(LabFiles::deltaName(disk), LabFiles::cid(vm, disk, true))
        .add("parent", base)
        .add("deltaDiskFormat", DataNode::string(u"redoLogFormat"_s))
        .add("digestEnabled", DataNode::boolean(false))
        .add("deltaGrainSize", DataNode::integer(1))
        .add("sharing", DataNode::string(u"sharingNone"_s));
}

DataNode VmDevices::disk(const LabVmSpec &vm, const QString &vmMoref, const LabDiskSpec &disk, int index)
{
    const qint64 kb = disk.capacity / 1024;
    DataNode node = device("VirtualDisk", diskKey(disk), u"Hard disk %1"_s.arg(index + 1),
                           QLocale(QLocale::English).toString(kb) + u" KB"_s);
    node.add("backing", diskBacking(vm, disk))
        .add("controllerKey", DataNode::integer(controllerKey(disk)))
        .add("unitNumber", DataNode::integer(disk.unit))
        .add("capacityInKB", DataNode::integer(kb, "xsd:long"))
        .add("capacityInBytes", DataNode::integer(disk.capacity, "xsd:long"))
        .add("shares", DataNode::object("SharesInfo").add("shares", DataNode::integer(1000)).add("level", DataNode::string(u"normal"_s)))
        .add("diskObjectId", DataNode::string(u"%1-%2"_s.arg(vmMoref).arg(diskKey(disk))))
        .add("nativeUnmanagedLinkedClone", DataNode::boolean(false));
    return node;
}

DataNode VmDevices::nic(const LabVmSpec &vm, const LabNicSpec &nic, int index)
{
    static const QHash<QString, QByteArray> types = {{u"vmxnet3"_s, "VirtualVmxnet3"},
                                                     {u"e1000"_s, "VirtualE1000"},
                                                     {u"e1000e"_s, "VirtualE1000e"}};
    DataNode node = device(types.value(nic.model, "VirtualVmxnet3"), 4000 + index, u"Network adapter %1"_s.arg(index + 1), nic.network);
    node.add("backing",
             DataNode::object("VirtualEthernetCardNetworkBackingInfo", true)
                 .add("deviceName", DataNode::string(nic.network))
                 .add("useAutoDetect", DataNode::boolean(false))
                 .add("network", DataNode::reference("Network", LabInventory::networkMoref(nic.network))))
        .add("connectable",
             DataNode::object("VirtualDeviceConnectInfo")
                 .add("migrateConnect", DataNode::string(u"unset"_s))
                 .add("startConnected", DataNode::boolean(true))
                 .add("allowGuestControl", DataNode::boolean(true))
                 .add("connected", DataNode::boolean(vm.poweredOn))
                 .add("status", DataNode::string(vm.poweredOn ? u"ok"_s : u"untried"_s)))
        .add("slotInfo", pciSlot(192 + 32 * index))
        .add("controllerKey", DataNode::integer(100))
        .add("unitNumber", DataNode::integer(7 + index))
        .add("addressType", DataNode::string(u"generated"_s))
        .add("macAddress", DataNode::string(nic.mac))
        .add("wakeOnLanEnabled", DataNode::boolean(true));
    if (nic.model == u"vmxnet3")
        node.add("uptCompatibilityEnabled", DataNode::boolean(true));
    return node;
}

DataNode VmDevices::devices(const LabVmSpec &vm, const QString &vmMoref)
{
    DataNode list = standardDevices(DataNode::array("VirtualDevice"));
    QList<int> controllersDone;
    for (const LabDiskSpec &disk : vm.disks) {
        if (!controllersDone.contains(controllerKey(disk))) {
            controllersDone.append(controllerKey(disk));
            list.append(controller(vm, disk));
        }
    }
    for (int i = 0; i < vm.disks.size(); ++i)
        list.append(disk(vm, vmMoref, vm.disks.at(i), i));
    for (int i = 0; i < vm.nics.size(); ++i)
        list.append(nic(vm, vm.nics.at(i), i));
    return list;
}

} // namespace Ferry::Lab
