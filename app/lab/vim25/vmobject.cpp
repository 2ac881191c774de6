#include "vmobject.h"

#include "datastore/labfiles.h"
#include "labinventory.h"
#include "vmdevices.h"

#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

const QString createTime = u"2024-01-01T12:00:00.000Z"_s;
const QString snapshotTime = u"2024-03-01T09:30:00.000Z"_s;

DataNode references(const QByteArray &type, const QStringList &values)
{
    DataNode array = DataNode::array("ManagedObjectReference");
    for (const QString &value : values)
        array.append(DataNode::reference(type, value));
    return array;
}

QStringList vmNetworks(const LabVmSpec &vm)
{
    QStringList out;
    for (const LabNicSpec &nic : vm.nics) {
        if (!out.contains(LabInventory::networkMoref(nic.network)))
            out.append(LabInventory::networkMoref(nic.network));
    }
    return out;
}

// The files of a VM with their layoutEx keys, in hostd's order.
struct FileEntry
{
    QString name;
    QString type;
};

QList<FileEntry> vmFiles(const LabVmSpec &vm)
{
    QList<FileEntry> files{{vm.name + u".vmx"_s, u"config"_s}};
    if (vm.efi)
        files.append({vm.name + u".nvram"_s, u"nvram"_s});
    files.append({vm.name + u".vmsd"_s, u"snapshotList"_s});
    for (const LabDiskSpec &disk : vm.disks) {
        files.append({LabFiles::descriptorName(disk), u"diskDescriptor"_s});
        files.append({LabFiles::extentName(disk), u"diskExtent"_s});
        if (disk.kind == LabDiskKind::SnapshotDelta) {
            files.append({LabFiles::deltaName(disk), u"diskDescriptor"_s});
            files.append({LabFiles::deltaExtentName(disk), u"diskExtent"_s});
        }
    }
    if (!vm.snapshotName.isEmpty())
        files.append({vm.name + u"-Snapshot1.vmsn"_s, u"snapshotData"_s});
    return files;
}

// What a file takes on disk (st_blocks * 512), not its apparent size: lab disks are
// sparse files, so this is the "used" size a real datastore reports as committed.
qint64 allocatedSize(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return qint64(info.st_blocks) * 512;
}

} // namespace

LabObject VmObject::build(const LabVmSpec &vm, const QString &moref, const QString &datastoreRoot)
{
    LabObject object{moref, "VirtualMachine", {}, {}};
    object.set(u"name"_s, DataNode::string(vm.name))
        .set(u"parent"_s, DataNode::reference("Folder", QString::fromLatin1(LabInventory::vmFolder)))
        .set(u"resourcePool"_s, DataNode::reference("ResourcePool", QString::fromLatin1(LabInventory::resourcePool)))
        .set(u"config"_s, config(vm, moref))
        .set(u"runtime"_s, runtime(vm))
        .set(u"summary"_s, summary(vm, moref, datastoreRoot))
        .set(u"layoutEx"_s, layoutEx(vm, moref, datastoreRoot))
        .set(u"datastore"_s, references("Datastore", {QString::fromLatin1(LabInventory::datastoreMoref)}))
        .set(u"network"_s, references("Network", vmNetworks(vm)))
        .set(u"overallStatus"_s, DataNode::scalar("ManagedEntityStatus", u"green"_s));
    if (!vm.snapshotName.isEmpty())
        object.set(u"snapshot"_s, snapshot(vm, moref));
    return object;
}

