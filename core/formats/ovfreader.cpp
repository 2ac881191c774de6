#include "ovfreader.h"

#include "base/diskcapacity.h"
#include "ovfguestos.h"
#include "ovfhardwarereader.h"
#include "vsphere/xmltreereader.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

Error invalid(const QString &what)
{
    return Error(ErrorCode::Protocol, u"invalid OVF descriptor: %1"_s.arg(what));
}

Finding finding(Finding::Severity severity, const QString &code, const QString &message, const QString &details = {})
{
    return Finding{severity, code, message, details};
}

// An href Ferry opens inside the package or next to the .ovf: a plain relative name.
QString unsafeHref(const QString &href)
{
    if (href.isEmpty())
        return u"is empty"_s;
    if (href.contains(u"://"_s) || href.startsWith(u"file:"_s, Qt::CaseInsensitive))
        return u"is a URL (only files inside the package are read)"_s;
    if (href.startsWith(u'/') || href.contains(u'\\'))
        return u"is an absolute path"_s;
    for (const QStringView part : QStringView(href).split(u'/')) {
        if (part == u"..")
            return u"has a '..' component (path traversal)"_s;
        if (part.isEmpty() || part == u".")
            return u"has an empty or '.' path component"_s;
    }
    for (const QChar c : href) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return u"has a control character"_s;
    }
    return {};
}

Result<qint64> attributeInteger(const XmlElement &element, QStringView name, qint64 fallback, const QString &where)
{
    const QString text = element.attribute(name).trimmed();
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < 0)
        return std::unexpected(invalid(u"%1 %2 is '%3', not a number"_s.arg(where, name.toString(), text.left(40))));
    return value;
}

OvfDiskFormat formatOf(const QString &url, const QString &href)
{
    const QString lower = url.toLower();
    if (lower.contains(u"streamoptimized"_s))
        return OvfDiskFormat::StreamOptimizedVmdk;
    if (lower.contains(u"vmdk.html#sparse"_s) || lower.contains(u"monolithicsparse"_s))
        return OvfDiskFormat::MonolithicSparseVmdk;
    if (lower.contains(u"vmdk"_s) && lower.contains(u"flat"_s))
        return OvfDiskFormat::FlatVmdk;
    if (lower.contains(u"qcow"_s))
        return OvfDiskFormat::Qcow2;
    if (lower.endsWith(u"/raw"_s) || lower.endsWith(u"#raw"_s))
        return OvfDiskFormat::Raw;
    if (lower.isEmpty()) {
        const QString name = href.toLower();
        if (name.endsWith(u".img"_s) || name.endsWith(u".raw"_s))
            return OvfDiskFormat::Raw;
        if (name.endsWith(u".qcow2"_s))
            return OvfDiskFormat::Qcow2;
    }
    return OvfDiskFormat::Unknown;
}

class EnvelopeReader
{
public:
    explicit EnvelopeReader(OvfPackage &package)
        : m_package(package)
    {
    }

    Result<void> read(const XmlElement &envelope);

private:
    Result<void> readReferences(const XmlElement &references);
    Result<void> readDisks(const XmlElement &section);
    void readNetworks(const XmlElement &section);
    void readDeploymentOptions(const XmlElement &section);
    Result<void> readCollection(const XmlElement &collection, int depth);
    Result<void> readSystem(const XmlElement &element);
    void readOperatingSystem(const XmlElement &section, OvfVirtualSystem &system);
    void checkDisks(OvfVirtualSystem &system);
    void unknownSection(const XmlElement &element, QList<Finding> &findings, const QString &where);

    OvfPackage &m_package;
    QString m_configuration;
    QSet<QString> m_systemIds;
};

