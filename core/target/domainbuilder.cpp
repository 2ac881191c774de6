#include "domainbuilder.h"

#include <QRegularExpression>
#include <QUuid>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace Ferry {

struct DomainBuilder::Context
{
    GuestProfile guest;
    QStringList warnings;
    QStringList decisions;
};

namespace {

// Writes <name attr=value .../> in one call; attributes come in pairs.
void emptyElement(QXmlStreamWriter &xml, const QString &name, std::initializer_list<std::pair<QString, QString>> attributes)
{
    xml.writeEmptyElement(name);
    for (const auto &[key, value] : attributes)
        xml.writeAttribute(key, value);
}

QString humanSize(qint64 bytes)
{
    constexpr qint64 GiB = qint64(1) << 30;
    constexpr qint64 MiB = qint64(1) << 20;
    if (bytes >= GiB && bytes % GiB == 0)
        return u"%1 GiB"_s.arg(bytes / GiB);
    if (bytes % MiB == 0)
        return u"%1 MiB"_s.arg(bytes / MiB);
    return u"%1 MiB"_s.arg(double(bytes) / double(1 << 20), 0, 'f', 1);
}

void writeOsType(QXmlStreamWriter &xml)
{
    xml.writeStartElement(u"type"_s);
    xml.writeAttribute(u"arch"_s, u"x86_64"_s);
    xml.writeAttribute(u"machine"_s, u"q35"_s);
    xml.writeCharacters(u"hvm"_s);
    xml.writeEndElement();
}

// The first loader whose kind (secure boot build or not, by Debian/Fedora file naming)
// matches; otherwise the host's first.
QString chooseLoader(const QStringList &loaders, bool secure)
{
    for (const QString &candidate : loaders) {
        const bool isSecure = candidate.contains(u"secboot"_s) || candidate.contains(u".ms."_s);
        if (isSecure == secure)
            return candidate;
    }
    return loaders.first();
}

QString diskSourceText(const DomainDisk &disk)
{
    return disk.kind == DomainDisk::Kind::Volume ? u"volume %1/%2"_s.arg(disk.pool, disk.volume) : disk.path;
}

} // namespace

DomainBuilder::DomainBuilder(VmInfo vm, QList<DomainDisk> disks, DomainOptions options)
    : m_vm(std::move(vm))
    , m_disks(std::move(disks))
    , m_options(std::move(options))
{
}

QString DomainBuilder::diskDeviceName(const QString &prefix, int index)
{
    QString suffix;
    for (int n = index + 1; n > 0; n = (n - 1) / 26)
        suffix.prepend(QChar(u'a' + (n - 1) % 26));
    return prefix + suffix;
}

Result<void> DomainBuilder::checkInputs() const
{
    if (m_vm.memoryMB <= 0)
        return fail(ErrorCode::Usage, u"VM %1 has no memory size in the inventory; cannot build its domain."_s.arg(m_vm.name));
    if (m_disks.size() != m_vm.disks.size())
        return fail(ErrorCode::Internal,
                    u"VM %1 has %2 disk(s) but %3 target disk(s) were given."_s.arg(m_vm.name).arg(m_vm.disks.size()).arg(m_disks.size()));
    for (const DomainDisk &disk : m_disks) {
        if (disk.format != u"raw"_s && disk.format != u"qcow2"_s)
            return fail(ErrorCode::Usage, u"Unsupported disk format \"%1\"; use raw or qcow2."_s.arg(disk.format));
        const bool located = disk.kind == DomainDisk::Kind::Volume ? !disk.pool.isEmpty() && !disk.volume.isEmpty()
                                                                   : disk.path.startsWith(u'/');
        if (!located)
            return fail(ErrorCode::Internal, u"A target disk of VM %1 has no absolute path or volume."_s.arg(m_vm.name),
                        diskSourceText(disk));
    }
    static const QStringList virtTypes{u"kvm"_s, u"qemu"_s, u"test"_s};
    if (!virtTypes.contains(m_options.virtType))
        return fail(ErrorCode::Usage, u"Unknown virtualization type \"%1\"; use kvm or qemu."_s.arg(m_options.virtType));
    return {};
}

