#include "guestconfigparser.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QString unquote(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2 && (value.front() == u'"' || value.front() == u'\'') && value.back() == value.front())
        value = value.mid(1, value.size() - 2);
    return value;
}

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(u'\n');
}

QString stripComment(const QString &line)
{
    const qsizetype hash = line.indexOf(u'#');
    return (hash >= 0 ? line.left(hash) : line).trimmed();
}

int indentation(const QString &line)
{
    int n = 0;
    while (n < line.size() && line.at(n) == u' ')
        ++n;
    return n;
}

NetworkConfig config(const QString &name, const QString &mac, const QString &source, const QString &kind)
{
    return NetworkConfig{name, mac.toLower(), source, kind};
}

} // namespace

QHash<QString, QString> GuestConfigParser::parseShellVariables(const QByteArray &text)
{
    QHash<QString, QString> values;
    for (const QString &raw : lines(text)) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0)
            continue;
        values.insert(line.left(equals).trimmed(), unquote(line.mid(equals + 1)));
    }
    return values;
}

QList<FstabEntry> GuestConfigParser::parseFstab(const QByteArray &text)
{
    QList<FstabEntry> entries;
    static const QRegularExpression spaces(u"\\s+"_s);
    for (const QString &raw : lines(text)) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QStringList fields = line.split(spaces, Qt::SkipEmptyParts);
        if (fields.size() < 2)
            continue;
        entries.append(FstabEntry{fields.at(0), fields.at(1), fields.value(2), fields.value(3)});
    }
    return entries;
}

// A deliberately small YAML reader: netplan files are shallow maps, and only the keys
// under network.ethernets/bonds/vlans/bridges matter.
QList<NetworkConfig> GuestConfigParser::parseNetplan(const QByteArray &text, const QString &source)
{
    QList<NetworkConfig> configs;
    int sectionIndent = -1;   // indentation of "ethernets:"
    int interfaceIndent = -1; // indentation of the interface keys under it
    for (const QString &raw : lines(text)) {
        const QString line = stripComment(raw);
        if (line.isEmpty())
            continue;
        const int indent = indentation(raw);
        const qsizetype colon = line.indexOf(u':');
        const QString key = colon >= 0 ? unquote(line.left(colon)) : line;
        const QString value = colon >= 0 ? unquote(line.mid(colon + 1)) : QString();
        if (sectionIndent >= 0 && indent <= sectionIndent)
            sectionIndent = interfaceIndent = -1;
        if (sectionIndent < 0) {
            if (key == u"ethernets" || key == u"bonds" || key == u"vlans" || key == u"bridges")
                sectionIndent = indent;
            continue;
        }
        if (interfaceIndent < 0 || indent == interfaceIndent) {
            interfaceIndent = indent;
            configs.append(config(key, {}, source, u"netplan"_s));
        } else if (key == u"macaddress" && !configs.isEmpty()) {
            configs.last().mac = value.toLower();
        } else if (key == u"set-name" && !configs.isEmpty()) {
            configs.last().interfaceName = value;
        }
    }
    return configs;
}

QList<NetworkConfig> GuestConfigParser::parseIfcfg(const QByteArray &text, const QString &source)
{
    const QHash<QString, QString> values = parseShellVariables(text);
    QString name = values.value(u"DEVICE"_s);
    if (name.isEmpty())
        name = QFileInfo(source).fileName().mid(int(qstrlen("ifcfg-")));
    if (name == u"lo")
        return {};
    return {config(name, values.value(u"HWADDR"_s, values.value(u"MACADDR"_s)), source, u"ifcfg"_s)};
}

QList<NetworkConfig> GuestConfigParser::parseInterfaces(const QByteArray &text, const QString &source)
{
    QList<NetworkConfig> configs;
    QStringList seen;
    static const QRegularExpression spaces(u"\\s+"_s);
    for (const QString &raw : lines(text)) {
        const QStringList fields = stripComment(raw).split(spaces, Qt::SkipEmptyParts);
        if (fields.size() < 2)
            continue;
        const QString &keyword = fields.first();
        QStringList names;
        if (keyword == u"iface")
            names << fields.at(1);
        else if (keyword == u"auto" || keyword.startsWith(u"allow-"_s))
            names = fields.mid(1);
        else if (keyword == u"hwaddress" && !configs.isEmpty())
            configs.last().mac = fields.last().toLower();
        for (const QString &name : names) {
            if (name == u"lo" || seen.contains(name))
                continue;
            seen << name;
            configs.append(config(name, {}, source, u"interfaces"_s));
        }
    }
    return configs;
}