Result<void> EnvelopeReader::readReferences(const XmlElement &references)
{
    QSet<QString> ids, hrefs;
    for (const XmlElement *element : references.childrenNamed(u"File")) {
        OvfFile file;
        file.id = element->attribute(u"id").trimmed();
        file.href = element->attribute(u"href").trimmed();
        if (file.id.isEmpty())
            return std::unexpected(invalid(u"a File without ovf:id"_s));
        if (const QString why = unsafeHref(file.href); !why.isEmpty())
            return std::unexpected(invalid(u"file '%1': href '%2' %3"_s.arg(file.id.left(80), file.href.left(120), why)));
        if (ids.contains(file.id) || hrefs.contains(file.href))
            return std::unexpected(invalid(u"file '%1' ('%2') is listed twice"_s.arg(file.id.left(80), file.href.left(120))));
        ids.insert(file.id);
        hrefs.insert(file.href);
        auto size = attributeInteger(*element, u"size", -1, u"file '%1'"_s.arg(file.id.left(80)));
        auto chunk = attributeInteger(*element, u"chunkSize", 0, u"file '%1'"_s.arg(file.id.left(80)));
        if (!size || !chunk)
            return std::unexpected(!size ? size.error() : chunk.error());
        file.size = *size;
        file.chunkSize = *chunk;
        file.compression = element->attribute(u"compression").trimmed();
        if (file.compression == u"identity"_s)
            file.compression.clear();
        m_package.files.append(file);
    }
    return {};
}

Result<void> EnvelopeReader::readDisks(const XmlElement &section)
{
    for (const XmlElement *element : section.childrenNamed(u"Disk")) {
        OvfDisk disk;
        disk.diskId = element->attribute(u"diskId").trimmed();
        disk.fileRef = element->attribute(u"fileRef").trimmed();
        const QString where = u"disk '%1'"_s.arg(disk.diskId.left(80));
        if (disk.diskId.isEmpty())
            return std::unexpected(invalid(u"a Disk without ovf:diskId"_s));
        if (m_package.disk(disk.diskId))
            return std::unexpected(invalid(u"%1 is listed twice"_s.arg(where)));
        if (!disk.fileRef.isEmpty() && !m_package.file(disk.fileRef))
            return std::unexpected(invalid(u"%1 names file '%2', which References does not list"_s.arg(where, disk.fileRef.left(80))));
        auto capacity = attributeInteger(*element, u"capacity", -1, where);
        if (!capacity)
            return std::unexpected(capacity.error());
        if (*capacity < 0)
            return std::unexpected(invalid(u"%1 has no capacity"_s.arg(where)));
        auto bytes = OvfReader::bytesFromUnits(*capacity, element->attribute(u"capacityAllocationUnits").trimmed());
        if (!bytes)
            return std::unexpected(invalid(u"%1: %2"_s.arg(where, bytes.error().message())));
        disk.capacity = *bytes;
        auto populated = attributeInteger(*element, u"populatedSize", -1, where);
        if (!populated)
            return std::unexpected(populated.error());
        disk.populatedSize = *populated;
        disk.formatUrl = element->attribute(u"format").trimmed();
        const OvfFile *file = m_package.file(disk.fileRef);
        disk.format = formatOf(disk.formatUrl, file ? file->href : QString());
        m_package.disks.append(disk);
    }
    return {};
}

void EnvelopeReader::readNetworks(const XmlElement &section)
{
    for (const XmlElement *element : section.childrenNamed(u"Network"))
        m_package.networks.append(OvfNetwork{element->attribute(u"name").trimmed(), element->childText(u"Description").trimmed()});
}

void EnvelopeReader::readDeploymentOptions(const XmlElement &section)
{
    const QList<const XmlElement *> options = section.childrenNamed(u"Configuration");
    for (const XmlElement *option : options) {
        if (m_configuration.isEmpty() || option->attribute(u"default") == u"true"_s)
            m_configuration = option->attribute(u"id").trimmed();
    }
    if (options.size() > 1)
        m_package.findings.append(finding(
            Finding::Severity::Warning, u"ovf-deployment-option"_s,
            u"the package offers %1 deployment options; Ferry uses the default one, '%2'"_s.arg(options.size()).arg(m_configuration)));
}

