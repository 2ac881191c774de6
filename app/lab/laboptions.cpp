#include "laboptions.h"

#include "base/version.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

const char helpText[] = R"(ferry-lab: an ESXi-compatible HTTPS endpoint for demos, fault tests and benchmarks.

It serves /sdk (vim25 SOAP shaped like ESXi 8.0.2), /folder (datastore files with
Range support) and /lab/stats (JSON counters, no auth) from a lab inventory of real
guest disks built under --data-dir on first start.

When listening it prints exactly one line to stdout:
  {"event":"ready","url":"https://127.0.0.1:PORT","fingerprint":"AB:CD:..."}

The password comes from --password-file FILE or FERRY_LAB_PASSWORD; with neither,
any password is accepted for --user.

Byte counts accept K, M, G, T suffixes (powers of 1024).)";

Result<qint64> parseSize(const QString &text, const QString &option)
{
    static const QString suffixes = u"KMGT"_s;
    QString digits = text.trimmed().toUpper();
    if (digits.endsWith(u'B'))
        digits.chop(1);
    qint64 factor = 1;
    const qsizetype suffix = digits.isEmpty() ? -1 : suffixes.indexOf(digits.back());
    if (suffix >= 0) {
        factor = qint64(1) << (10 * (suffix + 1));
        digits.chop(1);
    }
    bool ok = false;
    const qint64 value = digits.toLongLong(&ok);
    if (!ok || value < 0 || value > std::numeric_limits<qint64>::max() / factor)
        return fail(ErrorCode::Usage, u"--%1 needs a byte count like 4096, 64K or 4G, got '%2'"_s.arg(option, text));
    return value * factor;
}

Result<int> parseCount(const QString &text, const QString &option)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < 0)
        return fail(ErrorCode::Usage, u"--%1 needs a whole number >= 0, got '%2'"_s.arg(option, text));
    return value;
}

Result<LieMode> parseLie(const QString &text)
{
    static const QList<std::pair<QString, LieMode>> modes = {{u"wrong-range"_s, LieMode::WrongRange}, {u"short-body"_s, LieMode::ShortBody},
                                                             {u"long-body"_s, LieMode::LongBody},     {u"bad-total"_s, LieMode::BadTotal},
                                                             {u"corrupt"_s, LieMode::Corrupt},        {u"none"_s, LieMode::None}};
    for (const auto &[name, mode] : modes) {
        if (name == text)
            return mode;
    }
    return fail(ErrorCode::Usage, u"--lie must be wrong-range, short-body, long-body, bad-total or corrupt, got '%1'"_s.arg(text));
}

Result<void> parseListen(const QString &text, LabOptions &options)
{
    const qsizetype colon = text.lastIndexOf(u':');
    bool ok = false;
    const uint port = colon < 0 ? 0 : text.mid(colon + 1).toUInt(&ok);
    QString host = colon < 0 ? QString() : text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address = host == u"localhost" ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    if (!ok || port > 65535 || address.isNull())
        return fail(ErrorCode::Usage, u"--listen needs HOST:PORT with a numeric address, e.g. 127.0.0.1:0, got '%1'"_s.arg(text));
    options.host = address;
    options.port = quint16(port);
    return {};
}

Result<QString> readPassword(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, u"cannot read the password file '%1': %2"_s.arg(path, file.errorString()));
    QByteArray line = file.readLine(64 * 1024);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

