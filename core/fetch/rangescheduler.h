#pragma once

#include "base/backoff.h"
#include "base/error.h"
#include "chunktask.h"
#include "data/chunkdigest.h"
#include "data/disktransferstats.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace Ferry {

// The fetch workers' shared bookkeeping: which chunk of which disk is fetched next, by
// whom, how often it failed, and when the server said "503, slow down".
//
// Thread-safe: every public method takes the mutex; workers call it from their threads.
// complete() first hands the chunk's record to the disk's ChunkRecorder, outside the
// mutex, on the calling fetch thread. Signals are emitted while the mutex is held so that
// their (queued) order is the order of events: a disk's last chunkCompleted always
// precedes its diskDrained. Connect them with Qt::QueuedConnection; never call back into
// the scheduler from a direct connection.
//
// Chunks are handed out disk by disk, in order; retries first, preferably to a
// connection other than the one that failed. A ChunkProcessor is created only when a
// chunk is first handed out and lives until it completes or its disk fails, and at most
// maxLiveChunks exist at once (the memory budget).
class RangeScheduler final : public QObject
{
    Q_OBJECT

public:
    using TimePoint = std::chrono::steady_clock::time_point;
    using Clock = std::function<TimePoint()>;

    struct Limits
    {
        qint64 chunkSize = 32ll << 20;
        int maxAttempts = 5;
        int maxLiveChunks = 16;
        // Attempts delivering at least this much are progress, not failures.
        qint64 progressBytes = 1 << 20;
        // Backoffs in a row without a success before the whole transfer gives up.
        int max503Escalations = 12;
        // Connections in the pool; when all of them gave up connecting, nothing can succeed.
        int connections = 1;
    };

    // A task to fetch, or nothing; then retryAfter > 0 means "backing off, ask again then".
    struct Grant
    {
        std::unique_ptr<ChunkTask> task;
        std::chrono::milliseconds retryAfter{0};
    };

    explicit RangeScheduler(Limits limits, Clock clock = {}, QObject *parent = nullptr);
    ~RangeScheduler() override;

    // Before any worker runs. completedChunks are skipped (resume); usually the disk's
    // spec.completedChunks. Of the chunks in the disk's spec.partialChunks only the part
    // not yet written is fetched.
    void addDisk(std::shared_ptr<TransferDisk> disk, const QSet<qint64> &completedChunks);
    qint64 bytesSkipped() const;
    // Emits diskDrained for disks that have nothing to fetch. Call once, after wiring.
    void start();

    // Nothing for a connection that is not active (see setActiveConnections).
    Grant acquire(int connection);
    // --connections auto: the first count connections that have not given up get work,
    // the others finish what they hold and close. Raising the count emits workAvailable.
    // Thread-safe. Until it is called every connection is active.
    void setActiveConnections(int count);
    bool isActive(int connection) const;
    int activeConnections() const;
    // Work is queued (fresh or retry), ignoring backoff and the chunk limit.
    bool hasWork() const;

    // The chunk is finished and drained (visible to readers, maybe not durable yet): its
    // record goes to the disk's ChunkRecorder on this thread, then chunkCompleted.
    void complete(std::unique_ptr<ChunkTask> task, const ChunkDigest &digest);
    // The attempt failed (short read, stall, protocol violation, 5xx): counted, retried.
    void retry(std::unique_ptr<ChunkTask> task, const Error &error);
    // The server answered 503: shared backoff, not counted against the range. A
    // Retry-After the server sent lengthens the wait (capped at the backoff maximum).
    void throttled(std::unique_ptr<ChunkTask> task, std::chrono::seconds retryAfter = std::chrono::seconds(0));
    // A response started (206 and body bytes): the server admits requests, so the next
    // 503 pauses briefly instead of escalating the shared backoff. Thread-safe.
    void admitted();
    // Not the range's fault (a pipelined request that never started, shutdown).
    void requeue(std::unique_ptr<ChunkTask> task);
    // Retrying cannot help (404, sink write error): the disk fails now.
    void failDisk(std::unique_ptr<ChunkTask> task, const Error &error);
    // Nothing can succeed any more (credentials, trust, no connection possible).
    void reportFatal(const Error &error);
    bool isFatal() const;
    // Connection `connection` failed to connect too often in a row and stopped trying: it
    // is never active again, the next connection of the pool takes its place. When as
    // many connections gave up as the copy uses at once, nothing will connect: fatal.
    void connectionGaveUp(int connection, const Error &error);

    // The cookie was answered with 401; later requests go without it.
    void rejectCookie();
    bool cookieRejected() const;

    // diskDrained was emitted for the disk (its result is final: diskError() or success).
    bool isDrained(int disk) const;
    DiskTransferStats stats(int disk) const;
    std::optional<Error> diskError(int disk) const;
    int total503() const;

Q_SIGNALS:
    void chunkCompleted(int disk, const Ferry::ChunkDigest &digest);
    // Every chunk of the disk is done, or it failed and no connection holds one of its chunks.
    void diskDrained(int disk);
    void fatalError(const Ferry::Error &error);
    // A task was put back in the queue: idle connections should ask again.
    void workAvailable();

private:
    struct DiskEntry;

    DiskEntry &entryOf(const ChunkTask &task);
    std::unique_ptr<ChunkTask> takeRetry(int connection);
    std::unique_ptr<ChunkTask> takeFresh();
    void lease(ChunkTask &task, int connection);
    void release(DiskEntry &entry, ChunkTask &task);
    void pushRetry(std::unique_ptr<ChunkTask> task);
    void failDiskLocked(DiskEntry &entry, const Error &error);
    void fatalLocked(const Error &error);
    void checkDrained(DiskEntry &entry);

    const Limits m_limits;
    const Clock m_clock;
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<DiskEntry>> m_disks;
    size_t m_freshDisk = 0; // first disk that may still have fresh chunks
    std::deque<std::unique_ptr<ChunkTask>> m_retries;
    int m_liveChunks = 0;
    qint64 m_bytesSkipped = 0;
    Backoff m_backoff;
    quint64 m_backoffGeneration = 0;
    TimePoint m_backoffUntil{};
    int m_escalations = 0;
    bool m_admittedSinceLast503 = false;
    int m_total503 = 0;
    void updateActiveLocked();

    int m_connectionsGivenUp = 0;
    std::vector<bool> m_givenUp; // per connection id
    std::atomic<int> m_active;   // the count asked for; INT_MAX: all
    // Per connection id, read without the mutex by every pump(); written under it.
    std::unique_ptr<std::atomic<bool>[]> m_activeFlags;
    bool m_chunkLimitHit = false;
    bool m_cookieRejected = false;
    std::optional<Error> m_fatal;
};

} // namespace Ferry