void EnvelopeReader::unknownSection(const XmlElement &element, QList<Finding> &findings, const QString &where)
{
    static const QHash<QString, QString> known{
        {u"ProductSection"_s, u"product information and vApp properties are not applied"_s},
        {u"EulaSection"_s, u"the package carries a license agreement (EULA); read it before using the VM"_s},
        {u"AnnotationSection"_s, u"the annotation is not carried over"_s},
        {u"StartupSection"_s, u"the start order is not carried over"_s},
        {u"BootOrderSection"_s, u"the boot order is not carried over; the first disk boots"_s},
        {u"IpAssignmentSection"_s, u"IP assignment settings are not applied"_s},
        {u"ResourceAllocationSection"_s, u"resource allocation (reservations, shares) is not carried over"_s},
        {u"InstallSection"_s, u"the install-time boot is not performed"_s},
        {u"Strings"_s, u"localized strings are not used"_s},
    };
    const QString name = element.name();
    const auto reason = known.constFind(name);
    const bool optional = element.attribute(u"required") == u"false"_s;
    const Finding::Severity severity = name == u"EulaSection"_s || (!optional && reason == known.constEnd()) ? Finding::Severity::Warning
                                                                                                             : Finding::Severity::Info;
    findings.append(
        finding(severity, u"ovf-unmapped-section"_s,
                u"%1: %2"_s.arg(where,
                                reason != known.constEnd() ? *reason
                                                           : u"section '%1' is not understood and is ignored"_s.arg(name.left(80))),
                element.childText(u"Info").trimmed().left(200)));
}

void EnvelopeReader::readOperatingSystem(const XmlElement &section, OvfVirtualSystem &system)
{
    const QString description = section.childText(u"Description").trimmed();
    const QString vmwType = section.attribute(u"osType").trimmed();
    const QString vboxType = section.childText(u"OSType").trimmed();
    system.vm.guestFullName = description.left(200);
    if (!vmwType.isEmpty()) {
        system.vm.guestId = vmwType.left(80);
    } else if (!vboxType.isEmpty()) {
        system.vm.guestId = OvfGuestOs::fromVirtualBox(vboxType);
        if (system.vm.guestFullName.isEmpty())
            system.vm.guestFullName = vboxType.left(80);
        if (system.vm.guestId.isEmpty())
            system.findings.append(
                finding(Finding::Severity::Info, u"ovf-guest-os"_s,
                        u"VirtualBox guest type '%1' is not known; the guest is treated as 'other'"_s.arg(vboxType.left(80))));
    } else {
        system.vm.guestId = OvfGuestOs::fromCim(section.attribute(u"id").trimmed().toInt());
        if (system.vm.guestId.isEmpty())
            system.findings.append(finding(Finding::Severity::Info, u"ovf-guest-os"_s,
                                           u"the guest OS is given only as CIM id %1 ('%2'); the guest is treated as 'other'"_s.arg(
                                               section.attribute(u"id").trimmed().left(10), description.left(80))));
    }
}

// VirtualBox's own settings: firmware, when no vmw:Config said it, and the machine UUID.
void readVirtualBoxMachine(const XmlElement &machine, OvfVirtualSystem &system, bool firmwareSet)
{
    system.vm.uuid = machine.attribute(u"uuid").remove(u'{').remove(u'}').trimmed().left(64);
    if (const XmlElement *firmware = machine.find(u"Hardware.Firmware"); firmware && !firmwareSet)
        system.vm.firmware = firmware->attribute(u"type").startsWith(u"EFI"_s, Qt::CaseInsensitive) ? Firmware::Efi : Firmware::Bios;
}

void EnvelopeReader::checkDisks(OvfVirtualSystem &system)
{
    for (qsizetype i = 0; i < system.diskIds.size(); ++i) {
        const OvfDisk *disk = m_package.disk(system.diskIds[i]);
        const OvfFile *file = m_package.fileForDisk(system, i);
        const QString label = system.vm.disks[i].label;
        if (!file)
            system.findings.append(finding(Finding::Severity::Warning, u"ovf-blank-disk"_s,
                                           u"disk '%1' has no file in the package: it is created empty"_s.arg(label)));
        else if (!file->compression.isEmpty() || file->chunkSize > 0)
            system.findings.append(
                finding(Finding::Severity::Blocker, u"ovf-file-encoding"_s,
                        u"disk '%1': file '%2' is %3; Ferry reads only plain files"_s.arg(
                            label, file->href,
                            file->chunkSize > 0 ? u"split into chunks"_s : u"compressed (%1)"_s.arg(file->compression.left(20)))));
        if (file && disk->format == OvfDiskFormat::Unknown)
            system.findings.append(finding(Finding::Severity::Blocker, u"ovf-disk-format"_s,
                                           u"disk '%1' has the unknown format '%2'"_s.arg(label, disk->formatUrl.left(120))));
    }
}

