#pragma once

#include "rangeconnection.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <map>
#include <memory>
#include <vector>

class QTimer;

namespace Ferry {

class FetchThreadTimes;
class RangeScheduler;
class SinkWriter;
class ThroughputMeter;

// The event loop of one fetch thread: owns a few RangeConnections and, per disk, one
// SinkWriter created lazily on this thread (writers are never shared, so they need
// no locks). Several workers exist so that TLS decryption and the sink's work use
// every core.
//
// Thread affinity: constructed on the engine's thread, then moved to its own QThread;
// every slot below runs on that thread (call them with QMetaObject::invokeMethod or
// queued connections). stop() leaves nothing behind and quits the thread.
class FetchWorker final : public QObject
{
    Q_OBJECT

public:
    // times: where this thread's time goes (bound to the thread in begin(); every writer
    // is a TimedSinkWriter feeding it); must outlive the worker.
    FetchWorker(QList<RangeConnection::Config> connections, RangeScheduler &scheduler, ThroughputMeter &meter, FetchThreadTimes &times,
                const std::atomic<bool> &cancelled);
    ~FetchWorker() override;

    // Worker thread: creates the connections and the periodic tick.
    void begin();
    // Worker thread: idle connections ask the scheduler for work again.
    void wake();
    // Worker thread: the disk is drained; destroys this thread's writer for it, then
    // emits diskReleased.
    void releaseDisk(int disk);
    // Worker thread: closes every connection, destroys every writer, quits the thread.
    void stop();

Q_SIGNALS:
    void diskReleased(int disk);

private:
    Result<SinkWriter *> writerFor(const TransferDisk &disk);
    void tick();

    QList<RangeConnection::Config> m_configs;
    RangeScheduler &m_scheduler;
    ThroughputMeter &m_meter;
    FetchThreadTimes &m_times;
    const std::atomic<bool> &m_cancelled;
    std::vector<std::unique_ptr<RangeConnection>> m_connections;
    std::map<int, std::unique_ptr<SinkWriter>> m_writers; // by disk index
    QTimer *m_timer = nullptr;
    RangeConnection::Clock::time_point m_lastTick;
};

} // namespace Ferry