Result<DomainXml> DomainBuilder::build() const
{
    if (auto checked = checkInputs(); !checked)
        return std::unexpected(checked.error());
    Context context;
    context.guest = m_options.guest.value_or(GuestProfile::fromGuestId(m_vm.guestId));

    DomainXml result;
    QXmlStreamWriter xml(&result.xml);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(2);
    xml.writeStartElement(u"domain"_s);
    xml.writeAttribute(u"type"_s, m_options.virtType);
    result.name = domainName(context);
    xml.writeTextElement(u"name"_s, result.name);
    const QUuid uuid = QUuid::fromString(m_vm.uuid);
    if (!uuid.isNull())
        xml.writeTextElement(u"uuid"_s, uuid.toString(QUuid::WithoutBraces));
    else
        context.warnings
            << u"The source UUID \"%1\" is not a UUID; libvirt generates a new one, so the guest sees a different SMBIOS UUID."_s.arg(
                   m_vm.uuid);
    if (!m_options.description.isEmpty())
        xml.writeTextElement(u"description"_s, m_options.description);
    writeCpuAndMemory(xml, context);
    if (auto os = writeOs(xml, context); !os)
        return std::unexpected(os.error());
    writeFeatures(xml, context);
    writeClock(xml, context);
    xml.writeTextElement(u"on_poweroff"_s, u"destroy"_s);
    xml.writeTextElement(u"on_reboot"_s, u"restart"_s);
    xml.writeTextElement(u"on_crash"_s, u"destroy"_s);
    xml.writeStartElement(u"devices"_s);
    writeDisks(xml, context);
    writeInterfaces(xml, context);
    writeConsoleDevices(xml, context);
    writeOtherDevices(xml, context);
    xml.writeEndElement(); // devices
    xml.writeEndElement(); // domain
    xml.writeEndDocument();
    result.warnings = context.warnings;
    result.decisions = context.decisions;
    return result;
}

QString DomainBuilder::domainName(Context &context) const
{
    QString name = m_options.name.isEmpty() ? m_vm.name : m_options.name;
    // libvirt's QEMU driver refuses '/' in names (they become file names under /etc/libvirt).
    if (name.contains(u'/')) {
        const QString original = name;
        name.replace(u'/', u'_');
        context.warnings << u"The VM name \"%1\" contains '/', which libvirt does not allow; the domain is named \"%2\"."_s.arg(original,
                                                                                                                                name);
    }
    if (name.trimmed().isEmpty()) {
        name = u"vm-%1"_s.arg(m_vm.moref);
        context.warnings << u"The VM has no name; the domain is named \"%1\"."_s.arg(name);
    }
    return name;
}

void DomainBuilder::writeCpuAndMemory(QXmlStreamWriter &xml, Context &context) const
{
    xml.writeStartElement(u"memory"_s);
    xml.writeAttribute(u"unit"_s, u"MiB"_s);
    xml.writeCharacters(QString::number(m_vm.memoryMB));
    xml.writeEndElement();
    xml.writeStartElement(u"currentMemory"_s);
    xml.writeAttribute(u"unit"_s, u"MiB"_s);
    xml.writeCharacters(QString::number(m_vm.memoryMB));
    xml.writeEndElement();

    int vcpus = m_vm.numCpu;
    if (vcpus <= 0) {
        vcpus = 1;
        context.warnings << u"The source reports %1 vCPUs; the domain gets 1."_s.arg(m_vm.numCpu);
    }
    int cores = m_vm.coresPerSocket;
    if (cores <= 0 || vcpus % cores != 0) {
        context.warnings << u"%1 vCPUs do not split into sockets of %2 cores; the domain gets %1 sockets of 1 core."_s.arg(vcpus).arg(
            m_vm.coresPerSocket);
        cores = 1;
    }
    xml.writeStartElement(u"vcpu"_s);
    xml.writeAttribute(u"placement"_s, u"static"_s);
    xml.writeCharacters(QString::number(vcpus));
    xml.writeEndElement();

    xml.writeStartElement(u"cpu"_s);
    // host-model keeps the domain migratable between similar hosts; TCG has no host CPU
    // to model, so it takes QEMU's default model.
    if (m_options.virtType == u"kvm"_s)
        xml.writeAttribute(u"mode"_s, u"host-model"_s);
    // No dies attribute: libvirt before 6.1 rejects it, and one die is the default anyway.
    emptyElement(xml, u"topology"_s,
                 {{u"sockets"_s, QString::number(vcpus / cores)}, {u"cores"_s, QString::number(cores)}, {u"threads"_s, u"1"_s}});
    xml.writeEndElement();
    context.decisions << u"%1 MiB memory, %2 vCPU(s) as %3 socket(s) of %4 core(s), as on the source"_s.arg(m_vm.memoryMB)
                             .arg(vcpus)
                             .arg(vcpus / cores)
                             .arg(cores);
}

