#include "inspectcommand.h"

#include "base/bytesize.h"
#include "cancellable.h"
#include "exitcode.h"
#include "import/packagesource.h"
#include "inspect/inspector.h"
#include "sourceconnection.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include <atomic>
#include <optional>

using namespace Qt::StringLiterals;

namespace Ferry::Cli {

namespace {

Result<InspectionReport> inspectCancellable(const InspectSource &target)
{
    std::optional<Result<InspectionReport>> result;
    runCancellable([&](const std::atomic<bool> *cancel) { result = Inspector().inspect(target, cancel); });
    return *result;
}

QString yesNo(const std::optional<bool> &value)
{
    return value ? (*value ? u"yes"_s : u"no"_s) : u"unknown"_s;
}

QString osSection(const OsInfo &os)
{
    QString out = u"OS:          %1"_s.arg(os.name.isEmpty() ? os.family : os.name);
    if (os.family != u"unknown")
        out += u" (%1 %2 %3, %4)"_s.arg(os.family, os.distribution, os.version, os.arch.isEmpty() ? u"arch unknown"_s : os.arch);
    out += u'\n';
    if (!os.hostname.isEmpty())
        out += u"Hostname:    %1\n"_s.arg(os.hostname);
    for (const KernelInfo &kernel : os.kernels)
        out += u"Kernel:      %1  initramfs %2 (virtio disk driver: %3)  virtio modules: %4\n"_s.arg(
            kernel.version, kernel.initramfs.isEmpty() ? u"none"_s : kernel.initramfs, yesNo(kernel.virtioInInitramfs),
            kernel.virtioModules.isEmpty() ? u"none"_s : kernel.virtioModules.join(u", "_s));
    if (os.family == u"windows")
        out += u"Drivers:     virtio %1\n"_s.arg(os.virtioDrivers.isEmpty() ? u"none"_s : os.virtioDrivers.join(u", "_s));
    if (os.vmwareTools)
        out += u"VMware Tools: %1\n"_s.arg(os.vmwareToolsEvidence);
    return out;
}

QString volumeLine(const QString &name, qint64 size, const QString &type, const FilesystemInfo &fs, const QString &mountedAs)
{
    return u"  %1 %2 %3 %4 %5 %6\n"_s.arg(name.leftJustified(14), formatByteSize(size).rightJustified(10), type.leftJustified(22),
                                          fs.type.leftJustified(12), (fs.label.isEmpty() ? u"-"_s : fs.label).leftJustified(12),
                                          mountedAs.isEmpty() ? u"-"_s : mountedAs);
}

QString findingsSection(const QList<Finding> &findings)
{
    if (findings.isEmpty())
        return u"Findings:    none\n"_s;
    QString out = u"Findings:\n"_s;
    for (const Finding &finding : findings)
        out += u"  %1 %2\n"_s.arg(toString(finding.severity).toUpper().leftJustified(8), finding.message);
    return out;
}

} // namespace

InspectCommand::InspectCommand() = default;

InspectCommand::~InspectCommand() = default;

QString InspectCommand::name() const
{
    return u"inspect"_s;
}

QString InspectCommand::summary() const
{
    return u"Inspect a guest disk read-only: OS, partitions, boot, drivers and migration risks."_s;
}

QString InspectCommand::formatReport(const InspectionReport &report)
{
    QString out = u"Disk:        %1 (%2, partition table %3)\n"_s.arg(report.target, formatByteSize(report.diskSize),
                                                                      report.partitionTable);
    out += osSection(report.os);
    out += u"Firmware:    %1 (MBR boot code: %2%3)\n"_s.arg(report.boot.firmware, report.boot.mbrBootCode,
                                                            report.boot.efiBinaries.isEmpty()
                                                                ? QString()
                                                                : u"; ESP: "_s + report.boot.efiBinaries.join(u", "_s));
    out += u"Volumes:\n"_s;
    for (const PartitionEntry &partition : report.partitions)
        out += volumeLine(partition.number ? u"partition %1"_s.arg(partition.number) : u"whole disk"_s, partition.size,
                          partition.typeName.isEmpty() ? partition.type : partition.typeName, partition.filesystem, partition.mountedAs);
    for (const LvmVolume &volume : report.lvm)
        out += volumeLine(volume.vg + u'/' + volume.name, volume.size, u"LVM "_s + volume.segmentType, volume.filesystem, volume.mountedAs);
    for (const NetworkConfig &config : report.network)
        out += u"Network:     %1%2 (%3 %4)\n"_s.arg(config.interfaceName, config.mac.isEmpty() ? QString() : u" mac "_s + config.mac,
                                                    config.kind, config.source);
    out += u"Recommended: disk bus %1, NIC %2 (%3)\n"_s.arg(report.recommendation.diskBus, report.recommendation.nicModel,
                                                            report.recommendation.reason);
    return out + findingsSection(report.findings);
}

Result<InspectSource> InspectCommand::sourceTarget(const QCommandLineParser &parser)
{
    const auto endpoint = m_sourceOptions.endpoint(parser);
    if (!endpoint)
        return std::unexpected(endpoint.error());
    m_connection = std::make_unique<SourceConnection>(*endpoint);
    const auto inventory = m_connection->readInventory(100);
    if (!inventory)
        return std::unexpected(inventory.error());
    const QString vmName = parser.value(u"vm"_s);
    bool ok = false;
    const int disk = parser.value(u"disk"_s).toInt(&ok);
    for (const VmInfo &vm : inventory->vms) {
        if (vm.name != vmName)
            continue;
        if (!ok || disk < 1 || disk > vm.disks.size())
            return fail(ErrorCode::Usage, u"--disk must be a number from 1 to %1 for %2"_s.arg(vm.disks.size()).arg(vmName));
        const DiskInfo &info = vm.disks.at(disk - 1);
        if (const PackageSource *package = m_connection->package()) {
            auto image = package->rawImagePath(info.path);
            if (!image)
                return std::unexpected(image.error());
            return InspectSource::fromImage(*image, u"raw"_s);
        }
        return InspectSource::fromSourceDisk(*endpoint, vm.datacenterPath, info.datastore, info.flatPath(), m_connection->sessionCookie());
    }
    return fail(ErrorCode::NotFound, u"The source has no VM named %1."_s.arg(vmName));
}

Result<InspectSource> InspectCommand::targetFrom(const QCommandLineParser &parser)
{
    const QStringList positional = parser.positionalArguments();
    const bool fromSource = parser.isSet(u"vm"_s);
    if (fromSource == (positional.size() == 1) || positional.size() > 1)
        return fail(ErrorCode::Usage, u"give either one IMAGE or NBD-URI, or --source with --vm"_s);
    const QString format = parser.value(u"format"_s);
    if (!format.isEmpty() && format != u"raw" && format != u"qcow2")
        return fail(ErrorCode::Usage, u"--format must be raw or qcow2"_s);
    if (fromSource)
        return sourceTarget(parser);
    if (positional.first().startsWith(u"nbd"_s))
        return InspectSource::fromNbdUri(positional.first());
    return InspectSource::fromImage(positional.first(), format);
}

int InspectCommand::run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QCommandLineParser parser;
    parser.setApplicationDescription(summary());
    parser.addHelpOption();
    parser.addPositionalArgument(u"disk"_s, u"An image file (raw or qcow2) or an NBD URI (nbd://, nbd+unix://)."_s, u"IMAGE|NBD-URI"_s);
    m_sourceOptions.addTo(parser);
    const QCommandLineOption format(u"format"_s, u"Image format: raw or qcow2 (default: detected)."_s, u"FORMAT"_s);
    const QCommandLineOption vm(u"vm"_s, u"With --source: inspect this VM's disk on the source, before copying."_s, u"NAME"_s);
    const QCommandLineOption disk(u"disk"_s, u"With --vm: which disk, 1 for the first (default)."_s, u"N"_s, u"1"_s);
    const QCommandLineOption json(u"json"_s, u"Print the inspection as JSON on stdout."_s);
    parser.addOptions({format, vm, disk, json});
    if (!parser.parse(arguments))
        return reportError(Error(ErrorCode::Usage, parser.errorText()));
    if (parser.isSet(u"help"_s)) {
        const QString help = parser.helpText();
        out << "Usage: ferry-cli inspect [options] IMAGE|NBD-URI" << help.mid(help.indexOf(u'\n'));
        return ExitOk;
    }
    const auto target = targetFrom(parser);
    if (!target)
        return reportError(target.error());
    const auto report = inspectCancellable(*target);
    if (!report)
        return reportError(report.error());
    if (parser.isSet(json))
        out << QJsonDocument(report->toJson()).toJson(QJsonDocument::Indented);
    else
        out << formatReport(*report);
    return ExitOk;
}

} // namespace Ferry::Cli
