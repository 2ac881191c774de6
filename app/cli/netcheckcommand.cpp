#include "netcheckcommand.h"

#include "exitcode.h"
#include "netcheck/httpprobe.h"
#include "netcheck/pathmtuprobe.h"
#include "netcheck/readbenchmark.h"
#include "netcheck/tlscost.h"
#include "plan/bytesize.h"
#include "sourceconnection.h"
#include "vsphere/propertycollector.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace Ferry::Cli {

namespace {

const QStringList allChecks{u"mtu"_s, u"http"_s, u"tls"_s, u"bench"_s};
constexpr qint64 tlsCostBytes = 256ll << 20;

CheckStatus worst(const QList<CheckResult> &checks)
{
    CheckStatus status = CheckStatus::Skip;
    for (const CheckResult &check : checks)
        status = std::max(status, check.status);
    return status;
}

} // namespace

QString NetcheckCommand::name() const
{
    return u"netcheck"_s;
}

QString NetcheckCommand::summary() const
{
    return u"Check what the network to a source allows before a long copy (MTU, Range, TLS, connections)."_s;
}

QString NetcheckCommand::formatCheck(const CheckResult &check)
{
    QString text = u"[%1] %2: %3\n"_s.arg(toString(check.status).toUpper(), check.title, check.summary);
    if (!check.advice.isEmpty())
        text += u"       advice: %1\n"_s.arg(check.advice);
    return text;
}

void NetcheckCommand::add(const CheckResult &check)
{
    m_results << check;
    if (m_printAsYouGo) {
        QTextStream out(stdout);
        out << formatCheck(check);
    }
}

Result<NetcheckCommand::Options> NetcheckCommand::parse(QCommandLineParser &parser, const QStringList &arguments)
{
    parser.setApplicationDescription(summary());
    parser.addHelpOption();
    m_sourceOptions.addTo(parser);
    const QCommandLineOption json(u"json"_s, u"Print the checks as JSON on stdout."_s);
    const QCommandLineOption vm(u"vm"_s, u"Read a disk of this VM (default: the first VM with a disk)."_s, u"NAME"_s);
    const QCommandLineOption checks(u"checks"_s, u"Comma-separated checks to run: mtu,http,tls,bench (default all)."_s,
                                    u"LIST"_s, allChecks.join(u','));
    const QCommandLineOption seconds(u"bench-seconds"_s, u"Seconds per read benchmark run (default 2)."_s, u"S"_s, u"2"_s);
    const QCommandLineOption bytes(u"bench-bytes"_s, u"Bytes read at most per benchmark run (default 512M)."_s, u"BYTES"_s, u"512M"_s);
    parser.addOptions({json, vm, checks, seconds, bytes});
    if (!parser.parse(arguments))
        return fail(ErrorCode::Usage, parser.errorText());
    Options options;
    options.json = parser.isSet(json);
    options.vm = parser.value(vm);
    options.checks = parser.value(checks).split(u',', Qt::SkipEmptyParts);
    for (const QString &check : options.checks) {
        if (!allChecks.contains(check))
            return fail(ErrorCode::Usage, u"unknown check '%1' in --checks; use mtu, http, tls, bench"_s.arg(check));
    }
    bool ok = false;
    options.benchSeconds = parser.value(seconds).toInt(&ok);
    if (!ok || options.benchSeconds < 1 || options.benchSeconds > 60)
        return fail(ErrorCode::Usage, u"--bench-seconds must be a number from 1 to 60"_s);
    const auto limit = parseByteSize(parser.value(bytes));
    if (!limit || *limit < (1 << 20))
        return fail(ErrorCode::Usage, u"--bench-bytes must be a size of at least 1M, like 256M or 2G"_s);
    options.benchBytes = *limit;
    if (!parser.positionalArguments().isEmpty())
        return fail(ErrorCode::Usage, u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));
    return options;
}