Result<bool> DomainBuilder::efiSecureBoot(Context &context) const
{
    const std::optional<FirmwareCapabilities> &caps = m_options.firmware;
    if (caps && !caps->efiAvailable())
        return fail(ErrorCode::Target,
                    u"The target host offers no UEFI firmware for VM %1; install OVMF (package ovmf) on it."_s.arg(m_vm.name),
                    u"domain capabilities for %1/%2 list no loader"_s.arg(caps->machine, caps->virtType));
    if (m_vm.secureBoot && caps && !caps->secureBootSupported) {
        context.warnings
            << u"The source boots with UEFI secure boot, but the target host's firmware cannot; the domain boots with secure boot off."_s;
        return false;
    }
    return m_vm.secureBoot;
}

Result<void> DomainBuilder::writeOs(QXmlStreamWriter &xml, Context &context) const
{
    xml.writeStartElement(u"os"_s);
    if (m_vm.firmware == Firmware::Bios) {
        writeOsType(xml);
        xml.writeEndElement(); // os
        context.decisions << u"BIOS firmware (SeaBIOS) on machine q35, as on the source"_s;
        return {};
    }
    auto secure = efiSecureBoot(context);
    if (!secure)
        return std::unexpected(secure.error());
    const QString enabled = *secure ? u"yes"_s : u"no"_s;
    const std::optional<FirmwareCapabilities> &caps = m_options.firmware;
    // Auto-selection lets libvirt pair the code image with its variables template; an
    // explicit loader is only needed on hosts without firmware descriptors.
    if (!caps || caps->efiAutoSelect) {
        xml.writeAttribute(u"firmware"_s, u"efi"_s);
        writeOsType(xml);
        xml.writeStartElement(u"firmware"_s);
        emptyElement(xml, u"feature"_s, {{u"enabled"_s, enabled}, {u"name"_s, u"secure-boot"_s}});
        emptyElement(xml, u"feature"_s, {{u"enabled"_s, enabled}, {u"name"_s, u"enrolled-keys"_s}});
        xml.writeEndElement();
        context.decisions << u"UEFI firmware (OVMF) chosen by libvirt from the host's firmware descriptors, secure boot %1%2"_s.arg(
            *secure ? u"on"_s : u"off"_s, caps ? u"; host offers %1"_s.arg(caps->efiLoaders.join(u", "_s)) : QString());
    } else {
        writeOsType(xml);
        const QString loader = chooseLoader(caps->efiLoaders, *secure);
        xml.writeStartElement(u"loader"_s);
        xml.writeAttribute(u"readonly"_s, u"yes"_s);
        xml.writeAttribute(u"secure"_s, enabled);
        xml.writeAttribute(u"type"_s, u"pflash"_s);
        xml.writeCharacters(loader);
        xml.writeEndElement();
        context.decisions << u"UEFI firmware %1 from the host's domain capabilities, secure boot %2"_s.arg(loader,
                                                                                                           *secure ? u"on"_s : u"off"_s);
    }
    xml.writeEndElement(); // os
    context.warnings
        << u"UEFI variables (the source's .nvram: boot entries, secure boot keys) are not converted; the firmware starts with fresh variables and boots \\EFI\\BOOT\\BOOTX64.EFI or the entries it finds on the disk."_s;
    return {};
}

