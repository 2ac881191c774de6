#include "windowsfacts.h"

#include "inspect/guestconfigparser.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 kKernelBytes = 64 * 1024 * 1024;
const QString kKernel = u"/Windows/System32/ntoskrnl.exe"_s;

} // namespace

bool WindowsFacts::isSystemVolume(const GuestTree &tree)
{
    return tree.exists(kKernel);
}

OsInfo WindowsFacts::readOs(const GuestTree &tree)
{
    OsInfo os;
    os.family = u"windows"_s;
    os.distribution = u"windows"_s;
    const QByteArray kernel = tree.read(kKernel, kKernelBytes).value_or(QByteArray());
    os.arch = GuestConfigParser::peMachine(kernel.left(4096));
    if (tree.exists(u"/Windows/SysWOW64"_s) && os.arch.isEmpty())
        os.arch = u"x86_64"_s;
    os.version = GuestConfigParser::peProductVersion(kernel);
    os.name = GuestConfigParser::windowsProductName(os.version);
    const QByteArray license = tree.read(u"/Windows/System32/license.rtf"_s, 1024 * 1024).value_or(QByteArray());
    if (license.contains("Windows Server") || license.contains("WINDOWS SERVER"))
        os.name = os.name.section(u" / "_s, 0, 0);
    else if (!license.isEmpty() && os.name.contains(u" / "_s))
        os.name = os.name.section(u" / "_s, 1);
    os.heuristics
        << u"Windows version %1 read from ntoskrnl.exe's version resource; the product name \"%2\" is guessed from the build number%3"_s
               .arg(os.version.isEmpty() ? u"(none)"_s : os.version, os.name, license.isEmpty() ? QString() : u" and license.rtf"_s)
        << u"the hostname is in the registry, which Ferry does not read"_s;
    for (const QString &driver : {u"viostor"_s, u"vioscsi"_s, u"netkvm"_s}) {
        if (tree.exists(u"/Windows/System32/drivers/%1.sys"_s.arg(driver)))
            os.virtioDrivers << driver;
    }
    for (const QString &tools : {u"/Program Files/VMware/VMware Tools"_s, u"/Program Files (x86)/VMware/VMware Tools"_s}) {
        if (tree.isDirectory(tools)) {
            os.vmwareTools = true;
            os.vmwareToolsEvidence = tools;
            break;
        }
    }
    return os;
}

} // namespace Ferry
