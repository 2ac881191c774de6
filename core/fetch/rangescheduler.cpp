#include "rangescheduler.h"

#include "data/chunkrecorder.h"
#include "data/zerodetector.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
// A Retry-After longer than this is not obeyed: the backoff maximum already is polite.
constexpr std::chrono::milliseconds maxServerWait = std::chrono::seconds(32);
}

struct RangeScheduler::DiskEntry
{
    std::shared_ptr<TransferDisk> disk;
    QSet<qint64> completed;       // resume: never handed out
    QMap<qint64, qint64> partial; // resume: chunk index -> bytes already written, not fetched
    qint64 chunkCount = 0;
    qint64 nextIndex = 0; // next chunk not yet handed out (maybe a completed one)
    qint64 remaining = 0; // chunks not completed yet
    int leases = 0;       // tasks held by connections
    bool failed = false;
    bool drained = false;
    std::optional<Error> error;
    DiskTransferStats stats;
    std::optional<TimePoint> started;
    std::optional<TimePoint> ended;
};

RangeScheduler::RangeScheduler(Limits limits, Clock clock, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_clock(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); }))
    , m_givenUp(size_t(std::max(limits.connections, 1)), false)
    , m_active(std::numeric_limits<int>::max())
    , m_activeFlags(std::make_unique<std::atomic<bool>[]>(m_givenUp.size()))
{
    for (size_t id = 0; id < m_givenUp.size(); ++id)
        m_activeFlags[id].store(true);
}

RangeScheduler::~RangeScheduler() = default;

void RangeScheduler::addDisk(std::shared_ptr<TransferDisk> disk, const QSet<qint64> &completedChunks)
{
    std::lock_guard lock(m_mutex);
    auto entry = std::make_unique<DiskEntry>();
    // Rounded up without adding first: capacity + chunkSize - 1 wraps near INT64_MAX and a
    // negative count would drain the disk before anything was fetched.
    const qint64 capacity = std::max<qint64>(disk->spec.capacity, 0);
    entry->chunkCount = capacity / m_limits.chunkSize + (capacity % m_limits.chunkSize != 0 ? 1 : 0);
    for (const qint64 index : completedChunks) {
        if (index < 0 || index >= entry->chunkCount)
            continue;
        entry->completed.insert(index);
        m_bytesSkipped += std::min(m_limits.chunkSize, disk->spec.capacity - index * m_limits.chunkSize);
    }
    entry->remaining = entry->chunkCount - entry->completed.size();
    for (auto it = disk->spec.partialChunks.cbegin(); it != disk->spec.partialChunks.cend(); ++it) {
        const qint64 index = it.key();
        if (index < 0 || index >= entry->chunkCount || entry->completed.contains(index))
            continue;
        const qint64 length = std::min(m_limits.chunkSize, disk->spec.capacity - index * m_limits.chunkSize);
        if (it.value() <= 0 || it.value() >= length || it.value() % kZeroBlock != 0)
            continue; // not on the chunk's zero grid: fetched whole
        entry->partial.insert(index, it.value());
        m_bytesSkipped += it.value();
    }
    entry->disk = std::move(disk);
    m_disks.push_back(std::move(entry));
}

qint64 RangeScheduler::bytesSkipped() const
{
    std::lock_guard lock(m_mutex);
    return m_bytesSkipped;
}

void RangeScheduler::start()
{
    std::lock_guard lock(m_mutex);
    for (auto &entry : m_disks)
        checkDrained(*entry);
}

RangeScheduler::Grant RangeScheduler::acquire(int connection)
{
    std::lock_guard lock(m_mutex);
    if (m_fatal || !isActive(connection))
        return {};
    const TimePoint now = m_clock();
    if (now < m_backoffUntil) {
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(m_backoffUntil - now);
        return {nullptr, wait};
    }
    std::unique_ptr<ChunkTask> task = takeRetry(connection);
    if (!task)
        task = takeFresh();
    if (!task && !m_retries.empty()) {
        // Only this connection's own failures are left: better it than nobody.
        task = std::move(m_retries.front());
        m_retries.pop_front();
    }
    if (!task)
        return {};
    lease(*task, connection);
    return {std::move(task), {}};
}

