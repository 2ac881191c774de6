#pragma once

#include "base/error.h"
#include "netcheck/checkresult.h"
#include "netchecksource.h"
#include "vsphere/inventory.h"

#include <QMap>
#include <QStringList>

#include <atomic>
#include <functional>

namespace Ferry {

struct NetCheckOptions
{
    // Any of "mtu", "http", "tls", "bench".
    QStringList checks = allChecks();
    int benchSeconds = 2;            // per connection count
    qint64 benchBytes = 512ll << 20; // read at most per connection count

    static QStringList allChecks();
};

// The checks of `ferry-cli netcheck` and of the wizard's tuning page, in the same
// order for both: path checks (interface and path MTU), then against one disk of the
// source: Range/HTTP, TLS and its decrypt cost, and the read benchmark with its
// connection recommendation. Each result is handed to onResult as soon as it is known.
//
// Blocking (pings, HTTP probes, seconds of reading): run it on the CLI's thread or a
// worker thread, never the GUI thread. cancel (optional) is checked between checks.
class NetCheckSuite
{
public:
    using ResultFunction = std::function<void(const CheckResult &)>;

    NetCheckSuite(NetCheckOptions options, ResultFunction onResult, const std::atomic<bool> *cancel = nullptr);

    // "mtu": needs only the source's address.
    void runPathChecks(const SourceEndpoint &endpoint);
    // "http", "tls", "bench". A certificate the endpoint does not trust is returned as
    // the TrustRefused error; other connection failures become a failed check.
    Result<void> runDiskChecks(const NetCheckSource &target);

    QList<CheckResult> results() const;

    // A disk to read: the first flat disk of vmName, or of the first VM with one.
    static Result<NetCheckSource> chooseDisk(const Inventory &inventory, const SourceEndpoint &endpoint, const QString &vmName = {});
    static CheckStatus worst(const QList<CheckResult> &checks);
    // The read benchmark's recommended connection count; 0 when it did not run.
    static int recommendedConnections(const QList<CheckResult> &checks);
    // The read benchmark's total bytes/s by connection count; empty when it did not run.
    static QMap<int, double> measuredRates(const QList<CheckResult> &checks);

private:
    void add(const CheckResult &check);
    bool cancelled() const;

    NetCheckOptions m_options;
    ResultFunction m_onResult;
    const std::atomic<bool> *m_cancel;
    QList<CheckResult> m_results;
};

} // namespace Ferry
