#pragma once

#include "base/error.h"
#include "checkresult.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <functional>

namespace Ferry {

// Measures the MTU of the interface that routes to the source and the path MTU to it
// with do-not-fragment ICMP echo probes (ping -M do), and tells a path that reports
// "fragmentation needed" apart from a black hole that silently drops large packets.
//
// Blocking: runs `ip` and `ping` child processes (each bounded by a short deadline,
// a probe that gets no answer costs the probe timeout), so call it from the CLI or a
// worker thread, never the GUI thread. Every child is reaped before run() returns.
class PathMtuProbe
{
public:
    enum class PingOutcome { Reply, FragNeeded, Timeout, Error };
    struct PingResult
    {
        PingOutcome outcome = PingOutcome::Error;
        int reportedMtu = 0; // the "mtu = N" of a fragmentation-needed answer, else 0
    };

    // host: an address or a name (resolved once, IPv4 preferred).
    explicit PathMtuProbe(QString host);

    void setProbeTimeoutSeconds(int seconds);
    // Two checks: "interface-mtu" and "path-mtu".
    QList<CheckResult> run();

    // Reads one `ping -c 1` run: a reply, a fragmentation-needed answer (from a router
    // or from the kernel's cached path MTU: "message too long"), or silence.
    static PingResult parsePing(int exitCode, const QByteArray &output);
    // The "dev" of `ip -json route get` output, empty when there is none.
    static QString routeDevice(const QByteArray &ipJson);
    // Largest probe size (whole IP packet) that got a reply, by binary search between
    // 576 and the interface MTU; probe(size) sends one packet of that size.
    // A probe that got no answer at all sets *silentDrops; an answered refusal sets
    // *fragNeededSeen.
    static int searchPathMtu(int interfaceMtu, const std::function<PingResult(int)> &probe, bool *fragNeededSeen, bool *silentDrops);

private:
    PingResult ping(int packetSize);
    CheckResult interfaceCheck(const QString &device, int mtu, bool loopback) const;
    CheckResult pathCheck(int interfaceMtu);

    QString m_host;
    QHostAddress m_address;
    int m_timeoutSeconds = 1;
    int m_probes = 0;
};

} // namespace Ferry
