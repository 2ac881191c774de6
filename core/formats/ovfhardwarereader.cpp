#include "ovfhardwarereader.h"

#include "ovfreader.h"

#include <QHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// CIM ResourceType values (DSP1041 / CIM_ResourceAllocationSettingData).
enum ResourceType {
    Other = 1,
    Processor = 3,
    Memory = 4,
    IdeController = 5,
    ScsiController = 6,
    EthernetAdapter = 10,
    FloppyDrive = 14,
    CdDrive = 15,
    DvdDrive = 16,
    DiskDrive = 17,
    OtherStorage = 20,
};

struct Controller
{
    QString type; // inventory vocabulary: "lsilogic", "pvscsi", "sata", "nvme", "ide", ...
    int bus = 0;
};

Finding finding(Finding::Severity severity, const QString &code, const QString &message, const QString &details = {})
{
    return Finding{severity, code, message, details};
}

// vmw:Config children of an element: key -> value.
QHash<QString, QString> vmwConfig(const XmlElement &element, QStringView name = u"Config")
{
    QHash<QString, QString> config;
    for (const XmlElement *child : element.childrenNamed(name))
        config.insert(child->attribute(u"key"), child->attribute(u"value"));
    return config;
}

QString itemLabel(const XmlElement &item)
{
    const QString name = item.childText(u"ElementName").trimmed();
    return name.isEmpty() ? u"item %1"_s.arg(item.childText(u"InstanceID").trimmed()) : name.left(80);
}

Result<qint64> integer(const XmlElement &item, QStringView field, qint64 fallback)
{
    const XmlElement *child = item.child(field);
    if (!child || child->text().trimmed().isEmpty())
        return fallback;
    bool ok = false;
    const qint64 value = child->text().trimmed().toLongLong(&ok);
    if (!ok || value < 0)
        return fail(ErrorCode::Protocol,
                    u"invalid OVF descriptor: %1 of '%2' is '%3', not a number"_s.arg(field.toString(), itemLabel(item),
                                                                                      child->text().trimmed().left(40)));
    return value;
}

std::optional<QString> controllerType(int resourceType, const QString &subType)
{
    const QString sub = subType.trimmed().toLower();
    if (resourceType == IdeController)
        return u"ide"_s;
    if (resourceType == ScsiController) {
        if (sub == u"lsilogic"_s)
            return u"lsilogic"_s;
        if (sub == u"lsilogicsas"_s)
            return u"lsilogic-sas"_s;
        if (sub == u"virtualscsi"_s || sub == u"pvscsi"_s)
            return u"pvscsi"_s;
        if (sub == u"buslogic"_s)
            return u"buslogic"_s;
        return std::nullopt;
    }
    if (sub == u"vmware.sata.ahci"_s || sub == u"ahci"_s || sub == u"sata"_s)
        return u"sata"_s;
    if (sub == u"vmware.nvme.controller"_s || sub == u"nvme"_s)
        return u"nvme"_s;
    return std::nullopt;
}

std::optional<QString> nicModel(const QString &subType)
{
    static const QHash<QString, QString> models{
        {u"vmxnet3"_s, u"vmxnet3"_s}, {u"e1000"_s, u"e1000"_s},       {u"e1000e"_s, u"e1000e"_s},
        {u"pcnet32"_s, u"pcnet32"_s}, {u"vmxnet2"_s, u"vmxnet2"_s},   {u"vmxnet"_s, u"vmxnet"_s},
        {u"virtio"_s, u"virtio"_s},   {u"pcnetfast"_s, u"pcnet32"_s}, {u"pcnetpci"_s, u"pcnet32"_s},
    };
    const auto found = models.constFind(subType.trimmed().toLower());
    if (found == models.constEnd())
        return std::nullopt;
    return *found;
}

QString macAddress(const QString &text)
{
    static const QRegularExpression mac(u"^[0-9A-Fa-f]{2}([:-]?)[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}$"_s);
    const QString trimmed = text.trimmed();
    if (!mac.match(trimmed).hasMatch())
        return {};
    QString hex = trimmed;
    hex.remove(u':').remove(u'-');
    hex = hex.toLower();
    QStringList parts;
    for (int i = 0; i < 12; i += 2)
        parts.append(hex.mid(i, 2));
    return parts.join(u':');
}

