#include "bottleneck.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QString megabytes(double bytesPerSecond)
{
    return QString::number(bytesPerSecond / 1e6, 'f', bytesPerSecond < 10e6 ? 1 : 0);
}

// Coefficient of variation of the rates; 0 for fewer than two.
double spread(const QList<double> &rates, double mean)
{
    if (rates.size() < 2 || mean <= 0)
        return 0;
    double sum = 0;
    for (double rate : rates)
        sum += (rate - mean) * (rate - mean);
    return std::sqrt(sum / double(rates.size())) / mean;
}

} // namespace

QString Bottleneck::idOf(Kind kind)
{
    switch (kind) {
    case Kind::SourcePerConnection:
        return u"source-per-connection"_s;
    case Kind::Source:
        return u"source"_s;
    case Kind::Target:
        return u"target"_s;
    case Kind::Cpu:
        return u"cpu"_s;
    case Kind::Unknown:
        break;
    }
    return u"unknown"_s;
}

QString Bottleneck::text() const
{
    switch (kind) {
    case Kind::SourcePerConnection:
        return u"limited by the source: each connection at ~%1 MB/s - more connections help"_s.arg(megabytes(perConnectionBytesPerSecond));
    case Kind::Source:
        return u"limited by the source or the network: ~%1 MB/s in total"_s.arg(megabytes(totalBytesPerSecond));
    case Kind::Target:
        return u"limited by the target disk: writing takes %1% of the fetch threads' time"_s.arg(qRound(targetShare * 100));
    case Kind::Cpu:
        return u"limited by this machine's CPU: Ferry uses %1 cores"_s.arg(QString::number(processCores, 'f', 1));
    case Kind::Unknown:
        break;
    }
    return u"measuring what limits the copy"_s;
}

Bottleneck BottleneckClassifier::classify(const FetchTimeShares &in)
{
    Bottleneck out;
    for (double rate : in.connectionBytesPerSecond)
        out.totalBytesPerSecond += rate;
    const qsizetype busy = in.connectionBytesPerSecond.size();
    out.perConnectionBytesPerSecond = busy > 0 ? out.totalBytesPerSecond / double(busy) : 0;
    const double threadTime = in.seconds * in.threads;
    if (threadTime <= 0 || out.totalBytesPerSecond <= 0)
        return out;
    out.processCores = in.processCpuSeconds / in.seconds;
    const double blocked = std::max(0.0, in.sinkSeconds - in.sinkCpuSeconds);
    out.cpuShare = std::clamp(in.cpuSeconds / threadTime, 0.0, 1.0);
    out.targetShare = std::clamp(blocked / threadTime, 0.0, 1.0 - out.cpuShare);
    out.networkShare = 1.0 - out.cpuShare - out.targetShare;

    const double processLoad = out.processCores / std::max(1, in.cores);
    const bool machineBusy = in.machineBusyShare >= kMachineBusy && out.networkShare < 0.6;
    // A starved CPU first: a fetch thread preempted inside a write looks blocked in the
    // sink (and iowait does not count as busy, so a slow disk does not look like this).
    if (processLoad >= kProcessLoad || machineBusy)
        out.kind = Bottleneck::Kind::Cpu;
    else if (out.targetShare >= kTargetShare && out.networkShare < kNetworkShare)
        out.kind = Bottleneck::Kind::Target;
    else if (out.cpuShare >= kCpuShare)
        out.kind = Bottleneck::Kind::Cpu;
    else if (out.networkShare >= kNetworkShare)
        out.kind = Bottleneck::Kind::Source;
    else if (out.targetShare >= out.cpuShare && out.targetShare >= out.networkShare)
        out.kind = Bottleneck::Kind::Target;
    else if (out.cpuShare >= out.networkShare)
        out.kind = Bottleneck::Kind::Cpu;
    else
        out.kind = Bottleneck::Kind::Source;
    if (out.kind == Bottleneck::Kind::Source && busy >= 2
        && spread(in.connectionBytesPerSecond, out.perConnectionBytesPerSecond) <= kEvenRates)
        out.kind = Bottleneck::Kind::SourcePerConnection;
    return out;
}

} // namespace Ferry