void RangeScheduler::setActiveConnections(int count)
{
    std::lock_guard lock(m_mutex);
    const int before = std::min(m_active.exchange(std::clamp(count, 1, m_limits.connections)), m_limits.connections);
    updateActiveLocked();
    if (m_active > before)
        Q_EMIT workAvailable();
}

void RangeScheduler::updateActiveLocked()
{
    // The first m_active connections that have not given up; one that gave up is replaced
    // by the next of the pool, so a dead connection never holds a place the tuner counts.
    int wanted = m_active.load();
    for (size_t id = 0; id < m_givenUp.size(); ++id) {
        const bool active = !m_givenUp[id] && wanted > 0;
        if (active)
            --wanted;
        m_activeFlags[id].store(active, std::memory_order_relaxed);
    }
}

bool RangeScheduler::isActive(int connection) const
{
    if (connection >= 0 && size_t(connection) < m_givenUp.size())
        return m_activeFlags[size_t(connection)].load(std::memory_order_relaxed);
    // An id outside the pool (only tests use them): active unless a count was set.
    return m_active.load(std::memory_order_relaxed) == std::numeric_limits<int>::max();
}

int RangeScheduler::activeConnections() const
{
    return std::min(m_active.load(std::memory_order_relaxed), m_limits.connections);
}

bool RangeScheduler::hasWork() const
{
    std::lock_guard lock(m_mutex);
    if (m_fatal)
        return false;
    if (!m_retries.empty())
        return true;
    for (size_t i = m_freshDisk; i < m_disks.size(); ++i) {
        const DiskEntry &entry = *m_disks[i];
        if (!entry.failed && entry.nextIndex < entry.chunkCount)
            return true;
    }
    return false;
}

std::unique_ptr<ChunkTask> RangeScheduler::takeRetry(int connection)
{
    for (auto it = m_retries.begin(); it != m_retries.end(); ++it) {
        if ((*it)->lastConnection != connection) {
            std::unique_ptr<ChunkTask> task = std::move(*it);
            m_retries.erase(it);
            return task;
        }
    }
    return nullptr;
}

std::unique_ptr<ChunkTask> RangeScheduler::takeFresh()
{
    for (; m_freshDisk < m_disks.size(); ++m_freshDisk) {
        DiskEntry &entry = *m_disks[m_freshDisk];
        if (entry.failed)
            continue;
        while (entry.nextIndex < entry.chunkCount && entry.completed.contains(entry.nextIndex))
            ++entry.nextIndex;
        if (entry.nextIndex >= entry.chunkCount)
            continue;
        if (m_liveChunks >= m_limits.maxLiveChunks) {
            m_chunkLimitHit = true;
            return nullptr;
        }
        const qint64 index = entry.nextIndex++;
        const qint64 offset = index * m_limits.chunkSize;
        auto task = std::make_unique<ChunkTask>();
        task->disk = entry.disk;
        task->index = index;
        task->processor = std::make_unique<ChunkProcessor>(offset, std::min(m_limits.chunkSize, entry.disk->spec.capacity - offset), index);
        if (const qint64 written = entry.partial.value(index); written > 0) {
            task->processor->startAfter(written);
            task->progressReported = written; // the journal has it already
        }
        ++m_liveChunks;
        return task;
    }
    return nullptr;
}

void RangeScheduler::lease(ChunkTask &task, int connection)
{
    DiskEntry &entry = entryOf(task);
    task.lastConnection = connection;
    task.backoffGeneration = m_backoffGeneration;
    task.receivedAtLease = task.processor->received();
    ++entry.leases;
    if (!entry.started)
        entry.started = m_clock();
}

void RangeScheduler::release(DiskEntry &entry, ChunkTask &task)
{
    --entry.leases;
    entry.stats.bytesFetched += task.processor->received() - task.receivedAtLease;
}

