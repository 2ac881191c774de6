#pragma once

#include "base/error.h"
#include "copyengine.h"
#include "transfersettings.h"
#include "vsphere/sourceendpoint.h"

#include <QList>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace Ferry {

class BottleneckProbe;
class ConnectionTuner;
class FetchThreadTimes;
class FetchWorker;
class RangeScheduler;
class ThroughputMeter;
struct TransferDisk;

// Copies the -flat.vmdk files of one or more disks (of one or several VMs: a batch
// shares the pool) into their Sinks with N persistent HTTPS/1.1 connections, each with
// up to M pipelined Range GETs, spread over W = min(N, max(2, cores)) worker threads.
//
// Thread affinity: lives on the caller's thread and never blocks it; all network and
// sink work happens on the worker threads, and so do the calls to each disk's
// ChunkRecorder (the chunk records do not pass through this thread). Signals are emitted
// on the caller's thread.
//
// Lifecycle: addDisk() ... start(); then, for every added disk, chunkCompleted() for each
// chunk fetched, for progress only (drained to the sink, not necessarily durable: see
// Sink::sync; resumed chunks are not reported again), and exactly one diskFinished()
// after the disk's last chunkCompleted and its last ChunkRecorder call, once every
// writer for its sink is destroyed (the caller may then commit or discard the sink);
// finally finished(). Once a second a BottleneckProbe says what limits the copy; every
// sample carries the last verdict and each disk's stats the dominant one. finished()
// carries nothing when every disk succeeded, otherwise the error that stopped the
// transfer (cancel, credentials, trust, no connection) or the first disk's error.
// Destroying a running engine cancels it and waits for its threads.
class TransferEngine final : public CopyEngine
{
    Q_OBJECT

public:
    TransferEngine(TransferSettings settings, SourceEndpoint endpoint, QObject *parent = nullptr);
    ~TransferEngine() override;

    // Before start() (afterwards it returns -1 and ignores the disk). Returns the disk's
    // index used by the signals. The sink must be open.
    int addDisk(DiskTransferSpec spec) override;
    // Before start(). Sent as Cookie on every request until the server answers 401 to it;
    // Basic authorization is always sent too, so an expired session heals itself.
    void setSessionCookie(QByteArray cookie);
    void start() override;
    // Stops as soon as possible; unfinished disks finish with ErrorCode::Cancelled.
    void cancel() override;
    bool isRunning() const;

    // After start(): the pool actually used (the memory budget may have clamped it).
    EffectiveConcurrency concurrency() const;
    // After start(): the number of fetch threads.
    int workerCount() const;
    // After start(): the connections in use now (with --connections auto, what the
    // tuner chose last; otherwise the pool).
    int activeConnections() const;
    int total503() const;
    qint64 bytesArrived(int disk) const override;

private:
    struct DiskSlot;

    Result<void> validateDisks() const;
    // Builds the scheduler from the disks; returns the bytes of all disks together.
    qint64 createScheduler();
    void launchWorkers();
    void onDiskDrained(int disk);
    void onDiskReleased(int disk);
    void onThreadFinished();
    void finishDisk(int disk, const std::optional<Error> &error);
    void onMeasured(const Bottleneck &verdict);
    // Once a second with --connections auto: the last second to the tuner, its count to
    // the scheduler.
    void tuneConnections();
    // The kind that held most of the disk's seconds ("unknown" when none was measured).
    QString dominantBottleneck(const DiskSlot &slot) const;
    void abort(const Error &error);
    void stopWorkers();
    void failBeforeStart(const Error &error);

    TransferSettings m_settings;
    SourceEndpoint m_endpoint;
    QByteArray m_cookie;
    std::vector<DiskSlot> m_disks;
    EffectiveConcurrency m_concurrency;
    std::atomic<bool> m_cancelled{false};
    std::unique_ptr<RangeScheduler> m_scheduler;
    std::unique_ptr<ThroughputMeter> m_meter;
    std::vector<std::unique_ptr<FetchThreadTimes>> m_threadTimes; // one per worker, outlive them
    std::unique_ptr<BottleneckProbe> m_probe;
    Bottleneck m_bottleneck;                  // the last verdict, carried by every sample
    std::unique_ptr<ConnectionTuner> m_tuner; // --connections auto only
    struct TunerInput
    {
        std::chrono::steady_clock::time_point time;
        qint64 bytes = 0;
        int responses503 = 0;
        std::chrono::nanoseconds latency{0};
        qint64 latencies = 0;
    } m_tunerLast;
    std::vector<std::unique_ptr<FetchWorker>> m_workers;
    std::vector<std::unique_ptr<QThread>> m_threads;
    int m_workerCount = 0;
    int m_threadsRunning = 0;
    int m_disksFinished = 0;
    bool m_started = false;
    bool m_running = false;
    bool m_stopping = false;
    std::optional<Error> m_stopError;
    std::optional<Error> m_firstDiskError;
};

} // namespace Ferry