Result<NetCheckTarget> NetcheckCommand::chooseDisk(const Inventory &inventory, const SourceEndpoint &endpoint, const QString &vmName)
{
    for (const VmInfo &vm : inventory.vms) {
        if (!vmName.isEmpty() && vm.name != vmName)
            continue;
        for (const DiskInfo &disk : vm.disks) {
            if (disk.capacity <= 0 || disk.backing != DiskBacking::Flat)
                continue;
            NetCheckTarget target;
            target.endpoint = endpoint;
            target.diskUrl = endpoint.folderUrl(vm.datacenterPath, disk.datastore, disk.flatPath());
            target.capacity = disk.capacity;
            target.diskLabel = u"%1 / %2"_s.arg(vm.name, disk.label);
            return target;
        }
        if (!vmName.isEmpty())
            return fail(ErrorCode::NotFound, u"VM '%1' has no flat disk to read; pick another with --vm"_s.arg(vmName));
    }
    if (!vmName.isEmpty())
        return fail(ErrorCode::NotFound, u"no VM named '%1' on the source; see ferry-cli inventory"_s.arg(vmName));
    return fail(ErrorCode::NotFound, u"no VM on the source has a flat disk to read"_s);
}

Result<void> NetcheckCommand::runDiskChecks(const NetCheckTarget &target, const Options &options)
{
    QString cipher;
    if (options.checks.contains(u"http"_s) || options.checks.contains(u"tls"_s)) {
        HttpProbe probe(target);
        const auto checks = probe.run();
        if (!checks && checks.error().code() == ErrorCode::TrustRefused)
            return std::unexpected(checks.error());
        if (!checks)
            add(CheckResult{u"connection"_s, u"Connection to /folder"_s, CheckStatus::Fail, checks.error().message(),
                            u"check that the source's HTTPS port is reachable from this host"_s, {}});
        for (const CheckResult &check : checks.value_or(QList<CheckResult>{})) {
            const bool tlsOnly = check.id == u"tls" || check.id == u"http2";
            if (options.checks.contains(tlsOnly ? u"tls"_s : u"http"_s))
                add(check);
        }
        cipher = probe.cipherName();
    }
    if (options.checks.contains(u"tls"_s))
        add(TlsCost::check(cipher, tlsCostBytes));
    if (options.checks.contains(u"bench"_s)) {
        ReadBenchmark benchmark(target);
        benchmark.setDuration(std::chrono::seconds(options.benchSeconds));
        benchmark.setByteLimit(options.benchBytes);
        add(benchmark.run());
    }
    return {};
}

int NetcheckCommand::run(const QStringList &arguments)
{
    QTextStream out(stdout);
    QCommandLineParser parser;
    const auto options = parse(parser, arguments);
    if (!options)
        return reportError(options.error());
    if (parser.isSet(u"help"_s)) {
        const QString help = parser.helpText();
        out << "Usage: ferry-cli netcheck [options]" << help.mid(help.indexOf(u'\n'));
        return ExitOk;
    }
    auto endpoint = m_sourceOptions.endpoint(parser);
    if (!endpoint)
        return reportError(endpoint.error());
    m_printAsYouGo = !options->json;
    if (options->checks.contains(u"mtu"_s)) {
        PathMtuProbe probe(endpoint->url.host());
        for (const CheckResult &check : probe.run())
            add(check);
    }
    if (options->checks != QStringList{u"mtu"_s}) {
        SourceConnection connection(*endpoint);
        const auto inventory = connection.readInventory(PropertyCollector::defaultMaxObjects);
        if (!inventory)
            return reportError(inventory.error());
        auto target = chooseDisk(*inventory, *endpoint, options->vm);
        if (!target)
            return reportError(target.error());
        target->cookie = connection.sessionCookie();
        if (auto r = runDiskChecks(*target, *options); !r)
            return reportError(r.error());
    }
    const CheckStatus status = worst(m_results);
    if (options->json) {
        QJsonArray checks;
        for (const CheckResult &check : m_results)
            checks.append(check.toJson());
        const QJsonObject document{{u"source"_s, endpoint->url.toString()}, {u"result"_s, toString(status)}, {u"checks"_s, checks}};
        out << QJsonDocument(document).toJson(QJsonDocument::Indented);
    }
    return status == CheckStatus::Fail ? ExitFailure : ExitOk;
}

} // namespace Ferry::Cli