RangeScheduler::DiskEntry &RangeScheduler::entryOf(const ChunkTask &task)
{
    return *m_disks[size_t(task.disk->index)];
}

void RangeScheduler::complete(std::unique_ptr<ChunkTask> task, const ChunkDigest &digest)
{
    // Outside the lock: recording queues work for the digest and journal threads and
    // must not serialise the fetch threads. It precedes diskDrained, which needs the lock.
    if (ChunkRecorder *recorder = task->disk->spec.recorder)
        recorder->chunkCompleted(digest);
    std::lock_guard lock(m_mutex);
    DiskEntry &entry = entryOf(*task);
    release(entry, *task);
    entry.stats.bytesZero += digest.zeroBytes;
    --entry.remaining;
    --m_liveChunks;
    if (task->backoffGeneration == m_backoffGeneration) {
        // A request sent after the last backoff went through: the server has recovered.
        m_backoff.reset();
        m_escalations = 0;
    }
    m_admittedSinceLast503 = true;
    Q_EMIT chunkCompleted(entry.disk->index, digest);
    if (std::exchange(m_chunkLimitHit, false))
        Q_EMIT workAvailable();
    checkDrained(entry);
}

void RangeScheduler::retry(std::unique_ptr<ChunkTask> task, const Error &error)
{
    std::lock_guard lock(m_mutex);
    DiskEntry &entry = entryOf(*task);
    const qint64 progress = task->processor->received() - task->receivedAtLease;
    release(entry, *task);
    if (entry.failed || m_fatal) {
        --m_liveChunks;
        checkDrained(entry);
        return;
    }
    ++entry.stats.retries;
    if (progress > 0)
        m_admittedSinceLast503 = true; // it answered 206, whatever broke afterwards
    task->failures = progress >= m_limits.progressBytes ? 1 : task->failures + 1;
    if (task->failures >= m_limits.maxAttempts) {
        const Error failed(error.code(),
                           u"%1: range at offset %2 failed %3 times: %4"_s.arg(entry.disk->displayName())
                               .arg(task->offset())
                               .arg(task->failures)
                               .arg(error.message()),
                           error.details());
        --m_liveChunks;
        failDiskLocked(entry, failed);
        return;
    }
    pushRetry(std::move(task));
}

void RangeScheduler::throttled(std::unique_ptr<ChunkTask> task, std::chrono::seconds retryAfter)
{
    std::lock_guard lock(m_mutex);
    DiskEntry &entry = entryOf(*task);
    release(entry, *task);
    ++entry.stats.responses503;
    ++m_total503;
    if (task->backoffGeneration == m_backoffGeneration) {
        // The first 503 of a burst escalates; answers to requests sent before this
        // backoff began belong to the same burst and only wait.
        ++m_backoffGeneration;
        if (std::exchange(m_admittedSinceLast503, false)) {
            // The server still admits some requests since the last 503: it is loaded, not
            // refusing. A short pause sheds load; escalating would idle the whole pool for
            // half a minute against a server that sheds a fraction of requests.
            m_backoff.reset();
            m_escalations = 0;
        }
        ++m_escalations;
        m_backoffUntil = m_clock() + m_backoff.next();
    }
    const auto serverWait = std::min<std::chrono::milliseconds>(retryAfter, maxServerWait);
    m_backoffUntil = std::max(m_backoffUntil, m_clock() + serverWait);
    if (m_escalations > m_limits.max503Escalations)
        fatalLocked(
            Error(ErrorCode::Network,
                  u"the server kept answering 503 (busy) through %1 backoffs in a row; try again later or with fewer connections"_s.arg(
                      m_escalations)));
    if (entry.failed || m_fatal) {
        --m_liveChunks;
        checkDrained(entry);
        return;
    }
    pushRetry(std::move(task));
}

void RangeScheduler::admitted()
{
    std::lock_guard lock(m_mutex);
    m_admittedSinceLast503 = true;
}