DataNode VmObject::config(const LabVmSpec &vm, const QString &moref)
{
    const DataNode files = DataNode::object("VirtualMachineFileInfo")
                               .add("vmPathName", DataNode::string(VmDevices::datastorePath(vm, vm.name + u".vmx"_s)))
                               .add("snapshotDirectory", DataNode::string(u"[datastore1] "_s + vm.directory() + u'/'))
                               .add("suspendDirectory", DataNode::string(u"[datastore1] "_s + vm.directory() + u'/'))
                               .add("logDirectory", DataNode::string(u"[datastore1] "_s + vm.directory() + u'/'));
    const DataNode hardware = DataNode::object("VirtualHardware")
                                  .add("numCPU", DataNode::integer(vm.numCpu))
                                  .add("numCoresPerSocket", DataNode::integer(vm.coresPerSocket))
                                  .add("autoCoresPerSocket", DataNode::boolean(false))
                                  .add("memoryMB", DataNode::integer(vm.memoryMB))
                                  .add("virtualICH7MPresent", DataNode::boolean(false))
                                  .add("virtualSMCPresent", DataNode::boolean(false))
                                  .add("device", VmDevices::devices(vm, moref));
    const DataNode bootOptions = DataNode::object("VirtualMachineBootOptions")
                                     .add("bootDelay", DataNode::integer(0, "xsd:long"))
                                     .add("enterBIOSSetup", DataNode::boolean(false))
                                     .add("efiSecureBootEnabled", DataNode::boolean(vm.secureBoot))
                                     .add("bootRetryEnabled", DataNode::boolean(false))
                                     .add("bootRetryDelay", DataNode::integer(10000, "xsd:long"))
                                     .add("networkBootProtocol", DataNode::string(u"ipv4"_s));
    return DataNode::object("VirtualMachineConfigInfo")
        .add("changeVersion", DataNode::string(createTime))
        .add("modified", DataNode::dateTime(u"1970-01-01T00:00:00Z"_s))
        .add("name", DataNode::string(vm.name))
        .add("guestFullName", DataNode::string(vm.guestFullName))
        .add("version", DataNode::string(u"vmx-21"_s))
        .add("uuid", DataNode::string(vm.uuid()))
        .add("createDate", DataNode::dateTime(createTime))
        .add("instanceUuid", DataNode::string(vm.instanceUuid()))
        .add("template", DataNode::boolean(false))
        .add("guestId", DataNode::string(vm.guestId))
        .add("alternateGuestName", DataNode::string(QString()))
        .add("annotation", DataNode::string(QString()))
        .add("files", files)
        .add("hardware", hardware)
        .add("datastoreUrl",
             DataNode::array("VirtualMachineConfigInfoDatastoreUrlPair")
                 .append(DataNode::object("VirtualMachineConfigInfoDatastoreUrlPair")
                             .add("name", DataNode::string(u"datastore1"_s))
                             .add("url", DataNode::string(LabInventory::datastorePath()))))
        .add("bootOptions", bootOptions)
        .add("changeTrackingEnabled", DataNode::boolean(false))
        .add("firmware", DataNode::string(vm.efi ? u"efi"_s : u"bios"_s));
}

DataNode VmObject::runtime(const LabVmSpec &vm)
{
    DataNode node = DataNode::object("VirtualMachineRuntimeInfo")
                        .add("host", DataNode::reference("HostSystem", QString::fromLatin1(LabInventory::host)))
                        .add("connectionState", DataNode::scalar("VirtualMachineConnectionState", u"connected"_s))
                        .add("powerState", DataNode::scalar("VirtualMachinePowerState", vm.poweredOn ? u"poweredOn"_s : u"poweredOff"_s))
                        .add("faultToleranceState", DataNode::string(u"notConfigured"_s))
                        .add("toolsInstallerMounted", DataNode::boolean(false));
    if (vm.poweredOn)
        node.add("bootTime", DataNode::dateTime(createTime));
    return node.add("suspendInterval", DataNode::integer(0, "xsd:long"))
        .add("maxMemoryUsage", DataNode::integer(vm.memoryMB))
        .add("numMksConnections", DataNode::integer(0))
        .add("onlineStandby", DataNode::boolean(false))
        .add("consolidationNeeded", DataNode::boolean(false));
}

DataNode VmObject::summary(const LabVmSpec &vm, const QString &moref, const QString &datastoreRoot)
{
    qint64 committed = 0;
    qint64 provisioned = 0;
    for (const FileEntry &file : vmFiles(vm))
        committed += allocatedSize(datastoreRoot + u'/' + vm.directory() + u'/' + file.name);
    for (const LabDiskSpec &disk : vm.disks)
        provisioned += disk.capacity;
    const DataNode config = DataNode::object("VirtualMachineConfigSummary")
                                .add("name", DataNode::string(vm.name))
                                .add("template", DataNode::boolean(false))
                                .add("vmPathName", DataNode::string(VmDevices::datastorePath(vm, vm.name + u".vmx"_s)))
                                .add("memorySizeMB", DataNode::integer(vm.memoryMB))
                                .add("numCpu", DataNode::integer(vm.numCpu))
                                .add("numEthernetCards", DataNode::integer(vm.nics.size()))
                                .add("numVirtualDisks", DataNode::integer(vm.disks.size()))
                                .add("uuid", DataNode::string(vm.uuid()))
                                .add("instanceUuid", DataNode::string(vm.instanceUuid()))
                                .add("guestId", DataNode::string(vm.guestId))
                                .add("guestFullName", DataNode::string(vm.guestFullName));
    const DataNode storage = DataNode::object("VirtualMachineStorageSummary")
                                 .add("committed", DataNode::integer(committed, "xsd:long"))
                                 .add("uncommitted", DataNode::integer(std::max<qint64>(0, provisioned - committed), "xsd:long"))
                                 .add("unshared", DataNode::integer(committed, "xsd:long"))
                                 .add("timestamp", DataNode::dateTime(createTime));
    return DataNode::object("VirtualMachineSummary")
        .add("vm", DataNode::reference("VirtualMachine", moref))
        .add("runtime", runtime(vm))
        .add("config", config)
        .add("storage", storage)
        .add("overallStatus", DataNode::scalar("ManagedEntityStatus", u"green"_s));
}

