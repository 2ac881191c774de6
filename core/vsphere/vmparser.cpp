#include "vmparser.h"

#include "deviceparser.h"
#include "xmlelement.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QString text(const ObjectContent &object, const QString &path)
{
    const XmlElement *value = object.property(path);
    return value ? value->text() : QString();
}

Result<void> readInteger(const ObjectContent &object, const QString &path, auto &target)
{
    const XmlElement *value = object.property(path);
    if (!value)
        return {};
    auto number = value->toInteger();
    if (!number)
        return fail(ErrorCode::Protocol, number.error().message().replace(u"<val>"_s, path));
    target = static_cast<std::remove_reference_t<decltype(target)>>(*number);
    return {};
}

Result<void> readBool(const ObjectContent &object, const QString &path, bool &target)
{
    const XmlElement *value = object.property(path);
    if (!value)
        return {};
    auto flag = value->toBool();
    if (!flag)
        return fail(ErrorCode::Protocol, flag.error().message().replace(u"<val>"_s, path));
    target = *flag;
    return {};
}

Result<PowerState> powerState(const QString &text)
{
    if (text.isEmpty() || text == u"poweredOff")
        return PowerState::PoweredOff;
    if (text == u"poweredOn")
        return PowerState::PoweredOn;
    if (text == u"suspended")
        return PowerState::Suspended;
    return fail(ErrorCode::Protocol, u"the server sent an unknown power state '%1'"_s.arg(text.left(40)));
}

// Depth-first over rootSnapshotList/childSnapshotList.
void visitSnapshots(const QList<const XmlElement *> &nodes, const QString &current, VmInfo &vm)
{
    for (const XmlElement *node : nodes) {
        ++vm.snapshotCount;
        if (!current.isEmpty() && node->childText(u"snapshot").trimmed() == current)
            vm.currentSnapshot = node->childText(u"name");
        visitSnapshots(node->childrenNamed(u"childSnapshotList"), current, vm);
    }
}

Result<void> readScalars(const ObjectContent &object, VmInfo &vm)
{
    const Result<void> reads[] = {
        readInteger(object, u"config.hardware.numCPU"_s, vm.numCpu),
        readInteger(object, u"config.hardware.numCoresPerSocket"_s, vm.coresPerSocket),
        readInteger(object, u"config.hardware.memoryMB"_s, vm.memoryMB),
        readBool(object, u"config.bootOptions.efiSecureBootEnabled"_s, vm.secureBoot),
        readBool(object, u"config.changeTrackingEnabled"_s, vm.changeTracking),
        readBool(object, u"config.template"_s, vm.template_),
        readInteger(object, u"summary.storage.committed"_s, vm.committedBytes),
    };
    for (const Result<void> &read : reads) {
        if (!read)
            return read;
    }
    return {};
}

} // namespace

QStringList VmParser::propertyPaths()
{
    return {u"name"_s,
            u"config.uuid"_s,
            u"config.instanceUuid"_s,
            u"config.guestId"_s,
            u"config.guestFullName"_s,
            u"config.firmware"_s,
            u"config.bootOptions.efiSecureBootEnabled"_s,
            u"config.hardware.numCPU"_s,
            u"config.hardware.numCoresPerSocket"_s,
            u"config.hardware.memoryMB"_s,
            u"config.hardware.device"_s,
            u"config.files.vmPathName"_s,
            u"config.changeTrackingEnabled"_s,
            u"config.version"_s,
            u"config.template"_s,
            u"runtime.powerState"_s,
            u"snapshot"_s,
            u"summary.storage.committed"_s};
}

Result<VmInfo> VmParser::parse(const ObjectContent &object, const QHash<QString, QString> &portgroupNames)
{
    VmInfo vm;
    vm.moref = object.obj.value;
    vm.name = text(object, u"name"_s);
    if (vm.name.isEmpty())
        vm.name = vm.moref;
    const QString context = u"VM '%1'"_s.arg(vm.name);
    vm.uuid = text(object, u"config.uuid"_s).trimmed();
    vm.instanceUuid = text(object, u"config.instanceUuid"_s).trimmed();
    vm.guestId = text(object, u"config.guestId"_s).trimmed();
    vm.guestFullName = text(object, u"config.guestFullName"_s);
    vm.firmware = text(object, u"config.firmware"_s).trimmed() == u"efi" ? Firmware::Efi : Firmware::Bios;
    vm.vmxPath = text(object, u"config.files.vmPathName"_s);
    vm.hardwareVersion = text(object, u"config.version"_s).trimmed();
    auto power = powerState(text(object, u"runtime.powerState"_s).trimmed());
    if (!power)
        return std::unexpected(power.error().prefixed(context));
    vm.powerState = *power;
    if (auto scalars = readScalars(object, vm); !scalars)
        return std::unexpected(scalars.error().prefixed(context));
    if (const XmlElement *devices = object.property(u"config.hardware.device"_s)) {
        if (!devices->xsiType().isEmpty() && devices->xsiType() != u"ArrayOfVirtualDevice")
            return fail(ErrorCode::Protocol,
                        u"%1: config.hardware.device is a %2, not an ArrayOfVirtualDevice"_s.arg(context, devices->xsiType().left(60)));
        auto parsed = DeviceParser::parse(*devices, portgroupNames);
        if (!parsed)
            return std::unexpected(parsed.error().prefixed(context));
        vm.disks = parsed->disks;
        vm.nics = parsed->nics;
    }
    if (const XmlElement *snapshot = object.property(u"snapshot"_s)) {
        if (!snapshot->xsiType().isEmpty() && snapshot->xsiType() != u"VirtualMachineSnapshotInfo")
            return fail(ErrorCode::Protocol,
                        u"%1: snapshot is a %2, not a VirtualMachineSnapshotInfo"_s.arg(context, snapshot->xsiType().left(60)));
        readSnapshots(*snapshot, vm);
    }
    return vm;
}

void VmParser::readSnapshots(const XmlElement &snapshotInfo, VmInfo &vm)
{
    vm.snapshotCount = 0;
    vm.currentSnapshot.clear();
    visitSnapshots(snapshotInfo.childrenNamed(u"rootSnapshotList"), snapshotInfo.childText(u"currentSnapshot").trimmed(), vm);
}

} // namespace Ferry