void RangeScheduler::requeue(std::unique_ptr<ChunkTask> task)
{
    std::lock_guard lock(m_mutex);
    DiskEntry &entry = entryOf(*task);
    release(entry, *task);
    if (entry.failed || m_fatal) {
        --m_liveChunks;
        checkDrained(entry);
        return;
    }
    pushRetry(std::move(task));
}

void RangeScheduler::failDisk(std::unique_ptr<ChunkTask> task, const Error &error)
{
    std::lock_guard lock(m_mutex);
    DiskEntry &entry = entryOf(*task);
    release(entry, *task);
    --m_liveChunks;
    failDiskLocked(entry, error.prefixed(entry.disk->displayName()));
}

void RangeScheduler::pushRetry(std::unique_ptr<ChunkTask> task)
{
    m_retries.push_back(std::move(task));
    Q_EMIT workAvailable();
}

void RangeScheduler::failDiskLocked(DiskEntry &entry, const Error &error)
{
    if (!entry.failed) {
        entry.failed = true;
        entry.error = error;
        entry.disk->abandoned = true;
        const auto before = m_retries.size();
        std::erase_if(m_retries, [&entry](const std::unique_ptr<ChunkTask> &task) { return task->disk == entry.disk; });
        m_liveChunks -= int(before - m_retries.size());
    }
    checkDrained(entry);
}

void RangeScheduler::checkDrained(DiskEntry &entry)
{
    if (entry.drained || entry.leases > 0 || (!entry.failed && entry.remaining > 0))
        return;
    entry.drained = true;
    entry.ended = m_clock();
    Q_EMIT diskDrained(entry.disk->index);
}

void RangeScheduler::reportFatal(const Error &error)
{
    std::lock_guard lock(m_mutex);
    fatalLocked(error);
}

void RangeScheduler::fatalLocked(const Error &error)
{
    if (m_fatal)
        return;
    m_fatal = error;
    for (auto &entry : m_disks)
        entry->disk->abandoned = true;
    m_liveChunks -= int(m_retries.size());
    m_retries.clear();
    Q_EMIT fatalError(error);
}

void RangeScheduler::connectionGaveUp(int connection, const Error &error)
{
    std::lock_guard lock(m_mutex);
    if (connection >= 0 && size_t(connection) < m_givenUp.size() && !m_givenUp[size_t(connection)]) {
        m_givenUp[size_t(connection)] = true;
        ++m_connectionsGivenUp;
    }
    // Only active connections ever connect: once as many gave up as the copy uses at
    // once (or the whole pool), nothing will.
    if (m_connectionsGivenUp >= std::min(m_limits.connections, m_active.load())) {
        fatalLocked(error);
        return;
    }
    updateActiveLocked();
    Q_EMIT workAvailable(); // the connection that takes its place
}

bool RangeScheduler::isFatal() const
{
    std::lock_guard lock(m_mutex);
    return m_fatal.has_value();
}

void RangeScheduler::rejectCookie()
{
    std::lock_guard lock(m_mutex);
    m_cookieRejected = true;
}

bool RangeScheduler::cookieRejected() const
{
    std::lock_guard lock(m_mutex);
    return m_cookieRejected;
}

DiskTransferStats RangeScheduler::stats(int disk) const
{
    std::lock_guard lock(m_mutex);
    const DiskEntry &entry = *m_disks.at(size_t(disk));
    DiskTransferStats out = entry.stats;
    if (entry.started)
        out.seconds = std::chrono::duration<double>(entry.ended.value_or(m_clock()) - *entry.started).count();
    return out;
}

bool RangeScheduler::isDrained(int disk) const
{
    std::lock_guard lock(m_mutex);
    return m_disks.at(size_t(disk))->drained;
}

std::optional<Error> RangeScheduler::diskError(int disk) const
{
    std::lock_guard lock(m_mutex);
    return m_disks.at(size_t(disk))->error;
}

int RangeScheduler::total503() const
{
    std::lock_guard lock(m_mutex);
    return m_total503;
}

} // namespace Ferry