// "56 4d 9b 2f ... 10-2e 3c ..." (VMX spelling) or a plain UUID -> "564d9b2f-...", or empty.
QString biosUuid(const QString &text)
{
    QString hex;
    for (const QChar c : text) {
        if (c.isDigit() || (c.toLower() >= u'a' && c.toLower() <= u'f'))
            hex.append(c.toLower());
        else if (c != u' ' && c != u'-')
            return {};
    }
    if (hex.size() != 32)
        return {};
    return hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4) + u'-' + hex.mid(20);
}

// Does the item belong to the deployment option in use?
bool inConfiguration(const XmlElement &item, const QString &configuration)
{
    const QString only = item.attribute(u"configuration").trimmed();
    if (only.isEmpty())
        return true;
    return only.split(u' ', Qt::SkipEmptyParts).contains(configuration);
}

class HardwareMapper
{
public:
    HardwareMapper(const OvfPackage &package, OvfVirtualSystem &system)
        : m_package(package)
        , m_system(system)
        , m_vm(system.vm)
    {
    }

    Result<void> mapController(const XmlElement &item, int resourceType);
    Result<void> mapItem(const XmlElement &item, int resourceType);
    void mapConfig(const QHash<QString, QString> &config, const QString &where);

private:
    Result<void> mapProcessor(const XmlElement &item);
    Result<void> mapMemory(const XmlElement &item);
    Result<void> mapDisk(const XmlElement &item);
    void mapNic(const XmlElement &item);
    void add(const Finding &f) { m_system.findings.append(f); }

    const OvfPackage &m_package;
    OvfVirtualSystem &m_system;
    VmInfo &m_vm;
    QHash<QString, Controller> m_controllers; // InstanceID -> controller
    QHash<QString, int> m_busCount;           // controller type -> controllers seen
};

Result<void> HardwareMapper::mapController(const XmlElement &item, int resourceType)
{
    const QString subType = item.childText(u"ResourceSubType");
    const auto type = controllerType(resourceType, subType);
    Controller controller;
    if (type) {
        controller.type = *type;
    } else {
        controller.type = subType.trimmed().toLower().left(40);
        add(finding(Finding::Severity::Warning, u"ovf-unknown-controller"_s,
                    u"controller '%1' has the unknown type '%2' (ResourceType %3); its disks get the target's default controller"_s
                        .arg(itemLabel(item), subType.trimmed().left(40))
                        .arg(resourceType)));
    }
    auto address = integer(item, u"Address", -1);
    if (!address)
        return std::unexpected(address.error());
    controller.bus = *address >= 0 && *address < 1000 ? int(*address) : m_busCount.value(controller.type);
    m_busCount[controller.type] = m_busCount.value(controller.type) + 1;
    m_controllers.insert(item.childText(u"InstanceID").trimmed(), controller);
    return {};
}

Result<void> HardwareMapper::mapProcessor(const XmlElement &item)
{
    auto count = integer(item, u"VirtualQuantity", 1);
    if (!count)
        return std::unexpected(count.error());
    auto cores = integer(item, u"CoresPerSocket", 1);
    if (!cores)
        return std::unexpected(cores.error());
    if (*count < 1 || *count > 4096 || *cores < 1 || *cores > *count)
        return fail(ErrorCode::Protocol, u"invalid OVF descriptor: %1 CPUs with %2 cores per socket"_s.arg(*count).arg(*cores));
    m_vm.numCpu = int(*count);
    m_vm.coresPerSocket = int(*cores);
    return {};
}

Result<void> HardwareMapper::mapMemory(const XmlElement &item)
{
    auto quantity = integer(item, u"VirtualQuantity", 0);
    if (!quantity)
        return std::unexpected(quantity.error());
    QString units = item.childText(u"AllocationUnits").trimmed();
    auto bytes = OvfReader::bytesFromUnits(*quantity, units.isEmpty() ? u"byte * 2^20"_s : units);
    if (!bytes)
        return fail(ErrorCode::Protocol, u"invalid OVF descriptor: memory: %1"_s.arg(bytes.error().message()));
    m_vm.memoryMB = *bytes >> 20;
    return {};
}