void DomainBuilder::writeFeatures(QXmlStreamWriter &xml, const Context &context) const
{
    xml.writeStartElement(u"features"_s);
    xml.writeEmptyElement(u"acpi"_s);
    xml.writeEmptyElement(u"apic"_s);
    if (context.guest.windows) {
        xml.writeStartElement(u"hyperv"_s);
        xml.writeAttribute(u"mode"_s, u"custom"_s);
        emptyElement(xml, u"relaxed"_s, {{u"state"_s, u"on"_s}});
        emptyElement(xml, u"vapic"_s, {{u"state"_s, u"on"_s}});
        emptyElement(xml, u"spinlocks"_s, {{u"state"_s, u"on"_s}, {u"retries"_s, u"8191"_s}});
        xml.writeEndElement();
    }
    xml.writeEmptyElement(u"vmport"_s);
    xml.writeAttribute(u"state"_s, u"off"_s);
    // Secure boot firmware only runs with SMM, which keeps the guest from writing the
    // variable store directly.
    if (m_vm.firmware == Firmware::Efi && m_vm.secureBoot && (!m_options.firmware || m_options.firmware->secureBootSupported))
        emptyElement(xml, u"smm"_s, {{u"state"_s, u"on"_s}});
    xml.writeEndElement();
}

void DomainBuilder::writeClock(QXmlStreamWriter &xml, Context &context) const
{
    xml.writeStartElement(u"clock"_s);
    // Windows keeps the RTC in local time; everything else in UTC.
    xml.writeAttribute(u"offset"_s, context.guest.windows ? u"localtime"_s : u"utc"_s);
    emptyElement(xml, u"timer"_s, {{u"name"_s, u"rtc"_s}, {u"tickpolicy"_s, u"catchup"_s}});
    emptyElement(xml, u"timer"_s, {{u"name"_s, u"pit"_s}, {u"tickpolicy"_s, u"delay"_s}});
    emptyElement(xml, u"timer"_s, {{u"name"_s, u"hpet"_s}, {u"present"_s, u"no"_s}});
    if (context.guest.windows)
        emptyElement(xml, u"timer"_s, {{u"name"_s, u"hypervclock"_s}, {u"present"_s, u"yes"_s}});
    xml.writeEndElement();
    context.decisions << u"clock %1 (%2)"_s.arg(context.guest.windows ? u"localtime"_s : u"utc"_s,
                                                context.guest.windows ? u"Windows guest"_s : u"not a Windows guest"_s);
}

void DomainBuilder::writeDisks(QXmlStreamWriter &xml, Context &context) const
{
    for (int i = 0; i < m_disks.size(); ++i)
        writeDisk(xml, i, context);
}

void DomainBuilder::writeDisk(QXmlStreamWriter &xml, int index, Context &context) const
{
    const DomainDisk &disk = m_disks.at(index);
    const DiskInfo &source = m_vm.disks.at(index);
    const bool virtio = context.guest.virtioDisk;
    const QString bus = virtio ? u"virtio"_s : u"sata"_s;
    const QString dev = diskDeviceName(virtio ? u"vd"_s : u"sd"_s, index);
    static const QString kinds[] = {u"file"_s, u"block"_s, u"volume"_s};

    xml.writeStartElement(u"disk"_s);
    xml.writeAttribute(u"type"_s, kinds[int(disk.kind)]);
    xml.writeAttribute(u"device"_s, u"disk"_s);
    // discard='unmap' keeps thin disks thin when the guest trims.
    emptyElement(xml, u"driver"_s, {{u"name"_s, u"qemu"_s}, {u"type"_s, disk.format}, {u"discard"_s, u"unmap"_s}});
    xml.writeEmptyElement(u"source"_s);
    switch (disk.kind) {
    case DomainDisk::Kind::File:
        xml.writeAttribute(u"file"_s, disk.path);
        break;
    case DomainDisk::Kind::Block:
        xml.writeAttribute(u"dev"_s, disk.path);
        break;
    case DomainDisk::Kind::Volume:
        xml.writeAttribute(u"pool"_s, disk.pool);
        xml.writeAttribute(u"volume"_s, disk.volume);
        break;
    }
    emptyElement(xml, u"target"_s, {{u"dev"_s, dev}, {u"bus"_s, bus}});
    // Source order is boot order: the first disk is the one the firmware tries first.
    emptyElement(xml, u"boot"_s, {{u"order"_s, QString::number(index + 1)}});
    xml.writeEndElement();
    // One multi-argument arg(): labels come from the source and may contain '%'.
    const QString controller = source.controllerType.isEmpty() ? u"controller"_s : source.controllerType;
    context.decisions << u"%1 (%2 %3:%4, %5) -> %6 on %7 (%8), boot order %9"_s.arg(source.label, controller,
                                                                                    QString::number(source.controllerBus),
                                                                                    QString::number(source.unitNumber),
                                                                                    humanSize(source.capacity), dev, bus,
                                                                                    context.guest.reason, QString::number(index + 1));
}

