#include "inventorycommand.h"

#include "base/bytesize.h"
#include "exitcode.h"
#include "import/packagesource.h"
#include "sourceconnection.h"
#include "vsphere/inventoryjson.h"
#include "vsphere/propertycollector.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace Ferry::Cli {

namespace {

QString powerText(PowerState state)
{
    switch (state) {
    case PowerState::PoweredOn:
        return u"on"_s;
    case PowerState::Suspended:
        return u"suspended"_s;
    case PowerState::PoweredOff:
        break;
    }
    return u"off"_s;
}

QStringList vmRow(const VmInfo &vm, bool showDatacenter)
{
    qint64 diskBytes = 0;
    for (const DiskInfo &disk : vm.disks)
        diskBytes += disk.capacity;
    QStringList row;
    // On a vCenter: where the VM is, so two VMs of one name in two datacenters differ.
    if (showDatacenter)
        row << vm.datacenterPath << (vm.cluster.isEmpty() ? vm.host : vm.cluster + u'/' + vm.host)
            << (vm.folder.isEmpty() ? u"-"_s : vm.folder);
    row << (vm.template_ ? vm.name + u" (template)"_s : vm.name) << powerText(vm.powerState) << (vm.guestId.isEmpty() ? u"-"_s : vm.guestId)
        << (vm.firmware == Firmware::Efi ? (vm.secureBoot ? u"efi+sb"_s : u"efi"_s) : u"bios"_s) << QString::number(vm.numCpu)
        << formatByteSize(vm.memoryMB * 1024 * 1024) << u"%1 (%2)"_s.arg(vm.disks.size()).arg(formatByteSize(diskBytes))
        << QString::number(vm.nics.size()) << QString::number(vm.snapshotCount);
    return row;
}

QString formatRows(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = qMax(widths[i], row[i].size());
        }
    }
    QString out;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        out += line + u'\n';
    }
    return out;
}

QJsonArray findingsJson(const QList<Finding> &findings)
{
    QJsonArray array;
    for (const Finding &finding : findings)
        array.append(finding.toJson());
    return array;
}

// A package's inventory also says what the package is and what Ferry did not map:
// "package": {"kind", "path", "findings"} and "findings" on each VM.
QJsonObject withPackage(QJsonObject object, const PackageSource *package)
{
    if (!package)
        return object;
    object.insert(u"package"_s,
                  QJsonObject{{u"kind"_s, package->kindName()},
                              {u"path"_s, package->path()},
                              {u"findings"_s, findingsJson(package->packageFindings())}});
    QJsonArray vms = object.value(u"vms"_s).toArray();
    for (qsizetype i = 0; i < vms.size(); ++i) {
        QJsonObject vm = vms.at(i).toObject();
        const QString name = vm.value(u"name"_s).toString();
        vm.insert(u"findings"_s, findingsJson(package->findings(name).mid(package->packageFindings().size())));
        vms.replace(i, vm);
    }
    object.insert(u"vms"_s, vms);
    return object;
}

// The table of a package names the file instead of a host, and lists the findings: the
// package's once, then each VM's own.
QString packageTable(const QString &table, const PackageSource *package)
{
    if (!package)
        return table;
    QString out = u"Package: %1 (%2)\n"_s.arg(package->path(), package->kind() == PackageSource::Kind::Ova ? u"OVA"_s : u"OVF directory"_s)
        + table.mid(table.indexOf(u'\n') + 1);
    QString findings;
    const QList<Finding> shared = package->packageFindings();
    for (const Finding &finding : shared)
        findings += u"package: %1: %2\n"_s.arg(toString(finding.severity), finding.message);
    for (const VmInfo &vm : package->inventory().vms)
        for (const Finding &finding : package->findings(vm.name).mid(shared.size()))
            findings += u"%1: %2: %3\n"_s.arg(vm.name, toString(finding.severity), finding.message);
    return findings.isEmpty() ? out : out + u"\n"_s + findings;
}

} // namespace

QString InventoryCommand::name() const
{
    return u"inventory"_s;
}

QString InventoryCommand::summary() const
{
    return u"List the VMs, datastores and networks of an ESXi host or vCenter, or the VMs of an OVA/OVF package."_s;
}

int InventoryCommand::run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(summary());
    parser.addHelpOption();
    m_sourceOptions.addTo(parser);
    const QCommandLineOption json(u"json"_s, u"Print the inventory as JSON on stdout."_s);
    const QCommandLineOption pageSize(u"page-size"_s, u"Objects per RetrievePropertiesEx page (default 100)."_s, u"N"_s,
                                      QString::number(PropertyCollector::defaultMaxObjects));
    parser.addOptions({json, pageSize});
    if (!parser.parse(arguments))
        return reportError(Error(ErrorCode::Usage, parser.errorText()));
    if (parser.isSet(u"help"_s)) {
        // QCommandLineParser names the binary's path; the usage line names the subcommand.
        const QString help = parser.helpText();
        out << "Usage: ferry-cli inventory [options]" << help.mid(help.indexOf(u'\n'));
        return ExitOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return reportError(Error(ErrorCode::Usage, u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first())));
    bool ok = false;
    const int objects = parser.value(pageSize).toInt(&ok);
    if (!ok || objects < 1 || objects > 10000)
        return reportError(Error(ErrorCode::Usage, u"--page-size must be a number from 1 to 10000"_s));
    auto endpoint = m_sourceOptions.endpoint(parser);
    if (!endpoint)
        return reportError(endpoint.error());

    SourceConnection connection(*endpoint);
    const auto inventory = connection.readInventory(objects);
    if (!inventory)
        return reportError(inventory.error());
    if (parser.isSet(json))
        out << QJsonDocument(withPackage(InventoryJson::toJson(*inventory), connection.package())).toJson(QJsonDocument::Indented);
    else
        out << packageTable(formatTable(*inventory), connection.package());
    return ExitOk;
}

QString InventoryCommand::formatTable(const Inventory &inventory)
{
    const HostInfo &host = inventory.host;
    QString out = u"Host: %1 (%2, API %3)\n"_s.arg(host.fullName, toString(host.apiType), host.apiVersion);
    if (inventory.vms.isEmpty())
        return out + u"No virtual machines.\n"_s;
    const bool showDatacenter = inventory.datacenters.size() > 1;
    QList<QStringList> rows;
    QStringList header;
    if (showDatacenter)
        header << u"DATACENTER"_s << u"CLUSTER/HOST"_s << u"FOLDER"_s;
    header << u"NAME"_s << u"POWER"_s << u"GUEST"_s << u"FIRMWARE"_s << u"CPUS"_s << u"MEMORY"_s << u"DISKS"_s << u"NICS"_s
           << u"SNAPSHOTS"_s;
    rows << header;
    for (const VmInfo &vm : inventory.vms)
        rows << vmRow(vm, showDatacenter);
    return out + u'\n' + formatRows(rows);
}

} // namespace Ferry::Cli
