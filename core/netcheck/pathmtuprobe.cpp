#include "pathmtuprobe.h"

#include "process/childprocess.h"

#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QProcess>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int minimumMtu = 576;
constexpr int standardMtu = 1500;

struct ToolOutput
{
    int exitCode = -1;
    QByteArray output;
};

// Runs a short-lived tool and reaps it; stdout and stderr together (ping reports
// "message too long" on stderr).
ToolOutput runTool(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    ChildProcess::prepare(process);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(timeoutMs))
        return {};
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAll()};
}

QHostAddress resolve(const QString &host)
{
    QHostAddress address(host);
    if (!address.isNull())
        return address;
    const QHostInfo info = QHostInfo::fromName(host);
    QHostAddress fallback;
    for (const QHostAddress &candidate : info.addresses()) {
        if (candidate.protocol() == QAbstractSocket::IPv4Protocol)
            return candidate;
        if (fallback.isNull())
            fallback = candidate;
    }
    return fallback;
}

int headerBytes(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol ? 48 : 28;
}

} // namespace

PathMtuProbe::PathMtuProbe(QString host)
    : m_host(std::move(host))
{
}

void PathMtuProbe::setProbeTimeoutSeconds(int seconds)
{
    m_timeoutSeconds = std::max(1, seconds);
}

PathMtuProbe::PingResult PathMtuProbe::parsePing(int exitCode, const QByteArray &output)
{
    static const QRegularExpression mtuPattern(u"mtu\\s*=\\s*(\\d+)"_s);
    const QString text = QString::fromLocal8Bit(output);
    PingResult result;
    if (text.contains(u"Frag needed"_s, Qt::CaseInsensitive) || text.contains(u"message too long"_s, Qt::CaseInsensitive)
        || text.contains(u"Packet too big"_s, Qt::CaseInsensitive)) {
        result.outcome = PingOutcome::FragNeeded;
        const auto match = mtuPattern.match(text);
        if (match.hasMatch())
            result.reportedMtu = match.captured(1).toInt();
        return result;
    }
    if (exitCode == 0)
        result.outcome = PingOutcome::Reply;
    else if (exitCode == 1)
        result.outcome = PingOutcome::Timeout; // sent, nothing came back
    return result;
}

QString PathMtuProbe::routeDevice(const QByteArray &ipJson)
{
    const QJsonArray routes = QJsonDocument::fromJson(ipJson).array();
    return routes.isEmpty() ? QString() : routes.first().toObject().value(u"dev"_s).toString();
}

int PathMtuProbe::searchPathMtu(int interfaceMtu, const std::function<PingResult(int)> &probe, bool *fragNeededSeen, bool *silentDrops)
{
    int good = minimumMtu;
    int bad = interfaceMtu + 1;
    auto record = [&](int size, const PingResult &result) {
        if (result.outcome == PingOutcome::Reply) {
            good = std::max(good, size);
            return;
        }
        bad = std::min(bad, size);
        if (result.outcome == PingOutcome::FragNeeded)
            *fragNeededSeen = true;
        else
            *silentDrops = true;
    };
    const PingResult first = probe(interfaceMtu);
    record(interfaceMtu, first);
    // A router named its next hop's MTU: try that first, it is usually the answer.
    // One byte more confirms it (the kernel then answers from its cached path MTU).
    if (first.outcome == PingOutcome::FragNeeded && first.reportedMtu > good && first.reportedMtu < bad) {
        record(first.reportedMtu, probe(first.reportedMtu));
        if (good == first.reportedMtu && bad > good + 1)
            record(good + 1, probe(good + 1));
    }
    while (bad - good > 1) {
        const int mid = good + (bad - good) / 2;
        record(mid, probe(mid));
    }
    return good;
}

PathMtuProbe::PingResult PathMtuProbe::ping(int packetSize)
{
    ++m_probes;
    const QStringList arguments{u"-n"_s,
                                u"-M"_s,
                                u"do"_s,
                                u"-s"_s,
                                QString::number(packetSize - headerBytes(m_address)),
                                u"-c"_s,
                                u"1"_s,
                                u"-W"_s,
                                QString::number(m_timeoutSeconds),
                                m_address.toString()};
    const ToolOutput out = runTool(u"ping"_s, arguments, (m_timeoutSeconds + 4) * 1000);
    return parsePing(out.exitCode, out.output);
}