DomainBuilder::NetworkTarget DomainBuilder::resolveNetwork(const QString &sourceNetwork, const DomainOptions &options)
{
    NetworkTarget target;
    target.name = options.networkMap.value(sourceNetwork);
    target.mapped = !target.name.isEmpty();
    if (!target.mapped)
        target.name = options.defaultNetwork;
    target.bridge = options.knownBridges.contains(target.name);
    if (target.name.startsWith(u"bridge:"_s) || target.name.startsWith(u"network:"_s)) {
        target.bridge = target.name.startsWith(u"bridge:"_s);
        target.name = target.name.section(u':', 1);
    }
    return target;
}

// A MAC libvirt accepts: six hex pairs, unicast.
bool DomainBuilder::keepsMac(const QString &mac)
{
    static const QRegularExpression pattern(u"^([0-9a-f]{2}:){5}[0-9a-f]{2}$"_s);
    if (!pattern.match(mac).hasMatch())
        return false;
    return (QStringView(mac).left(2).toInt(nullptr, 16) & 1) == 0;
}

void DomainBuilder::writeInterfaces(QXmlStreamWriter &xml, Context &context) const
{
    for (const NicInfo &nic : m_vm.nics)
        writeInterface(xml, nic, context);
}

void DomainBuilder::writeInterface(QXmlStreamWriter &xml, const NicInfo &nic, Context &context) const
{
    const NetworkTarget resolved = resolveNetwork(nic.network, m_options);
    const bool bridge = resolved.bridge;
    const QString &target = resolved.name;
    if (!resolved.mapped)
        context.warnings
            << u"%1: source network \"%2\" has no mapping; it is connected to libvirt network \"%3\" (map it with --network \"%2=NAME\")."_s
                   .arg(nic.label, nic.network, target);
    const QString model = context.guest.virtioNet ? u"virtio"_s : u"e1000e"_s;
    const QString mac = nic.macAddress.toLower();

    xml.writeStartElement(u"interface"_s);
    xml.writeAttribute(u"type"_s, bridge ? u"bridge"_s : u"network"_s);
    if (keepsMac(mac))
        emptyElement(xml, u"mac"_s, {{u"address"_s, mac}});
    else
        context.warnings
            << u"%1: the source MAC address \"%2\" is not usable; libvirt generates one, so DHCP reservations and licences tied to it change."_s
                   .arg(nic.label, nic.macAddress);
    emptyElement(xml, u"source"_s, {{bridge ? u"bridge"_s : u"network"_s, target}});
    emptyElement(xml, u"model"_s, {{u"type"_s, model}});
    if (!nic.connected)
        emptyElement(xml, u"link"_s, {{u"state"_s, u"down"_s}});
    xml.writeEndElement();
    context.decisions << u"%1 (%2, %3) on \"%4\" -> %5 %6, model %7 (%8)%9"_s.arg(
        nic.label, nic.model.isEmpty() ? u"unknown model"_s : nic.model, mac, nic.network, bridge ? u"bridge"_s : u"network"_s, target,
        model, context.guest.reason, nic.connected ? QString() : u", link down as on the source"_s);
}

