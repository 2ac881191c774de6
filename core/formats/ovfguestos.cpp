#include "ovfguestos.h"

#include <QHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

QString OvfGuestOs::fromVirtualBox(const QString &osType)
{
    static const QHash<QString, QString> windows{
        {u"Windows11_64"_s, u"windows11_64Guest"_s},
        {u"Windows10_64"_s, u"windows9_64Guest"_s},
        {u"Windows10"_s, u"windows9Guest"_s},
        {u"Windows81_64"_s, u"windows8_64Guest"_s},
        {u"Windows8_64"_s, u"windows8_64Guest"_s},
        {u"Windows7_64"_s, u"windows7_64Guest"_s},
        {u"Windows7"_s, u"windows7Guest"_s},
        {u"Windows2022_64"_s, u"windows2019srvNext_64Guest"_s},
        {u"Windows2019_64"_s, u"windows2019srv_64Guest"_s},
        {u"Windows2016_64"_s, u"windows9Server64Guest"_s},
        {u"Windows2012_64"_s, u"windows8Server64Guest"_s},
        {u"Windows2008_64"_s, u"windows7Server64Guest"_s},
    };
    if (const auto found = windows.constFind(osType); found != windows.constEnd())
        return *found;
    // "Debian12_64" -> debian12_64Guest, "RedHat9_64" -> rhel9_64Guest, "Oracle8_64" ...
    static const QRegularExpression versioned(u"^(Debian|RedHat|Oracle|OpenSUSE_Leap|SUSE_LE)(\\d+)(?:_\\d+)?_64$"_s);
    if (const auto match = versioned.match(osType); match.hasMatch()) {
        const QString family = match.captured(1);
        const QString version = match.captured(2);
        if (family == u"Debian"_s)
            return u"debian%1_64Guest"_s.arg(version);
        if (family == u"RedHat"_s)
            return u"rhel%1_64Guest"_s.arg(version);
        if (family == u"Oracle"_s)
            return u"oracleLinux%1_64Guest"_s.arg(version);
        return u"sles%1_64Guest"_s.arg(version);
    }
    if (osType.startsWith(u"Ubuntu"_s) && osType.endsWith(u"_64"_s))
        return u"ubuntu64Guest"_s;
    if (osType.startsWith(u"Fedora"_s) && osType.endsWith(u"_64"_s))
        return u"fedora64Guest"_s;
    if (osType.startsWith(u"Windows"_s))
        return osType.endsWith(u"_64"_s) ? u"windows9_64Guest"_s : u"windows9Guest"_s;
    if (osType.endsWith(u"_64"_s)
        && (osType.startsWith(u"Linux"_s) || osType.startsWith(u"ArchLinux"_s) || osType.startsWith(u"Debian"_s)
            || osType.startsWith(u"RedHat"_s) || osType.startsWith(u"OpenSUSE"_s) || osType.startsWith(u"Gentoo"_s)))
        return u"otherLinux64Guest"_s;
    if (osType.startsWith(u"Linux"_s))
        return u"otherLinuxGuest"_s;
    return {};
}

QString OvfGuestOs::fromCim(int id)
{
    switch (id) {
    case 36: // LINUX
        return u"otherLinuxGuest"_s;
    case 101: // Linux 2.6.x 64-bit
    case 102: // Linux 2.4.x 64-bit? (other 64-bit Linux)
        return u"otherLinux64Guest"_s;
    case 94: // Ubuntu 64-Bit
        return u"ubuntu64Guest"_s;
    case 80: // RedHat Enterprise Linux 64-Bit
        return u"rhel7_64Guest"_s;
    default:
        return {};
    }
}

} // namespace Ferry
