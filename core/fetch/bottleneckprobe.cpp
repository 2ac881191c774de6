#include "bottleneckprobe.h"

#include "fetchthreadtimes.h"
#include "throughputmeter.h"

#include <QFile>
#include <QThread>

#include <time.h>

namespace Ferry {

namespace {

// Only rates at least this share of the fastest connection's count as busy connections:
// one finishing its last range or waiting for work says nothing about a cap.
constexpr double kBusyConnection = 0.25;

// Busy and total jiffies of all CPUs from /proc/stat's first line; zeros when unreadable.
std::pair<qint64, qint64> machineJiffies()
{
    QFile stat(QStringLiteral("/proc/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return {0, 0};
    const QList<QByteArray> fields = stat.readLine().simplified().split(' ');
    if (fields.size() < 5 || fields[0] != "cpu")
        return {0, 0};
    qint64 total = 0;
    qint64 idle = 0;
    for (qsizetype i = 1; i < fields.size(); ++i) {
        const qint64 value = fields[i].toLongLong();
        total += value;
        if (i == 4 || i == 5) // idle, iowait
            idle += value;
    }
    return {total - idle, total};
}

qint64 processCpuNs()
{
    timespec now{};
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) != 0)
        return 0;
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

} // namespace

BottleneckProbe::BottleneckProbe(std::vector<const FetchThreadTimes *> threads, const ThroughputMeter &meter, QObject *parent)
    : QObject(parent)
    , m_threads(std::move(threads))
    , m_meter(meter)
{
    connect(&m_timer, &QTimer::timeout, this, [this] { probe(); });
}

BottleneckProbe::Snapshot BottleneckProbe::snapshot() const
{
    Snapshot out;
    out.time = std::chrono::steady_clock::now();
    for (const FetchThreadTimes *thread : m_threads) {
        const FetchThreadTimes::Reading reading = thread->read();
        out.cpuNs += reading.cpuNs;
        out.sinkNs += reading.sinkNs;
        out.sinkCpuNs += reading.sinkCpuNs;
    }
    out.processCpuNs = processCpuNs();
    std::tie(out.machineBusy, out.machineTotal) = machineJiffies();
    out.connectionBytes.reserve(m_meter.connectionCount());
    for (int i = 0; i < m_meter.connectionCount(); ++i)
        out.connectionBytes.append(m_meter.connectionBytes(i));
    return out;
}

void BottleneckProbe::start(std::chrono::milliseconds interval)
{
    m_previous = snapshot();
    m_timer.start(interval);
}

void BottleneckProbe::stop()
{
    m_timer.stop();
}

Bottleneck BottleneckProbe::probe()
{
    const Snapshot now = snapshot();
    const double seconds = std::chrono::duration<double>(now.time - m_previous.time).count();
    if (seconds <= 0)
        return m_last;
    FetchTimeShares shares;
    shares.seconds = seconds;
    shares.threads = int(m_threads.size());
    shares.cpuSeconds = double(now.cpuNs - m_previous.cpuNs) / 1e9;
    shares.sinkSeconds = double(now.sinkNs - m_previous.sinkNs) / 1e9;
    shares.sinkCpuSeconds = double(now.sinkCpuNs - m_previous.sinkCpuNs) / 1e9;
    shares.processCpuSeconds = double(now.processCpuNs - m_previous.processCpuNs) / 1e9;
    shares.cores = std::max(1, QThread::idealThreadCount());
    if (now.machineTotal > m_previous.machineTotal)
        shares.machineBusyShare = double(now.machineBusy - m_previous.machineBusy) / double(now.machineTotal - m_previous.machineTotal);
    QList<double> rates;
    double fastest = 0;
    for (qsizetype i = 0; i < now.connectionBytes.size() && i < m_previous.connectionBytes.size(); ++i) {
        rates.append(double(now.connectionBytes[i] - m_previous.connectionBytes[i]) / seconds);
        fastest = std::max(fastest, rates.last());
    }
    for (double rate : std::as_const(rates)) {
        if (rate > 0 && rate >= kBusyConnection * fastest)
            shares.connectionBytesPerSecond.append(rate);
    }
    m_previous = now;
    m_last = BottleneckClassifier::classify(shares);
    Q_EMIT measured(m_last);
    return m_last;
}

Bottleneck BottleneckProbe::last() const
{
    return m_last;
}

} // namespace Ferry