void DomainBuilder::writeConsoleDevices(QXmlStreamWriter &xml, Context &context) const
{
    const bool toFile = !m_options.serialLogPath.isEmpty();
    xml.writeStartElement(u"serial"_s);
    xml.writeAttribute(u"type"_s, toFile ? u"file"_s : u"pty"_s);
    if (toFile)
        emptyElement(xml, u"source"_s, {{u"path"_s, m_options.serialLogPath}});
    emptyElement(xml, u"target"_s, {{u"port"_s, u"0"_s}});
    const bool logged = !toFile && !m_options.consoleLogPath.isEmpty();
    if (logged)
        emptyElement(xml, u"log"_s, {{u"file"_s, m_options.consoleLogPath}, {u"append"_s, u"off"_s}});
    xml.writeEndElement();
    xml.writeStartElement(u"console"_s);
    xml.writeAttribute(u"type"_s, toFile ? u"file"_s : u"pty"_s);
    if (toFile)
        emptyElement(xml, u"source"_s, {{u"path"_s, m_options.serialLogPath}});
    emptyElement(xml, u"target"_s, {{u"type"_s, u"serial"_s}, {u"port"_s, u"0"_s}});
    xml.writeEndElement();

    xml.writeStartElement(u"channel"_s);
    xml.writeAttribute(u"type"_s, u"unix"_s);
    emptyElement(xml, u"target"_s, {{u"type"_s, u"virtio"_s}, {u"name"_s, u"org.qemu.guest_agent.0"_s}});
    xml.writeEndElement();

    if (m_options.graphics != DomainOptions::Graphics::None) {
        const QString type = m_options.graphics == DomainOptions::Graphics::Spice ? u"spice"_s : u"vnc"_s;
        xml.writeStartElement(u"graphics"_s);
        xml.writeAttribute(u"type"_s, type);
        xml.writeAttribute(u"autoport"_s, u"yes"_s);
        emptyElement(xml, u"listen"_s, {{u"type"_s, u"address"_s}, {u"address"_s, u"127.0.0.1"_s}});
        xml.writeEndElement();
        context.decisions << u"%1 display listening on 127.0.0.1 only (reach it through an SSH tunnel)"_s.arg(type);
    }
    context.decisions << (toFile       ? u"serial console logged to %1"_s.arg(m_options.serialLogPath)
                              : logged ? u"serial console on a pty (virsh console), also logged to %1"_s.arg(m_options.consoleLogPath)
                                       : u"serial console on a pty (virsh console)"_s);
}

void DomainBuilder::writeOtherDevices(QXmlStreamWriter &xml, const Context &context) const
{
    // A guest that boots from virtio-blk has the virtio drivers for the rest as well.
    const bool virtio = context.guest.virtioDisk;
    xml.writeStartElement(u"video"_s);
    emptyElement(xml, u"model"_s, {{u"type"_s, virtio ? u"virtio"_s : u"vga"_s}});
    xml.writeEndElement();
    emptyElement(xml, u"input"_s, {{u"type"_s, u"tablet"_s}, {u"bus"_s, u"usb"_s}});
    emptyElement(xml, u"controller"_s, {{u"type"_s, u"usb"_s}, {u"model"_s, u"qemu-xhci"_s}});

    xml.writeStartElement(u"rng"_s);
    xml.writeAttribute(u"model"_s, u"virtio"_s);
    xml.writeStartElement(u"backend"_s);
    xml.writeAttribute(u"model"_s, u"random"_s);
    xml.writeCharacters(u"/dev/urandom"_s);
    xml.writeEndElement();
    xml.writeEndElement();
    // A balloon without a driver is an unknown device in Device Manager; leave it out.
    emptyElement(xml, u"memballoon"_s, {{u"model"_s, virtio ? u"virtio"_s : u"none"_s}});
}

} // namespace Ferry
