#pragma once

#include "base/error.h"
#include "checkresult.h"
#include "netchecksource.h"

#include <QList>

#include <chrono>

namespace Ferry {

// One bounded read run of the benchmark.
struct BenchmarkRun
{
    int connections = 0;
    double seconds = 0; // measured interval (after the warm-up)
    qint64 bytes = 0;   // bytes received during the whole run
    double totalBytesPerSecond = 0;
    double perConnectionBytesPerSecond = 0; // mean over the connections

    QJsonObject toJson() const;
};

// A short read test of one disk with 1, 2, 4, ... connections through the real
// TransferEngine into a DiscardSink, to recommend a connection count: the knee of the
// curve, the fewest connections whose total is within ~10 % of the best.
//
// Each run is bounded in time and bytes: only the first chunks of the disk are fetched
// (all other chunk indices are marked done, as a resume would), and the engine is
// cancelled when the time is up. Blocking: each run spins a local event loop, so call
// it from the CLI or a worker thread, never the GUI thread.
class ReadBenchmark
{
public:
    explicit ReadBenchmark(NetCheckSource target);

    void setDuration(std::chrono::milliseconds perRun);
    void setByteLimit(qint64 perRun);
    void setChunkSize(qint64 bytes);

    Result<BenchmarkRun> measure(int connections);
    // Check "read-benchmark" over these connection counts (default 1, 2, 4, 8, 16).
    CheckResult run(const QList<int> &counts = {1, 2, 4, 8, 16});

    // Index into runs of the smallest connection count whose total is at least
    // (1 - tolerance) of the best total; -1 for no runs.
    static qsizetype recommend(const QList<BenchmarkRun> &runs, double tolerance = 0.10);

private:
    NetCheckSource m_target;
    std::chrono::milliseconds m_duration = std::chrono::seconds(2);
    qint64 m_byteLimit = 512ll << 20;
    qint64 m_chunkSize = 4ll << 20;
};

} // namespace Ferry