Result<void> HardwareMapper::mapDisk(const XmlElement &item)
{
    QString resource = item.childText(u"HostResource").trimmed();
    if (resource.startsWith(u"ovf:"_s))
        resource.remove(0, 4);
    if (!resource.startsWith(u"/disk/"_s)) {
        add(finding(Finding::Severity::Blocker, u"ovf-disk-reference"_s,
                    u"disk '%1' refers to '%2', not to a disk of the DiskSection; Ferry cannot copy it"_s.arg(itemLabel(item),
                                                                                                              resource.left(80))));
        return {};
    }
    const QString diskId = resource.mid(6);
    const OvfDisk *disk = m_package.disk(diskId);
    if (!disk)
        return fail(ErrorCode::Protocol,
                    u"invalid OVF descriptor: disk '%1' refers to disk '%2', which the DiskSection does not have"_s.arg(itemLabel(item),
                                                                                                                        diskId.left(80)));
    if (m_system.diskIds.contains(diskId))
        return fail(ErrorCode::Protocol, u"invalid OVF descriptor: disk '%1' is attached twice"_s.arg(diskId.left(80)));
    auto key = integer(item, u"InstanceID", 0);
    auto unit = integer(item, u"AddressOnParent", m_vm.disks.size());
    if (!key || !unit)
        return std::unexpected(!key ? key.error() : unit.error());
    DiskInfo info;
    info.key = int(qMin<qint64>(*key, INT_MAX));
    info.label = itemLabel(item);
    info.unitNumber = int(qMin<qint64>(*unit, INT_MAX));
    const auto controller = m_controllers.constFind(item.childText(u"Parent").trimmed());
    if (controller != m_controllers.constEnd()) {
        info.controllerType = controller->type;
        info.controllerBus = controller->bus;
    } else {
        add(finding(Finding::Severity::Warning, u"ovf-disk-without-controller"_s,
                    u"disk '%1' names no known controller (Parent '%2'); it gets the target's default controller"_s.arg(
                        info.label, item.childText(u"Parent").trimmed().left(40))));
    }
    if (const OvfFile *file = m_package.file(disk->fileRef)) {
        info.fileName = file->href;
        info.path = file->href;
    }
    info.capacity = disk->capacity;
    info.thin = true;                 // a package carries only the populated part
    info.backing = DiskBacking::Flat; // copied whole through a DiskStream, no snapshot chain
    info.diskMode = u"persistent"_s;
    m_vm.disks.append(info);
    m_system.diskIds.append(diskId);
    return {};
}

void HardwareMapper::mapNic(const XmlElement &item)
{
    NicInfo nic;
    nic.key = item.childText(u"InstanceID").trimmed().toInt();
    nic.label = itemLabel(item);
    const QString subType = item.childText(u"ResourceSubType").trimmed();
    if (const auto model = nicModel(subType)) {
        nic.model = *model;
    } else {
        nic.model = subType.toLower().left(40);
        add(finding(Finding::Severity::Warning, u"ovf-unknown-nic"_s,
                    u"network adapter '%1' has the unknown model '%2'; it gets the target's default model"_s.arg(nic.label,
                                                                                                                 subType.left(40))));
    }
    nic.network = item.childText(u"Connection").trimmed();
    const auto config = vmwConfig(item);
    nic.macAddress = macAddress(item.childText(u"Address"));
    if (nic.macAddress.isEmpty())
        nic.macAddress = macAddress(config.value(u"ethernet.address"_s, config.value(u"macAddress"_s)));
    nic.addressType = nic.macAddress.isEmpty() ? u"generated"_s : u"manual"_s;
    const QString automatic = item.childText(u"AutomaticAllocation").trimmed().toLower();
    nic.connected = automatic != u"false"_s;
    m_vm.nics.append(nic);
}

