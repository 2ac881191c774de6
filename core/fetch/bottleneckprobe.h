#pragma once

#include "bottleneck.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <vector>

namespace Ferry {

class FetchThreadTimes;
class ThroughputMeter;

// Once a second: how the fetch threads spent the last interval (FetchThreadTimes), how
// much CPU the process and the machine used, and what each connection delivered
// (ThroughputMeter), turned into a Bottleneck by BottleneckClassifier.
//
// Thread affinity: the engine's thread (it owns the timer); the counters it reads are
// written by the fetch threads. The times and the meter must outlive the probe.
class BottleneckProbe final : public QObject
{
    Q_OBJECT

public:
    BottleneckProbe(std::vector<const FetchThreadTimes *> threads, const ThroughputMeter &meter, QObject *parent = nullptr);

    void start(std::chrono::milliseconds interval = std::chrono::seconds(1));
    void stop();
    // Measures the interval since the last call (or start()) now and emits measured().
    Bottleneck probe();
    // The last verdict (Kind::Unknown before the first).
    Bottleneck last() const;

Q_SIGNALS:
    void measured(const Ferry::Bottleneck &verdict);

private:
    struct Snapshot
    {
        std::chrono::steady_clock::time_point time;
        qint64 cpuNs = 0;
        qint64 sinkNs = 0;
        qint64 sinkCpuNs = 0;
        qint64 processCpuNs = 0;
        qint64 machineBusy = 0; // /proc/stat jiffies
        qint64 machineTotal = 0;
        QList<qint64> connectionBytes;
    };
    Snapshot snapshot() const;

    std::vector<const FetchThreadTimes *> m_threads;
    const ThroughputMeter &m_meter;
    Snapshot m_previous;
    Bottleneck m_last;
    QTimer m_timer;
};

} // namespace Ferry
