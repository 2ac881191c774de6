#include "netchecksuite.h"

#include "netcheck/httpprobe.h"
#include "netcheck/pathmtuprobe.h"
#include "netcheck/readbenchmark.h"
#include "netcheck/tlscost.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Enough to see the decrypt rate settle, short enough for a preflight.
constexpr qint64 tlsCostBytes = 256ll << 20;

} // namespace

QStringList NetCheckOptions::allChecks()
{
    return {u"mtu"_s, u"http"_s, u"tls"_s, u"bench"_s};
}

NetCheckSuite::NetCheckSuite(NetCheckOptions options, ResultFunction onResult, const std::atomic<bool> *cancel)
    : m_options(std::move(options))
    , m_onResult(std::move(onResult))
    , m_cancel(cancel)
{
}

void NetCheckSuite::runPathChecks(const SourceEndpoint &endpoint)
{
    if (!m_options.checks.contains(u"mtu"_s) || cancelled())
        return;
    PathMtuProbe probe(endpoint.url.host());
    for (const CheckResult &check : probe.run())
        add(check);
}

Result<void> NetCheckSuite::runDiskChecks(const NetCheckSource &target)
{
    QString cipher;
    if ((m_options.checks.contains(u"http"_s) || m_options.checks.contains(u"tls"_s)) && !cancelled()) {
        HttpProbe probe(target);
        const auto checks = probe.run();
        if (!checks && checks.error().code() == ErrorCode::TrustRefused)
            return std::unexpected(checks.error());
        if (!checks)
            add(CheckResult{u"connection"_s,
                            u"Connection to /folder"_s,
                            CheckStatus::Fail,
                            checks.error().message(),
                            u"check that the source's HTTPS port is reachable from this host"_s,
                            {}});
        for (const CheckResult &check : checks.value_or(QList<CheckResult>{})) {
            const bool tlsOnly = check.id == u"tls" || check.id == u"http2";
            if (m_options.checks.contains(tlsOnly ? u"tls"_s : u"http"_s))
                add(check);
        }
        cipher = probe.cipherName();
    }
    if (m_options.checks.contains(u"tls"_s) && !cancelled())
        add(TlsCost::check(cipher, tlsCostBytes));
    if (m_options.checks.contains(u"bench"_s) && !cancelled()) {
        ReadBenchmark benchmark(target);
        benchmark.setDuration(std::chrono::seconds(m_options.benchSeconds));
        benchmark.setByteLimit(m_options.benchBytes);
        add(benchmark.run());
    }
    return {};
}

QList<CheckResult> NetCheckSuite::results() const
{
    return m_results;
}

Result<NetCheckSource> NetCheckSuite::chooseDisk(const Inventory &inventory, const SourceEndpoint &endpoint, const QString &vmName)
{
    for (const VmInfo &vm : inventory.vms) {
        if (!vmName.isEmpty() && vm.name != vmName)
            continue;
        for (const DiskInfo &disk : vm.disks) {
            if (disk.capacity <= 0 || disk.backing != DiskBacking::Flat)
                continue;
            NetCheckSource target;
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

CheckStatus NetCheckSuite::worst(const QList<CheckResult> &checks)
{
    CheckStatus status = CheckStatus::Skip;
    for (const CheckResult &check : checks)
        status = std::max(status, check.status);
    return status;
}

int NetCheckSuite::recommendedConnections(const QList<CheckResult> &checks)
{
    for (const CheckResult &check : checks) {
        if (check.id == u"read-benchmark")
            return check.details.value(u"recommended_connections"_s).toInt();
    }
    return 0;
}

QMap<int, double> NetCheckSuite::measuredRates(const QList<CheckResult> &checks)
{
    QMap<int, double> rates;
    for (const CheckResult &check : checks) {
        if (check.id != u"read-benchmark")
            continue;
        for (const QJsonValue run : check.details.value(u"runs"_s).toArray()) {
            const QJsonObject object = run.toObject();
            rates.insert(object.value(u"connections"_s).toInt(), object.value(u"total_bytes_per_second"_s).toDouble());
        }
    }
    return rates;
}

void NetCheckSuite::add(const CheckResult &check)
{
    m_results.append(check);
    if (m_onResult)
        m_onResult(check);
}

bool NetCheckSuite::cancelled() const
{
    return m_cancel && m_cancel->load();
}

} // namespace Ferry