struct Parser
{
    QCommandLineParser parser;
    QCommandLineOption listen{u"listen"_s, u"Address to listen on; port 0 picks a free port (default 127.0.0.1:0)."_s, u"HOST:PORT"_s,
                              u"127.0.0.1:0"_s};
    QCommandLineOption user{u"user"_s, u"User name accepted by Login and Basic auth (default root)."_s, u"NAME"_s, u"root"_s};
    QCommandLineOption passwordFile{u"password-file"_s, u"File whose first line is the password (or set FERRY_LAB_PASSWORD)."_s, u"FILE"_s};
    QCommandLineOption dataDir{u"data-dir"_s, u"Cache of certificate, guest images and datastore (default $XDG_CACHE_HOME/ferry-lab)."_s,
                               u"DIR"_s};
    QCommandLineOption maxObjects{u"max-objects"_s, u"Cap RetrievePropertiesEx pages at N objects to force paging."_s, u"N"_s};
    QCommandLineOption extraVms{u"extra-vms"_s, u"Add N small VMs named filler-NNN (for paging tests)."_s, u"N"_s};
    QCommandLineOption benchDisk{u"bench-disk-size"_s, u"Add VM 'bench' with a pseudo-random disk of BYTES (e.g. 4G)."_s, u"BYTES"_s};
    QCommandLineOption guestVm{u"guest-vm"_s,
                               u"Add VM NAME whose pvscsi disks are these raw images (absolute paths, sizes in whole MiB), "
                               u"one vmxnet3 NIC; ',efi' for UEFI. Repeatable."_s,
                               u"NAME=IMAGE[,IMAGE...][,efi]"_s};
    QCommandLineOption maxConnections{u"max-connections"_s, u"Concurrent TCP connections accepted (default 256)."_s, u"N"_s, u"256"_s};
    QCommandLineOption verbose{u"verbose"_s, u"Log every request as a JSON line on stderr."_s};
    QCommandLineOption exitWithStdin{u"exit-with-stdin"_s, u"Quit when stdin is closed (used by Ferry's LabSource)."_s};
    QCommandLineOption rate{u"rate-per-connection"_s, u"Cap /folder body bytes per TCP connection (token bucket)."_s, u"BYTES_PER_SEC"_s};
    QCommandLineOption rateTotal{u"rate-limit-total"_s, u"Cap /folder body bytes of all connections together (the link)."_s,
                                 u"BYTES_PER_SEC"_s};
    QCommandLineOption above503{u"error-503-above"_s, u"/folder GETs answer 503 while more than N TCP connections are open."_s, u"N"_s};
    QCommandLineOption every503{u"error-503-every"_s, u"Every Nth /folder GET answers 503 with Retry-After: 1."_s, u"N"_s};
    QCommandLineOption rate503{u"error-503-rate"_s, u"Each /folder GET answers 503 with probability P (0..1)."_s, u"P"_s};
    QCommandLineOption seed{u"seed"_s, u"Seed for --error-503-rate (default 1)."_s, u"S"_s, u"1"_s};
    QCommandLineOption dropAfter{u"drop-after"_s, u"Close a connection after it sent BYTES of /folder bodies."_s, u"BYTES"_s};
    QCommandLineOption stallAfter{u"stall-after"_s, u"Stop sending after BYTES of /folder bodies, keep the connection open."_s, u"BYTES"_s};
    QCommandLineOption idle{u"session-idle-timeout"_s, u"Session cookies expire after SECONDS idle (default 1800, 0 never)."_s,
                            u"SECONDS"_s, u"1800"_s};
    QCommandLineOption latency{u"latency"_s, u"Wait MS milliseconds before every response."_s, u"MS"_s};
    QCommandLineOption lie{u"lie"_s, u"Lie on range answers: wrong-range, short-body, long-body, bad-total, corrupt."_s, u"MODE"_s};
    QCommandLineOption lieEvery{u"lie-every"_s, u"Lie on every Nth range request (default 1)."_s, u"N"_s, u"1"_s};
    QCommandLineOption noRange{u"no-range"_s, u"Ignore Range headers: always 200 with the whole file."_s};

    Parser()
    {
        parser.setApplicationDescription(QString::fromUtf8(helpText));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({listen,         user,      passwordFile,  dataDir, maxObjects, extraVms, benchDisk, guestVm,
                           maxConnections, verbose,   exitWithStdin, rate,    rateTotal,  every503, above503,  rate503,
                           seed,           dropAfter, stallAfter,    idle,    latency,    lie,      lieEvery,  noRange});
    }
};