DataNode VmObject::snapshot(const LabVmSpec &vm, const QString &moref)
{
    const QString snapshotMoref = moref + u"-snapshot-1"_s;
    const DataNode tree = DataNode::object("VirtualMachineSnapshotTree")
                              .add("snapshot", DataNode::reference("VirtualMachineSnapshot", snapshotMoref))
                              .add("vm", DataNode::reference("VirtualMachine", moref))
                              .add("name", DataNode::string(vm.snapshotName))
                              .add("description", DataNode::string(QString()))
                              .add("id", DataNode::integer(1))
                              .add("createTime", DataNode::dateTime(snapshotTime))
                              .add("state", DataNode::scalar("VirtualMachinePowerState", u"poweredOff"_s))
                              .add("quiesced", DataNode::boolean(false))
                              .add("replaySupported", DataNode::boolean(false));
    return DataNode::object("VirtualMachineSnapshotInfo")
        .add("currentSnapshot", DataNode::reference("VirtualMachineSnapshot", snapshotMoref))
        .add("rootSnapshotList", DataNode::array("VirtualMachineSnapshotTree").append(tree));
}

DataNode VmObject::layoutEx(const LabVmSpec &vm, const QString &moref, const QString &datastoreRoot)
{
    const QList<FileEntry> entries = vmFiles(vm);
    DataNode files = DataNode::array("VirtualMachineFileLayoutExFileInfo");
    for (int key = 0; key < entries.size(); ++key) {
        const qint64 size = QFileInfo(datastoreRoot + u'/' + vm.directory() + u'/' + entries.at(key).name).size();
        files.append(DataNode::object("VirtualMachineFileLayoutExFileInfo")
                         .add("key", DataNode::integer(key))
                         .add("name", DataNode::string(VmDevices::datastorePath(vm, entries.at(key).name)))
                         .add("type", DataNode::string(entries.at(key).type))
                         .add("size", DataNode::integer(size, "xsd:long"))
                         .add("uniqueSize", DataNode::integer(size, "xsd:long"))
                         .add("accessible", DataNode::boolean(true)));
    }
    auto keyOf = [&entries](const QString &name) {
        for (int key = 0; key < entries.size(); ++key) {
            if (entries.at(key).name == name)
                return key;
        }
        return -1;
    };
    DataNode disks = DataNode::array("VirtualMachineFileLayoutExDiskLayout");
    for (const LabDiskSpec &disk : vm.disks) {
        DataNode chain = DataNode::array("VirtualMachineFileLayoutExDiskUnit");
        auto unit = [&](const QString &descriptor, const QString &extent) {
            DataNode keys = DataNode::array("xsd:int");
            keys.append(DataNode::integer(keyOf(descriptor))).append(DataNode::integer(keyOf(extent)));
            return DataNode::object("VirtualMachineFileLayoutExDiskUnit").add("fileKey", keys);
        };
        chain.append(unit(LabFiles::descriptorName(disk), LabFiles::extentName(disk)));
        if (disk.kind == LabDiskKind::SnapshotDelta)
            chain.append(unit(LabFiles::deltaName(disk), LabFiles::deltaExtentName(disk)));
        disks.append(DataNode::object("VirtualMachineFileLayoutExDiskLayout")
                         .add("key", DataNode::integer(VmDevices::diskKey(disk)))
                         .add("chain", chain));
    }
    Q_UNUSED(moref);
    return DataNode::object("VirtualMachineFileLayoutEx")
        .add("file", files)
        .add("disk", disks)
        .add("timestamp", DataNode::dateTime(createTime));
}

} // namespace Ferry::Lab