Result<void> EnvelopeReader::readSystem(const XmlElement &element)
{
    OvfVirtualSystem system;
    system.id = element.attribute(u"id").trimmed();
    if (system.id.isEmpty())
        return std::unexpected(invalid(u"a VirtualSystem without ovf:id"_s));
    if (m_systemIds.contains(system.id))
        return std::unexpected(invalid(u"VirtualSystem '%1' is listed twice"_s.arg(system.id.left(80))));
    m_systemIds.insert(system.id);
    system.vm.moref = u"ovf:"_s + system.id;
    system.vm.name = element.childText(u"Name").trimmed();
    if (system.vm.name.isEmpty())
        system.vm.name = system.id;
    system.vm.name = system.vm.name.left(200);
    system.vm.powerState = PowerState::PoweredOff;
    const QString where = u"VM '%1'"_s.arg(system.vm.name);
    bool hardwareRead = false;
    const XmlElement *machine = nullptr;
    for (const XmlElement &child : element.children()) {
        const QString name = child.name();
        if (name == u"Info"_s || name == u"Name"_s)
            continue;
        if (name == u"OperatingSystemSection"_s) {
            readOperatingSystem(child, system);
        } else if (name == u"VirtualHardwareSection"_s && !hardwareRead) {
            if (auto ok = OvfHardwareReader::read(child, m_package, m_configuration, system); !ok)
                return std::unexpected(ok.error().prefixed(where));
            hardwareRead = true;
        } else if (name == u"VirtualHardwareSection"_s) {
            system.findings.append(
                finding(Finding::Severity::Info, u"ovf-unmapped-section"_s,
                        u"%1: a further VirtualHardwareSection ('%2') is ignored; the first one is used"_s.arg(
                            where,
                            child.find(u"System.VirtualSystemType") ? child.find(u"System.VirtualSystemType")->text().trimmed().left(80)
                                                                    : QString())));
        } else if (name == u"Machine"_s) {
            machine = &child;
        } else {
            unknownSection(child, system.findings, where);
        }
    }
    if (!hardwareRead)
        return std::unexpected(invalid(u"%1 has no VirtualHardwareSection"_s.arg(where)));
    if (machine) {
        const bool firmwareSet = system.vm.firmware == Firmware::Efi; // vmw:Config said so
        readVirtualBoxMachine(*machine, system, firmwareSet);
    }
    checkDisks(system);
    m_package.systems.append(system);
    return {};
}

Result<void> EnvelopeReader::readCollection(const XmlElement &collection, int depth)
{
    if (depth > 8)
        return std::unexpected(invalid(u"VirtualSystemCollections nest deeper than 8 levels"_s));
    for (const XmlElement &child : collection.children()) {
        const QString name = child.name();
        if (name == u"Info"_s || name == u"Name"_s)
            continue;
        if (name == u"VirtualSystem"_s) {
            if (auto ok = readSystem(child); !ok)
                return ok;
        } else if (name == u"VirtualSystemCollection"_s) {
            if (auto ok = readCollection(child, depth + 1); !ok)
                return ok;
        } else {
            unknownSection(child, m_package.findings, u"collection '%1'"_s.arg(collection.attribute(u"id").left(80)));
        }
    }
    return {};
}

Result<void> EnvelopeReader::read(const XmlElement &envelope)
{
    // Sections the systems refer to come first, whatever their order in the file.
    const XmlElement *content = nullptr;
    for (const XmlElement &child : envelope.children()) {
        const QString name = child.name();
        if (name == u"References"_s) {
            if (auto ok = readReferences(child); !ok)
                return ok;
        } else if (name == u"VirtualSystem"_s || name == u"VirtualSystemCollection"_s) {
            if (content)
                return std::unexpected(invalid(u"the envelope holds more than one VirtualSystem or VirtualSystemCollection"_s));
            content = &child;
        }
    }
    for (const XmlElement &child : envelope.children()) {
        const QString name = child.name();
        if (name == u"DiskSection"_s) {
            if (auto ok = readDisks(child); !ok)
                return ok;
        } else if (name == u"NetworkSection"_s) {
            readNetworks(child);
        } else if (name == u"DeploymentOptionSection"_s) {
            readDeploymentOptions(child);
        } else if (name != u"References"_s && name != u"VirtualSystem"_s && name != u"VirtualSystemCollection"_s) {
            unknownSection(child, m_package.findings, u"package"_s);
        }
    }
    if (!content)
        return std::unexpected(invalid(u"no VirtualSystem or VirtualSystemCollection"_s));
    if (auto ok = content->name() == u"VirtualSystem"_s ? readSystem(*content) : readCollection(*content, 0); !ok)
        return ok;
    if (m_package.systems.isEmpty())
        return std::unexpected(invalid(u"the VirtualSystemCollection holds no VirtualSystem"_s));
    return {};
}

} // namespace