Result<void> parseFaults(const Parser &p, FaultOptions &faults)
{
    const QCommandLineParser &parser = p.parser;
    auto size = [&](const QCommandLineOption &option, qint64 &out) -> Result<void> {
        if (!parser.isSet(option))
            return {};
        auto value = parseSize(parser.value(option), option.names().constFirst());
        if (!value)
            return std::unexpected(value.error());
        out = *value;
        return {};
    };
    auto count = [&](const QCommandLineOption &option, int &out) -> Result<void> {
        auto value = parseCount(parser.value(option), option.names().constFirst());
        if (parser.isSet(option) || !option.defaultValues().isEmpty()) {
            if (!value)
                return std::unexpected(value.error());
            out = *value;
        }
        return {};
    };
    for (auto result :
         {size(p.rate, faults.ratePerConnection), size(p.rateTotal, faults.rateLimitTotal), size(p.dropAfter, faults.dropAfter),
          size(p.stallAfter, faults.stallAfter), count(p.every503, faults.error503Every), count(p.above503, faults.error503Above),
          count(p.idle, faults.sessionIdleTimeout), count(p.latency, faults.latencyMs), count(p.lieEvery, faults.lieEvery)}) {
        if (!result)
            return result;
    }
    if (parser.isSet(p.rate503)) {
        bool ok = false;
        faults.error503Rate = parser.value(p.rate503).toDouble(&ok);
        if (!ok || faults.error503Rate < 0 || faults.error503Rate > 1)
            return fail(ErrorCode::Usage, u"--error-503-rate needs a probability between 0 and 1"_s);
    }
    bool ok = false;
    faults.seed = parser.value(p.seed).toULongLong(&ok);
    if (!ok)
        return fail(ErrorCode::Usage, u"--seed needs a whole number"_s);
    if (parser.isSet(p.lie)) {
        auto mode = parseLie(parser.value(p.lie));
        if (!mode)
            return std::unexpected(mode.error());
        faults.lie = *mode;
    }
    faults.lieEvery = std::max(1, faults.lieEvery);
    faults.noRange = parser.isSet(p.noRange);
    return {};
}

Result<void> parseGeneral(const Parser &p, LabOptions &options)
{
    const QCommandLineParser &parser = p.parser;
    if (auto listen = parseListen(parser.value(p.listen), options); !listen)
        return listen;
    options.user = parser.value(p.user);
    if (parser.isSet(p.passwordFile)) {
        auto password = readPassword(parser.value(p.passwordFile));
        if (!password)
            return std::unexpected(password.error());
        options.password = *password;
    } else if (qEnvironmentVariableIsSet("FERRY_LAB_PASSWORD")) {
        options.password = qEnvironmentVariable("FERRY_LAB_PASSWORD");
    } else {
        options.anyPassword = true;
    }
    options.dataDir = parser.isSet(p.dataDir) ? parser.value(p.dataDir) : LabOptions::defaultDataDir();
    for (const auto &[option, target] : {std::pair{&p.maxObjects, &options.maxObjects}, std::pair{&p.extraVms, &options.extraVms},
                                         std::pair{&p.maxConnections, &options.maxConnections}}) {
        if (!parser.isSet(*option) && option->defaultValues().isEmpty())
            continue;
        auto value = parseCount(parser.value(*option), option->names().constFirst());
        if (!value)
            return std::unexpected(value.error());
        *target = *value;
    }
    if (parser.isSet(p.benchDisk)) {
        auto size = parseSize(parser.value(p.benchDisk), u"bench-disk-size"_s);
        if (!size)
            return std::unexpected(size.error());
        if (*size <= 0 || *size % (1 << 20) != 0)
            return fail(ErrorCode::Usage, u"--bench-disk-size must be a positive whole number of MiB, e.g. 512M or 4G"_s);
        options.benchDiskSize = *size;
    }
    options.guestVms = parser.values(p.guestVm);
    options.maxConnections = std::max(1, options.maxConnections);
    options.verbose = parser.isSet(p.verbose);
    options.exitWithStdin = parser.isSet(p.exitWithStdin);
    return {};
}

} // namespace

QString LabOptions::defaultDataDir()
{
    QString base = qEnvironmentVariable("XDG_CACHE_HOME");
    if (base.isEmpty())
        base = QDir::homePath() + u"/.cache"_s;
    return base + u"/ferry-lab"_s;
}

Result<LabOptions> LabOptions::parse(const QStringList &arguments, int *exitCode)
{
    Parser p;
    *exitCode = -1;
    if (!p.parser.parse(arguments))
        return fail(ErrorCode::Usage, p.parser.errorText() + u"; run 'ferry-lab --help'"_s);
    if (p.parser.isSet(u"help"_s)) {
        QTextStream(stdout) << p.parser.helpText();
        *exitCode = 0;
        return LabOptions{};
    }
    if (p.parser.isSet(u"version"_s)) {
        QTextStream(stdout) << "ferry-lab " << Ferry::versionString << '\n';
        *exitCode = 0;
        return LabOptions{};
    }
    if (!p.parser.positionalArguments().isEmpty())
        return fail(ErrorCode::Usage, u"ferry-lab takes no positional arguments; run 'ferry-lab --help'"_s);
    LabOptions options;
    if (auto general = parseGeneral(p, options); !general)
        return std::unexpected(general.error());
    if (auto faults = parseFaults(p, options.faults); !faults)
        return std::unexpected(faults.error());
    return options;
}

} // namespace Ferry::Lab