Result<void> HardwareMapper::mapItem(const XmlElement &item, int resourceType)
{
    switch (resourceType) {
    case Processor:
        return mapProcessor(item);
    case Memory:
        return mapMemory(item);
    case DiskDrive:
        return mapDisk(item);
    case EthernetAdapter:
        mapNic(item);
        return {};
    case IdeController:
    case ScsiController:
    case OtherStorage:
        return {}; // mapped in the first pass
    case FloppyDrive:
    case CdDrive:
    case DvdDrive:
        add(finding(Finding::Severity::Warning, u"ovf-removable-drive"_s,
                    u"'%1' (a CD/DVD or floppy drive) is not migrated; add one on the target if the guest needs it"_s.arg(itemLabel(item)),
                    item.childText(u"HostResource").left(120)));
        return {};
    default: {
        const bool optional = item.attribute(u"required") == u"false"_s;
        add(finding(optional ? Finding::Severity::Info : Finding::Severity::Warning, u"ovf-unmapped-item"_s,
                    u"'%1' (ResourceType %2%3) is not migrated"_s.arg(itemLabel(item))
                        .arg(resourceType)
                        .arg(item.childText(u"ResourceSubType").isEmpty()
                                 ? QString()
                                 : u", "_s + item.childText(u"ResourceSubType").trimmed().left(40))));
        return {};
    }
    }
}

void HardwareMapper::mapConfig(const QHash<QString, QString> &config, const QString &where)
{
    QStringList ignored;
    for (auto it = config.constBegin(); it != config.constEnd(); ++it) {
        const QString value = it.value().trimmed().toLower();
        if (it.key() == u"firmware"_s)
            m_vm.firmware = value == u"efi"_s ? Firmware::Efi : Firmware::Bios;
        else if (it.key() == u"bootOptions.efiSecureBootEnabled"_s || it.key() == u"uefi.secureBoot.enabled"_s)
            m_vm.secureBoot = value == u"true"_s;
        else if ((it.key() == u"uuid.bios"_s || it.key() == u"uuid"_s) && !biosUuid(it.value()).isEmpty())
            m_vm.uuid = biosUuid(it.value());
        else
            ignored.append(it.key().left(80));
    }
    if (ignored.isEmpty())
        return;
    ignored.sort();
    add(finding(Finding::Severity::Info, u"ovf-config-ignored"_s,
                u"%1 VMware %2 settings are not carried over (firmware and secure boot are)"_s.arg(ignored.size()).arg(where),
                ignored.join(u", "_s)));
}

} // namespace

Result<void> OvfHardwareReader::read(const XmlElement &section, const OvfPackage &package, const QString &configuration,
                                     OvfVirtualSystem &system)
{
    HardwareMapper mapper(package, system);
    if (const XmlElement *type = section.find(u"System.VirtualSystemType"))
        system.vm.hardwareVersion = type->text().trimmed().left(80);
    QList<std::pair<const XmlElement *, int>> items;
    int skipped = 0;
    for (const XmlElement &child : section.children()) {
        if (child.name() != u"Item"_s && child.name() != u"StorageItem"_s && child.name() != u"EthernetPortItem"_s)
            continue;
        if (!inConfiguration(child, configuration)) {
            ++skipped;
            continue;
        }
        auto type = integer(child, u"ResourceType", 0);
        if (!type)
            return std::unexpected(type.error());
        items.append({&child, int(qMin<qint64>(*type, INT_MAX))});
    }
    for (const auto &[item, type] : std::as_const(items)) {
        if (type == IdeController || type == ScsiController || type == OtherStorage) {
            if (auto ok = mapper.mapController(*item, type); !ok)
                return ok;
        }
    }
    for (const auto &[item, type] : std::as_const(items)) {
        if (auto ok = mapper.mapItem(*item, type); !ok)
            return ok;
    }
    mapper.mapConfig(vmwConfig(section), u"vmw:Config"_s);
    mapper.mapConfig(vmwConfig(section, u"ExtraConfig"), u"vmw:ExtraConfig"_s);
    if (skipped > 0)
        system.findings.append(
            finding(Finding::Severity::Info, u"ovf-deployment-option"_s,
                    u"%1 hardware items belong to other deployment options than '%2' and were skipped"_s.arg(skipped).arg(configuration)));
    return {};
}

} // namespace Ferry