QList<CheckResult> PathMtuProbe::run()
{
    CheckResult interface {
        u"interface-mtu"_s, u"Interface MTU towards the source"_s, CheckStatus::Skip, {}, {}, { }
    };
    CheckResult path{u"path-mtu"_s, u"Path MTU to the source"_s, CheckStatus::Skip, {}, {}, {}};
    m_address = resolve(m_host);
    if (m_address.isNull()) {
        interface.summary = path.summary = u"cannot resolve %1"_s.arg(m_host);
        interface.advice = u"check the source host name and DNS"_s;
        return {interface, path};
    }
    const ToolOutput route = runTool(u"ip"_s, {u"-json"_s, u"route"_s, u"get"_s, m_address.toString()}, 5000);
    const QString device = routeDevice(route.output);
    const QNetworkInterface nic = QNetworkInterface::interfaceFromName(device);
    if (device.isEmpty() || !nic.isValid() || nic.maximumTransmissionUnit() <= 0) {
        interface.summary = path.summary = u"no route to %1 found with 'ip route get'"_s.arg(m_address.toString());
        interface.advice = u"check that iproute2 is installed and the source is routable"_s;
        return {interface, path};
    }
    const bool loopback = nic.type() == QNetworkInterface::Loopback || m_address.isLoopback();
    interface = interfaceCheck(device, nic.maximumTransmissionUnit(), loopback);
    if (loopback) {
        path.summary = u"the source is on this host (%1): there is no network path to measure"_s.arg(device);
        return {interface, path};
    }
    path = pathCheck(nic.maximumTransmissionUnit());
    return {interface, path};
}

CheckResult PathMtuProbe::interfaceCheck(const QString &device, int mtu, bool loopback) const
{
    CheckResult check{u"interface-mtu"_s, u"Interface MTU towards the source"_s, CheckStatus::Pass, {}, {}, {}};
    check.details = QJsonObject{{u"device"_s, device}, {u"mtu"_s, mtu}, {u"address"_s, m_address.toString()}};
    if (loopback) {
        check.summary = u"%1 via %2 (loopback, MTU %3)"_s.arg(m_address.toString(), device).arg(mtu);
        return check;
    }
    check.summary = u"%1 via %2, MTU %3"_s.arg(m_address.toString(), device).arg(mtu);
    if (mtu > standardMtu) {
        check.status = CheckStatus::Warn;
        check.summary += u" (jumbo frames)"_s;
        check.advice = u"jumbo frames are known to hurt this traffic: reports show MTU 9000 copies running 3-4x slower "
                       u"against ESXi's small TCP windows. Set MTU 1500 on the migration interface, or make the whole "
                       u"path jumbo (switches, vSwitch and the ESXi vmkernel port) and compare with the read benchmark"_s;
    }
    return check;
}

CheckResult PathMtuProbe::pathCheck(int interfaceMtu)
{
    CheckResult check{u"path-mtu"_s, u"Path MTU to the source"_s, CheckStatus::Pass, {}, {}, {}};
    m_probes = 0;
    if (ping(minimumMtu).outcome != PingOutcome::Reply) {
        check.status = CheckStatus::Skip;
        check.summary = u"%1 does not answer ICMP echo, so the path MTU cannot be probed"_s.arg(m_address.toString());
        check.advice = u"allow ICMP echo to the source to measure the path MTU"_s;
        return check;
    }
    bool fragNeeded = false;
    bool silentDrops = false;
    const int pathMtu = searchPathMtu(
        interfaceMtu, [this](int size) { return ping(size); }, &fragNeeded, &silentDrops);
    const bool blackHole = pathMtu < interfaceMtu && silentDrops && !fragNeeded;
    check.details = QJsonObject{{u"path_mtu"_s, pathMtu},
                                {u"interface_mtu"_s, interfaceMtu},
                                {u"frag_needed_seen"_s, fragNeeded},
                                {u"black_hole"_s, blackHole},
                                {u"probes"_s, m_probes}};
    if (pathMtu >= interfaceMtu) {
        check.summary = u"path MTU %1 matches the interface MTU"_s.arg(pathMtu);
    } else if (blackHole) {
        check.status = CheckStatus::Fail;
        check.summary = u"path MTU black hole: packets above %1 bytes are dropped without an ICMP "
                        u"\"fragmentation needed\" (interface MTU %2)"_s.arg(pathMtu)
                            .arg(interfaceMtu);
        check.advice = u"TCP connections will stall on full-size segments. Let ICMP type 3 code 4 through the "
                       u"firewalls on the path, or set MTU %1 on the migration interface (or clamp the TCP MSS)"_s.arg(pathMtu);
    } else {
        check.status = CheckStatus::Warn;
        check.summary = u"path MTU %1 is below the interface MTU %2; \"fragmentation needed\" reaches this host, "
                        u"so TCP adapts"_s.arg(pathMtu)
                            .arg(interfaceMtu);
        check.advice = u"set MTU %1 on the migration interface, or raise the MTU of the smaller link, to avoid "
                       u"retransmitting the first full-size segments of every connection"_s.arg(pathMtu);
    }
    return check;
}

} // namespace Ferry