Result<OvfPackage> OvfReader::read(const QByteArray &xml)
{
    if (xml.size() > maxSize)
        return fail(ErrorCode::Protocol, u"the OVF descriptor is larger than %1 bytes"_s.arg(maxSize));
    auto root = XmlTreeReader::read(xml, u"the OVF descriptor"_s, u"which Ferry refuses (entity expansion)"_s, 64, 200'000);
    if (!root)
        return std::unexpected(root.error());
    if (root->name() != u"Envelope"_s)
        return fail(ErrorCode::Protocol, u"the OVF descriptor's root is <%1>, not an OVF Envelope"_s.arg(root->name().left(40)));
    OvfPackage package;
    package.ovfVersion = xml.contains("schemas.dmtf.org/ovf/envelope/2") ? u"2.0"_s : u"1.x"_s;
    EnvelopeReader reader(package);
    if (auto ok = reader.read(*root); !ok)
        return std::unexpected(ok.error());
    return package;
}

Result<qint64> OvfReader::bytesFromUnits(qint64 value, const QString &units)
{
    static const QRegularExpression programmatic(uR"(^bytes?(?:\s*\*\s*(\d{1,4})(?:\s*\^\s*(\d{1,3}))?)?$)"_s,
                                                 QRegularExpression::CaseInsensitiveOption);
    static const QHash<QString, qint64> named{
        {u"kilobytes"_s, 1ll << 10}, {u"kb"_s, 1ll << 10},        {u"kib"_s, 1ll << 10},       {u"megabytes"_s, 1ll << 20},
        {u"mb"_s, 1ll << 20},        {u"mib"_s, 1ll << 20},       {u"gigabytes"_s, 1ll << 30}, {u"gb"_s, 1ll << 30},
        {u"gib"_s, 1ll << 30},       {u"terabytes"_s, 1ll << 40}, {u"tb"_s, 1ll << 40},        {u"tib"_s, 1ll << 40},
    };
    if (value < 0)
        return fail(ErrorCode::Protocol, u"negative size %1"_s.arg(value));
    qint64 multiplier = 1;
    const QString trimmed = units.trimmed();
    if (const auto match = programmatic.match(trimmed); trimmed.isEmpty() || match.hasMatch()) {
        const qint64 base = match.captured(1).isEmpty() ? 1 : match.captured(1).toLongLong();
        const int exponent = match.captured(2).isEmpty() ? 1 : match.captured(2).toInt();
        for (int i = 0; i < exponent; ++i) {
            if (base > 1 && multiplier > DiskCapacity::maximum / base)
                return fail(ErrorCode::Protocol,
                            u"the unit '%1' is larger than %2 bytes"_s.arg(trimmed.left(40)).arg(DiskCapacity::maximum));
            multiplier *= base;
        }
        if (base == 0)
            return fail(ErrorCode::Protocol, u"the unit '%1' is zero"_s.arg(trimmed.left(40)));
    } else if (const auto found = named.constFind(trimmed.toLower()); found != named.constEnd()) {
        multiplier = *found;
    } else {
        return fail(ErrorCode::Protocol, u"unknown allocation unit '%1'"_s.arg(trimmed.left(40)));
    }
    if (value > DiskCapacity::maximum / multiplier)
        return fail(ErrorCode::Protocol,
                    u"%1 * '%2' is more than %3 bytes (62 TiB)"_s.arg(value).arg(trimmed.left(40)).arg(DiskCapacity::maximum));
    return value * multiplier;
}

} // namespace Ferry
