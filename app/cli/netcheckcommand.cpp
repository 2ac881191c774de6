#include "netcheckcommand.h"

#include "base/bytesize.h"
#include "exitcode.h"
#include "sourceconnection.h"
#include "vsphere/propertycollector.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace Ferry::Cli {

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

Result<NetcheckCommand::Options> NetcheckCommand::parse(QCommandLineParser &parser, const QStringList &arguments)
{
    parser.setApplicationDescription(summary());
    parser.addHelpOption();
    m_sourceOptions.addTo(parser);
    const QCommandLineOption json(u"json"_s, u"Print the checks as JSON on stdout."_s);
    const QCommandLineOption vm(u"vm"_s, u"Read a disk of this VM (default: the first VM with a disk)."_s, u"NAME"_s);
    const QCommandLineOption checks(u"checks"_s, u"Comma-separated checks to run: mtu,http,tls,bench (default all)."_s, u"LIST"_s,
                                    NetCheckOptions::allChecks().join(u','));
    const QCommandLineOption seconds(u"bench-seconds"_s, u"Seconds per read benchmark run (default 2)."_s, u"S"_s, u"2"_s);
    const QCommandLineOption bytes(u"bench-bytes"_s, u"Bytes read at most per benchmark run (default 512M)."_s, u"BYTES"_s, u"512M"_s);
    parser.addOptions({json, vm, checks, seconds, bytes});
    if (!parser.parse(arguments))
        return fail(ErrorCode::Usage, parser.errorText());
    Options options;
    options.json = parser.isSet(json);
    options.vm = parser.value(vm);
    options.checks.checks = parser.value(checks).split(u',', Qt::SkipEmptyParts);
    for (const QString &check : options.checks.checks) {
        if (!NetCheckOptions::allChecks().contains(check))
            return fail(ErrorCode::Usage, u"unknown check '%1' in --checks; use mtu, http, tls, bench"_s.arg(check));
    }
    bool ok = false;
    options.checks.benchSeconds = parser.value(seconds).toInt(&ok);
    if (!ok || options.checks.benchSeconds < 1 || options.checks.benchSeconds > 60)
        return fail(ErrorCode::Usage, u"--bench-seconds must be a number from 1 to 60"_s);
    const auto limit = parseByteSize(parser.value(bytes));
    if (!limit || *limit < (1 << 20))
        return fail(ErrorCode::Usage, u"--bench-bytes must be a size of at least 1M, like 256M or 2G"_s);
    options.checks.benchBytes = *limit;
    if (!parser.positionalArguments().isEmpty())
        return fail(ErrorCode::Usage, u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));
    return options;
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
    NetCheckSuite suite(options->checks, [&](const CheckResult &check) {
        if (!options->json)
            out << formatCheck(check) << Qt::flush;
    });
    if (auto ran = runChecks(suite, *endpoint, *options); !ran)
        return reportError(ran.error());
    const QList<CheckResult> results = suite.results();
    const CheckStatus status = NetCheckSuite::worst(results);
    if (options->json) {
        QJsonArray checks;
        for (const CheckResult &check : results)
            checks.append(check.toJson());
        const QJsonObject document{{u"source"_s, endpoint->url.toString(QUrl::RemovePassword)},
                                   {u"result"_s, toString(status)},
                                   {u"checks"_s, checks}};
        out << QJsonDocument(document).toJson(QJsonDocument::Indented);
    }
    return status == CheckStatus::Fail ? ExitFailure : ExitOk;
}

Result<void> NetcheckCommand::runChecks(NetCheckSuite &suite, const SourceEndpoint &endpoint, const Options &options)
{
    suite.runPathChecks(endpoint);
    if (options.checks.checks == QStringList{u"mtu"_s})
        return {};
    SourceConnection connection(endpoint);
    const auto inventory = connection.readInventory(PropertyCollector::defaultMaxObjects);
    if (!inventory)
        return std::unexpected(inventory.error());
    auto target = NetCheckSuite::chooseDisk(*inventory, endpoint, options.vm);
    if (!target)
        return std::unexpected(target.error());
    target->cookie = connection.sessionCookie();
    return suite.runDiskChecks(*target);
}

} // namespace Ferry::Cli
