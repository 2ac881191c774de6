#include "convertcommand.h"

#include "base/error.h"
#include "base/safefile.h"
#include "cancellable.h"
#include "convert/converteddomain.h"
#include "convert/guestconverter.h"
#include "convert/nicnamekeeper.h"
#include "convert/virtiowin.h"
#include "exitcode.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace Ferry::Cli {

namespace {

Result<QJsonObject> readReport(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::NotFound,
                    u"cannot read %1: %2; give the directory of a migrated VM (it holds report.json)"_s.arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(16 << 20), &error);
    if (!document.isObject() || document.object().value(u"vm"_s).toString().isEmpty())
        return fail(ErrorCode::Usage, u"%1 is not a Ferry report.json (%2)"_s.arg(path, error.errorString()));
    return document.object();
}

// The disks as report.json names them, in source order; each must be a local file.
Result<ConversionInput> inputFrom(const QJsonObject &report, const QString &dir)
{
    ConversionInput input;
    input.name = report.value(u"vm"_s).toString();
    input.logPath = QDir(dir).absoluteFilePath(u"conversion.log"_s);
    const QJsonArray disks = report.value(u"disks"_s).toArray();
    for (const QJsonValue &value : disks) {
        const QJsonObject disk = value.toObject();
        const QString target = disk.value(u"target"_s).toString();
        if (!disk.value(u"error"_s).toString().isEmpty() || !QFileInfo(target).isFile())
            return fail(ErrorCode::Usage,
                        u"%1: \"%2\" is not a copied local file; convert works on dir: targets and local pool volumes"_s.arg(
                            disk.value(u"label"_s).toString(), target));
        input.format = disk.value(u"format"_s).toString(u"raw"_s);
        input.disks.append({target, u"scsi"_s}); // the source bus is not in the report
    }
    if (input.disks.isEmpty())
        return fail(ErrorCode::Usage, u"report.json of %1 names no disk"_s.arg(input.name));
    return input;
}

QStringList macsIn(const QString &xml)
{
    QStringList macs;
    static const QRegularExpression mac(u"<mac address=\"([0-9a-fA-F:]{17})\"/>"_s);
    for (const auto &match : mac.globalMatch(xml))
        macs << match.captured(1);
    return macs;
}

// Rewrites the domain file for virtio; returns the line for the admin.
QString switchDomain(const ConversionReport &conversion, const QString &domain)
{
    QFile file(domain);
    if (!QFileInfo(domain).isFile() || !file.open(QIODevice::ReadOnly))
        return u"the libvirt domain \"%1\" still has SATA disks: switch them to virtio (virsh edit %1)"_s.arg(domain);
    const QString xml = ConvertedDomain::withVirtio(QString::fromUtf8(file.readAll()), conversion.nicModel == u"virtio-net"_s);
    if (auto written = SafeFile::writeAtomically(domain, xml.toUtf8()); !written)
        return u"could not rewrite %1 for virtio: %2"_s.arg(domain, written.error().toString());
    return u"domain XML rewritten for virtio: "_s + domain;
}

} // namespace

QString ConvertCommand::name() const
{
    return u"convert"_s;
}

QString ConvertCommand::summary() const
{
    return u"Convert a migrated guest to virtio again (virt-v2v-in-place), without copying"_s;
}

int ConvertCommand::run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addPositionalArgument(u"DIR"_s, u"The migrated VM's directory, holding report.json."_s);
    parser.addOption(QCommandLineOption(u"json"_s, u"Print report.json's new conversion object on stdout."_s));
    parser.addOption(QCommandLineOption(u"virtio-win"_s, u"virtio-win ISO or directory, for Windows guests."_s, u"PATH"_s));
    if (parser.parse(arguments) && parser.isSet(u"help"_s)) {
        const QString help = parser.helpText();
        out << "Usage: ferry-cli convert [options] DIR" << help.mid(help.indexOf(u'\n'));
        return ExitOk;
    }
    if (!parser.parse(arguments) || parser.positionalArguments().size() != 1) {
        err << "ferry-cli convert: " << (parser.errorText().isEmpty() ? u"give one DIR"_s : parser.errorText()) << '\n';
        return ExitUsage;
    }
    QString virtioWinPath; // checked before anything is read: a wrong path is a usage error
    if (parser.isSet(u"virtio-win"_s)) {
        auto virtioWin = VirtioWin::check(parser.value(u"virtio-win"_s));
        if (!virtioWin) {
            err << "ferry-cli convert: " << virtioWin.error().toString() << '\n';
            return ExitUsage;
        }
        virtioWinPath = *virtioWin;
    }
    const QString dir = parser.positionalArguments().constFirst();
    const QString reportPath = QDir(dir).filePath(u"report.json"_s);
    auto report = readReport(reportPath);
    auto input = report ? inputFrom(*report, dir) : Result<ConversionInput>(std::unexpected(report.error()));
    if (!input) {
        err << "ferry-cli convert: " << input.error().toString() << '\n';
        return input.error().code() == ErrorCode::Usage ? ExitUsage : ExitFailure;
    }
    input->virtioWin = virtioWinPath;
    const QString domain = report->value(u"domain_xml"_s).toString();
    if (QFile xml(domain); QFileInfo(domain).isFile() && xml.open(QIODevice::ReadOnly))
        input->macs = macsIn(QString::fromUtf8(xml.readAll()));
    input->nicNames = NicNameKeeper::decide(input->macs, report->value(u"inspection"_s).toObject().value(u"network"_s).toArray());

    ConversionReport conversion;
    const GuestConverter converter([&](const QString &line) { err << input->name << ": " << line << Qt::endl; });
    const bool interrupted = runCancellable([&](const std::atomic<bool> *cancel) { conversion = converter.convert(*input, cancel); });
    QJsonArray warnings = report->value(u"warnings"_s).toArray();
    QString outcome = conversion.converted() ? switchDomain(conversion, domain) : conversion.reason;
    if (!conversion.converted())
        warnings.append(u"guest conversion %1: %2"_s.arg(conversion.result, conversion.reason));
    report->insert(u"conversion"_s, conversion.toJson());
    report->insert(u"warnings"_s, warnings);
    if (auto written = SafeFile::writeAtomically(reportPath, QJsonDocument(*report).toJson()); !written)
        outcome += u"; report.json not updated: "_s + written.error().toString();
    if (parser.isSet(u"json"_s))
        out << QJsonDocument(conversion.toJson()).toJson(QJsonDocument::Compact) << '\n';
    err << input->name << ": conversion " << conversion.result << " after " << qRound(conversion.seconds) << " s; " << outcome << Qt::endl;
    if (interrupted)
        return ExitInterrupted;
    return conversion.converted() ? ExitOk : ExitFailure;
}

} // namespace Ferry::Cli
