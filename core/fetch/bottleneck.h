#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace Ferry {

// Where one interval of a transfer went, as the engine measures it (BottleneckProbe):
// the fetch threads' time split into waiting for the network, waiting for the target
// (blocked inside SinkWriter calls) and running on a CPU, plus how busy the process
// and the machine were and what each connection delivered.
struct FetchTimeShares
{
    double seconds = 0;           // wall time of the interval
    int threads = 0;              // fetch threads
    double sinkSeconds = 0;       // fetch threads inside SinkWriter calls (write, zero, drain), wall time
    double sinkCpuSeconds = 0;    // ... of which on a CPU (the kernel copying into the page cache)
    double cpuSeconds = 0;        // fetch threads on a CPU, sink calls included
    double processCpuSeconds = 0; // the whole process (digest and journal threads too)
    double machineBusyShare = -1; // all CPUs of the machine, 0..1; -1 when unknown
    int cores = 1;
    // Connections that had a request in flight during the whole interval.
    QList<double> connectionBytesPerSecond;
};

// The verdict for one interval or, tallied, for a disk: what limits the copy.
struct Bottleneck
{
    enum class Kind {
        Unknown,             // too little to tell (starting, idle)
        SourcePerConnection, // the source caps each connection: more connections help
        Source,              // the source or the network as a whole
        Target,              // the target disk
        Cpu,                 // this machine's CPU
    };

    Kind kind = Kind::Unknown;
    // Shares of the fetch threads' time, 0..1, adding up to 1.
    double networkShare = 0;
    double targetShare = 0;
    double cpuShare = 0;
    double processCores = 0;                // CPUs the process used on average
    double perConnectionBytesPerSecond = 0; // mean over the busy connections
    double totalBytesPerSecond = 0;

    // "source-per-connection", "source", "target", "cpu", "unknown": report.json and
    // --progress json.
    static QString idOf(Kind kind);
    QString id() const { return idOf(kind); }
    // One line for a log or a chart: "limited by the source: each connection at ~25 MB/s
    // - more connections help".
    QString text() const;
};

// Turns measured time shares into a verdict. Pure, so tests feed it synthetic timings.
//   cpu     the process uses >= 85% of the machine's CPUs, or the machine is >= 90%
//           busy (iowait is not busy) and the threads wait on the network < 60% of the
//           time: they are runnable but not running, also inside sink calls
//   target  the fetch threads spend >= 30% of their time blocked in the sink and less
//           than 50% waiting for data
//   cpu     the fetch threads run >= 60% of the time
//   source  the fetch threads wait on the network >= 50% of the time; per connection
//           when >= 2 connections deliver within 10% of each other (a per-connection cap
//           is flat; a shared bottleneck spreads unevenly)
// Otherwise the largest share decides.
class BottleneckClassifier
{
public:
    static constexpr double kTargetShare = 0.30;
    static constexpr double kCpuShare = 0.60;
    static constexpr double kProcessLoad = 0.85;
    static constexpr double kMachineBusy = 0.90;
    static constexpr double kNetworkShare = 0.50;
    static constexpr double kEvenRates = 0.10; // coefficient of variation

    static Bottleneck classify(const FetchTimeShares &shares);
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::Bottleneck)