QList<NetworkConfig> GuestConfigParser::parseNmConnection(const QByteArray &text, const QString &source)
{
    QString name;
    QString mac;
    for (const QString &raw : lines(text)) {
        const QString line = raw.trimmed();
        if (line.startsWith(u"interface-name="_s))
            name = line.mid(15).trimmed();
        else if (line.startsWith(u"mac-address="_s))
            mac = line.mid(12).trimmed();
    }
    if (name.isEmpty() && mac.isEmpty())
        return {};
    return {config(name, mac, source, u"networkmanager"_s)};
}

QList<NetworkConfig> GuestConfigParser::parseUdevNetRules(const QByteArray &text, const QString &source)
{
    QList<NetworkConfig> configs;
    static const QRegularExpression name(u"NAME=\"([^\"]+)\""_s);
    static const QRegularExpression address(u"ATTR\\{address\\}==\"([^\"]+)\""_s);
    for (const QString &raw : lines(text)) {
        const QString line = raw.trimmed();
        if (line.startsWith(u'#'))
            continue;
        const auto nameMatch = name.match(line);
        if (nameMatch.hasMatch())
            configs.append(config(nameMatch.captured(1), address.match(line).captured(1), source, u"udev"_s));
    }
    return configs;
}

QString GuestConfigParser::peProductVersion(const QByteArray &image)
{
    // VS_VERSION_INFO's StringFileInfo holds "ProductVersion\0" then, word-aligned, the value.
    const QString key = u"ProductVersion"_s;
    const QByteArray needle(reinterpret_cast<const char *>(key.utf16()), key.size() * 2);
    const qsizetype at = image.indexOf(needle);
    if (at < 0)
        return {};
    qsizetype pos = at + needle.size();
    while (pos + 1 < image.size() && image.at(pos) == 0 && image.at(pos + 1) == 0)
        pos += 2;
    QString value;
    for (; pos + 1 < image.size() && value.size() < 64; pos += 2) {
        const char16_t unit = qFromLittleEndian<quint16>(image.constData() + pos);
        if (unit == 0)
            break;
        value += QChar(unit);
    }
    static const QRegularExpression version(u"^\\d+(\\.\\d+){1,3}"_s);
    return version.match(value.trimmed()).captured(0);
}

QString GuestConfigParser::peMachine(const QByteArray &header)
{
    if (header.size() < 0x40 || !header.startsWith("MZ"))
        return {};
    const quint32 peOffset = qFromLittleEndian<quint32>(header.constData() + 0x3c);
    if (peOffset > quint32(header.size() - 6) || header.mid(peOffset, 4) != QByteArrayView("PE\0\0", 4))
        return {};
    switch (qFromLittleEndian<quint16>(header.constData() + peOffset + 4)) {
    case 0x8664:
        return u"x86_64"_s;
    case 0x014c:
        return u"i686"_s;
    case 0xaa64:
        return u"aarch64"_s;
    default:
        return {};
    }
}

QString GuestConfigParser::elfMachine(const QByteArray &header)
{
    if (header.size() < 20
        || !header.startsWith("\x7f"
                              "ELF"))
        return {};
    const bool bigEndian = header.at(5) == 2;
    const quint16 machine = bigEndian ? qFromBigEndian<quint16>(header.constData() + 18)
                                      : qFromLittleEndian<quint16>(header.constData() + 18);
    switch (machine) {
    case 62:
        return u"x86_64"_s;
    case 3:
        return u"i686"_s;
    case 183:
        return u"aarch64"_s;
    case 40:
        return u"arm"_s;
    case 21:
        return u"ppc64"_s;
    case 22:
        return u"s390x"_s;
    case 243:
        return u"riscv64"_s;
    default:
        return {};
    }
}

QString GuestConfigParser::windowsProductName(const QString &version)
{
    struct Build
    {
        int number;
        const char16_t *name;
    };
    static constexpr Build builds[] = {
        {26100, u"Windows Server 2025 / Windows 11 24H2"},
        {22631, u"Windows 11 23H2"},
        {22621, u"Windows 11 22H2"},
        {22000, u"Windows 11 21H2"},
        {20348, u"Windows Server 2022"},
        {19041, u"Windows 10 2004 or later"},
        {17763, u"Windows Server 2019 / Windows 10 1809"},
        {14393, u"Windows Server 2016 / Windows 10 1607"},
        {9600, u"Windows Server 2012 R2 / Windows 8.1"},
        {9200, u"Windows Server 2012 / Windows 8"},
        {7601, u"Windows Server 2008 R2 SP1 / Windows 7 SP1"},
    };
    const QStringList parts = version.split(u'.');
    const int build = parts.value(2).toInt();
    for (const Build &known : builds) {
        if (build >= known.number)
            return QString::fromUtf16(known.name);
    }
    return version.isEmpty() ? u"Windows"_s : u"Windows %1"_s.arg(version);
}

} // namespace Ferry
