#include "readbenchmark.h"

#include "discardsink.h"
#include "fetch/transferengine.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 warmUpMs = 500;
constexpr double MB = 1e6;

// Throughput from the engine's ~10 Hz samples, skipping the TLS handshakes and the first
// requests so that short runs are not dominated by connection set-up.
struct SampleWindow
{
    qint64 startMs = -1;
    qint64 startBytes = 0;
    qint64 endMs = -1;
    qint64 endBytes = 0;
    double connectionRateSum = 0;
    int connectionRateCount = 0;

    void add(const ThroughputSample &sample)
    {
        if (sample.elapsedMs < warmUpMs)
            return;
        if (startMs < 0) {
            startMs = sample.elapsedMs;
            startBytes = sample.bytesDone;
            return;
        }
        endMs = sample.elapsedMs;
        endBytes = sample.bytesDone;
        for (double rate : sample.connectionBytesPerSecond) {
            connectionRateSum += rate;
            ++connectionRateCount;
        }
    }
    bool valid() const { return startMs >= 0 && endMs > startMs + 200; }

    BenchmarkRun result(int connections, double wholeSeconds, qint64 bytes) const
    {
        BenchmarkRun run{connections, wholeSeconds, bytes, 0, 0};
        if (valid()) {
            run.seconds = double(endMs - startMs) / 1000.0;
            run.totalBytesPerSecond = double(endBytes - startBytes) / run.seconds;
        } else if (run.seconds > 0) {
            run.totalBytesPerSecond = double(run.bytes) / run.seconds; // too short for samples: whole run
        }
        run.perConnectionBytesPerSecond = connectionRateCount > 0 && valid() ? connectionRateSum / connectionRateCount
                                                                             : run.totalBytesPerSecond / connections;
        return run;
    }
};

} // namespace

QJsonObject BenchmarkRun::toJson() const
{
    return QJsonObject{{u"connections"_s, connections},
                       {u"seconds"_s, seconds},
                       {u"bytes"_s, bytes},
                       {u"total_bytes_per_second"_s, totalBytesPerSecond},
                       {u"per_connection_bytes_per_second"_s, perConnectionBytesPerSecond}};
}

ReadBenchmark::ReadBenchmark(NetCheckSource target)
    : m_target(std::move(target))
{
}

void ReadBenchmark::setDuration(std::chrono::milliseconds perRun)
{
    m_duration = perRun;
}

void ReadBenchmark::setByteLimit(qint64 perRun)
{
    m_byteLimit = perRun;
}

void ReadBenchmark::setChunkSize(qint64 bytes)
{
    m_chunkSize = bytes;
}

qsizetype ReadBenchmark::recommend(const QList<BenchmarkRun> &runs, double tolerance)
{
    double best = 0;
    for (const BenchmarkRun &run : runs)
        best = std::max(best, run.totalBytesPerSecond);
    qsizetype chosen = -1;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        if (runs[i].totalBytesPerSecond >= (1.0 - tolerance) * best && (chosen < 0 || runs[i].connections < runs[chosen].connections))
            chosen = i;
    }
    return chosen;
}

Result<BenchmarkRun> ReadBenchmark::measure(int connections)
{
    if (m_target.capacity <= 0)
        return fail(ErrorCode::Usage, u"the benchmark needs a disk with a known size; pick another with --vm"_s);
    DiscardSink sink;
    (void)sink.open(m_target.capacity, Sink::OpenMode::Create);
    TransferSettings settings;
    settings.connections = connections;
    settings.chunkSize = m_chunkSize;
    if (auto valid = settings.validate(); !valid)
        return std::unexpected(valid.error());
    const qint64 chunks = (m_target.capacity + m_chunkSize - 1) / m_chunkSize;
    const qint64 fetched = std::clamp<qint64>(m_byteLimit / m_chunkSize, 1, chunks);
    DiskTransferSpec spec{m_target.diskLabel, {}, m_target.diskUrl, m_target.capacity, &sink, {}};
    for (qint64 i = fetched; i < chunks; ++i)
        spec.completedChunks.insert(i);

    TransferEngine engine(settings, m_target.endpoint);
    engine.setSessionCookie(m_target.cookie);
    engine.addDisk(std::move(spec));
    SampleWindow window;
    std::optional<Error> failure;
    QEventLoop loop;
    QObject::connect(&engine, &TransferEngine::sampled, &loop, [&window](const ThroughputSample &s) { window.add(s); });
    QObject::connect(&engine, &TransferEngine::finished, &loop, [&](const std::optional<Error> &error) {
        if (error && error->code() != ErrorCode::Cancelled)
            failure = error;
        loop.quit();
    });
    QTimer::singleShot(m_duration, &engine, [&engine] { engine.cancel(); });
    QElapsedTimer timer;
    timer.start();
    engine.start();
    loop.exec();
    if (failure)
        return std::unexpected(failure->prefixed(u"%1 connections: "_s.arg(connections)));
    return window.result(connections, double(timer.elapsed()) / 1000.0, sink.bytesDiscarded());
}

CheckResult ReadBenchmark::run(const QList<int> &counts)
{
    CheckResult check{u"read-benchmark"_s, u"Read benchmark and connection count"_s, CheckStatus::Pass, {}, {}, {}};
    QList<BenchmarkRun> runs;
    QJsonArray table;
    for (int connections : counts) {
        auto run = measure(connections);
        if (!run) {
            check.status = CheckStatus::Fail;
            check.summary = run.error().message();
            check.advice = u"the source could not be read with %1 connections; run ferry-cli migrate only after this "
                           u"works"_s.arg(connections);
            break;
        }
        runs << *run;
        table.append(run->toJson());
    }
    const qsizetype best = recommend(runs);
    check.details = QJsonObject{{u"runs"_s, table}, {u"recommended_connections"_s, best < 0 ? 0 : runs[best].connections}};
    if (best < 0 || check.status == CheckStatus::Fail)
        return check;
    const BenchmarkRun &chosen = runs[best];
    check.details[u"recommended_total_bytes_per_second"_s] = chosen.totalBytesPerSecond;
    QStringList parts;
    for (const BenchmarkRun &run : runs)
        parts << u"%1: %2"_s.arg(run.connections).arg(run.totalBytesPerSecond / MB, 0, 'f', 1);
    check.summary = u"use %1 connection(s): %2 MB/s total, %3 MB/s each (MB/s by connections: %4)"_s.arg(chosen.connections)
                        .arg(chosen.totalBytesPerSecond / MB, 0, 'f', 1)
                        .arg(chosen.perConnectionBytesPerSecond / MB, 0, 'f', 1)
                        .arg(parts.join(u", "_s));
    check.advice = u"ferry-cli migrate --connections %1"_s.arg(chosen.connections);
    return check;
}

} // namespace Ferry
