#include "transferengine.h"

#include "base/diskcapacity.h"
#include "bottleneckprobe.h"
#include "connectiontuner.h"
#include "data/sink.h"
#include "fetchthreadtimes.h"
#include "fetchworker.h"
#include "rangescheduler.h"
#include "throughputmeter.h"
#include "transferdisk.h"

#include <QLoggingCategory>
#include <QThread>

#include <map>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcTransfer, "ferry.transfer")

struct TransferEngine::DiskSlot
{
    std::shared_ptr<TransferDisk> disk;
    std::map<Bottleneck::Kind, int> verdicts; // seconds of each verdict while the disk ran
    int pendingReleases = 0;
    bool finished = false;
};

TransferEngine::TransferEngine(TransferSettings settings, SourceEndpoint endpoint, QObject *parent)
    : CopyEngine(parent)
    , m_settings(settings)
    , m_endpoint(std::move(endpoint))
{
}

TransferEngine::~TransferEngine()
{
    if (m_threadsRunning == 0)
        return;
    // Destroyed while running: stop without emitting anything, and wait (a destructor
    // may block; the GUI destroys engines only after finished()).
    m_cancelled = true;
    for (auto &worker : m_workers)
        QMetaObject::invokeMethod(worker.get(), &FetchWorker::stop, Qt::QueuedConnection);
    for (auto &thread : m_threads)
        thread->wait();
    m_workers.clear();
    m_threads.clear();
}

int TransferEngine::addDisk(DiskTransferSpec spec)
{
    if (m_started)
        return -1;
    DiskSlot slot;
    slot.disk = std::make_shared<TransferDisk>(int(m_disks.size()), std::move(spec));
    m_disks.push_back(std::move(slot));
    return int(m_disks.size()) - 1;
}

void TransferEngine::setSessionCookie(QByteArray cookie)
{
    m_cookie = std::move(cookie);
}

bool TransferEngine::isRunning() const
{
    return m_running;
}

EffectiveConcurrency TransferEngine::concurrency() const
{
    return m_concurrency;
}

int TransferEngine::workerCount() const
{
    return m_workerCount;
}

int TransferEngine::activeConnections() const
{
    return m_scheduler ? m_scheduler->activeConnections() : 0;
}

int TransferEngine::total503() const
{
    return m_scheduler ? m_scheduler->total503() : 0;
}

qint64 TransferEngine::bytesArrived(int disk) const
{
    if (disk < 0 || size_t(disk) >= m_disks.size())
        return 0;
    return m_disks[size_t(disk)].disk->bytesArrived.load(std::memory_order_relaxed);
}

Result<void> TransferEngine::validateDisks() const
{
    const QUrl origin = m_endpoint.url;
    for (const DiskSlot &slot : m_disks) {
        const DiskTransferSpec &spec = slot.disk->spec;
        const QString name = u"disk '%1'"_s.arg(spec.label);
        if (!spec.sink)
            return fail(ErrorCode::Internal, name + u" has no sink"_s);
        if (auto valid = DiskCapacity::check(spec.capacity, ErrorCode::Usage); !valid)
            return std::unexpected(valid.error().prefixed(name));
        if (spec.url.scheme() != u"https"_s || spec.url.host() != origin.host() || spec.url.port(443) != origin.port(443))
            return fail(ErrorCode::Usage,
                        u"%1: %2 is not an https URL on the source host %3"_s.arg(name, spec.url.toDisplayString(), origin.host()));
    }
    return {};
}

void TransferEngine::start()
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    if (auto valid = m_settings.validate(); !valid)
        return failBeforeStart(valid.error());
    if (auto valid = validateDisks(); !valid)
        return failBeforeStart(valid.error());
    if (m_disks.empty()) {
        m_stopping = true;
        QMetaObject::invokeMethod(this, &TransferEngine::onThreadFinished, Qt::QueuedConnection);
        return;
    }
    m_concurrency = effectiveConcurrency(m_settings);
    if (!m_concurrency.clampNote.isEmpty())
        qCInfo(lcTransfer).noquote() << m_concurrency.clampNote;

    const qint64 total = createScheduler();
    if (m_settings.autoConnections) {
        ConnectionTuner::Config tuning;
        tuning.start = TransferSettings::autoStartConnections;
        tuning.maximum = m_concurrency.connections;
        m_tuner = std::make_unique<ConnectionTuner>(tuning);
        m_scheduler->setActiveConnections(m_tuner->connections());
        qCInfo(lcTransfer).noquote()
            << u"connections auto: starting with %1, at most %2"_s.arg(m_tuner->connections()).arg(m_concurrency.connections);
    }
    connect(m_scheduler.get(), &RangeScheduler::chunkCompleted, this, &TransferEngine::chunkCompleted, Qt::QueuedConnection);
    connect(m_scheduler.get(), &RangeScheduler::diskDrained, this, &TransferEngine::onDiskDrained, Qt::QueuedConnection);
    connect(m_scheduler.get(), &RangeScheduler::fatalError, this, &TransferEngine::abort, Qt::QueuedConnection);

    m_meter = std::make_unique<ThroughputMeter>(m_concurrency.connections);
    m_meter->setBytesTotal(total);
    m_meter->setBytesSkipped(m_scheduler->bytesSkipped());
    connect(m_meter.get(), &ThroughputMeter::sampled, this, [this](ThroughputSample sample) {
        sample.bottleneck = m_bottleneck;
        sample.connections = m_scheduler->activeConnections();
        if (m_tuner) {
            // The pool has room for the maximum; connections never used are not shown.
            qsizetype used = sample.connections;
            for (qsizetype i = used; i < sample.connectionBytesPerSecond.size(); ++i) {
                if (sample.connectionBytesPerSecond[i] > 0)
                    used = i + 1;
            }
            sample.connectionBytesPerSecond.resize(used);
        }
        Q_EMIT sampled(sample);
    });
    launchWorkers();
    std::vector<const FetchThreadTimes *> times;
    for (const auto &t : m_threadTimes)
        times.push_back(t.get());
    m_probe = std::make_unique<BottleneckProbe>(std::move(times), *m_meter);
    connect(m_probe.get(), &BottleneckProbe::measured, this, &TransferEngine::onMeasured);
    if (m_tuner) {
        m_tunerLast.time = std::chrono::steady_clock::now();
        connect(m_probe.get(), &BottleneckProbe::measured, this, &TransferEngine::tuneConnections);
    }
    m_probe->start();
    m_meter->start();
    m_scheduler->start();
}

qint64 TransferEngine::createScheduler()
{
    RangeScheduler::Limits limits;
    limits.chunkSize = m_settings.chunkSize;
    limits.maxAttempts = m_settings.maxAttempts;
    limits.maxLiveChunks = m_settings.maxRequestsInFlight();
    limits.connections = m_concurrency.connections;
    m_scheduler = std::make_unique<RangeScheduler>(limits);
    qint64 total = 0;
    for (const DiskSlot &slot : m_disks) {
        m_scheduler->addDisk(slot.disk, slot.disk->spec.completedChunks);
        total += slot.disk->spec.capacity;
    }
    return total;
}

void TransferEngine::launchWorkers()
{
    const int connections = m_concurrency.connections;
    const int workers = std::min(connections, std::max(2, QThread::idealThreadCount()));
    m_workerCount = workers;
    std::vector<QList<RangeConnection::Config>> configs;
    configs.resize(size_t(workers));
    for (int id = 0; id < connections; ++id) {
        RangeConnection::Config config;
        config.id = id;
        config.host = m_endpoint.url.host();
        config.port = quint16(m_endpoint.url.port(443));
        config.trust = m_endpoint.trust;
        config.authorization = m_endpoint.basicAuthorization();
        config.cookie = m_cookie;
        config.maxRequests = m_concurrency.requestsPerConnection;
        config.readBufferBytes = TransferSettings::readBufferBytes;
        config.stallTimeout = m_settings.stallTimeout;
        config.connectTimeout = m_settings.connectTimeout;
        config.maxConnectFailures = m_settings.maxAttempts;
        configs[size_t(id % workers)].append(config);
    }
    for (int w = 0; w < workers; ++w) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(u"ferry-fetch-%1"_s.arg(w));
        m_threadTimes.push_back(std::make_unique<FetchThreadTimes>());
        auto worker = std::make_unique<FetchWorker>(configs[size_t(w)], *m_scheduler, *m_meter, *m_threadTimes.back(), m_cancelled);
        worker->moveToThread(thread.get());
        connect(m_scheduler.get(), &RangeScheduler::workAvailable, worker.get(), &FetchWorker::wake, Qt::QueuedConnection);
        connect(worker.get(), &FetchWorker::diskReleased, this, &TransferEngine::onDiskReleased, Qt::QueuedConnection);
        connect(thread.get(), &QThread::finished, this, &TransferEngine::onThreadFinished, Qt::QueuedConnection);
        thread->start();
        QMetaObject::invokeMethod(worker.get(), &FetchWorker::begin, Qt::QueuedConnection);
        ++m_threadsRunning;
        m_threads.push_back(std::move(thread));
        m_workers.push_back(std::move(worker));
    }
}

void TransferEngine::onDiskDrained(int disk)
{
    if (m_stopping)
        return;
    // Writers live on the worker threads: each worker destroys its own, then reports.
    m_disks[size_t(disk)].pendingReleases = int(m_workers.size());
    for (auto &worker : m_workers)
        QMetaObject::invokeMethod(
            worker.get(), [w = worker.get(), disk] { w->releaseDisk(disk); }, Qt::QueuedConnection);
}

void TransferEngine::onDiskReleased(int disk)
{
    DiskSlot &slot = m_disks[size_t(disk)];
    if (m_stopping || --slot.pendingReleases > 0)
        return;
    finishDisk(disk, m_scheduler->diskError(disk));
    if (m_disksFinished == int(m_disks.size()))
        stopWorkers();
}

void TransferEngine::finishDisk(int disk, const std::optional<Error> &error)
{
    DiskSlot &slot = m_disks[size_t(disk)];
    if (slot.finished)
        return;
    slot.finished = true;
    ++m_disksFinished;
    // A disk copied in under a second has no verdict yet: measure its last moments now.
    if (slot.verdicts.empty() && m_probe && !error)
        onMeasured(m_probe->probe());
    if (error) {
        if (!m_firstDiskError)
            m_firstDiskError = error;
        Q_EMIT diskFinished(disk, std::unexpected(*error));
        return;
    }
    DiskTransferStats stats = m_scheduler->stats(disk);
    stats.bottleneck = dominantBottleneck(slot);
    Q_EMIT diskFinished(disk, stats);
}

void TransferEngine::onMeasured(const Bottleneck &verdict)
{
    m_bottleneck = verdict;
    if (verdict.kind == Bottleneck::Kind::Unknown)
        return;
    for (DiskSlot &slot : m_disks) {
        if (!slot.finished)
            ++slot.verdicts[verdict.kind];
    }
}

void TransferEngine::tuneConnections()
{
    if (m_stopping)
        return;
    TunerInput now;
    now.time = std::chrono::steady_clock::now();
    for (int i = 0; i < m_meter->connectionCount(); ++i)
        now.bytes += m_meter->connectionBytes(i);
    now.responses503 = m_scheduler->total503();
    std::tie(now.latency, now.latencies) = m_meter->latencyTotals();
    const double seconds = std::chrono::duration<double>(now.time - m_tunerLast.time).count();
    if (seconds <= 0.5) // the probe measured early (a disk finished): wait for a full second
        return;
    ConnectionTuner::Observation o;
    o.bytesPerSecond = double(now.bytes - m_tunerLast.bytes) / seconds;
    // Per second, so that a storm means the same whatever the interval was.
    o.responses503 = qRound(double(now.responses503 - m_tunerLast.responses503) / seconds);
    if (const qint64 n = now.latencies - m_tunerLast.latencies; n > 0)
        o.latencyMs = std::chrono::duration<double, std::milli>(now.latency - m_tunerLast.latency).count() / double(n);
    o.saturated = m_scheduler->hasWork();
    m_tunerLast = now;
    const int before = m_scheduler->activeConnections();
    const int chosen = m_tuner->observe(o);
    if (chosen == before)
        return;
    qCInfo(lcTransfer).noquote() << m_tuner->lastReason();
    m_scheduler->setActiveConnections(chosen);
}

QString TransferEngine::dominantBottleneck(const DiskSlot &slot) const
{
    Bottleneck::Kind best = Bottleneck::Kind::Unknown;
    int seconds = 0;
    for (const auto &[kind, count] : slot.verdicts) {
        if (count > seconds) {
            best = kind;
            seconds = count;
        }
    }
    return Bottleneck::idOf(best);
}

void TransferEngine::cancel()
{
    if (m_running)
        abort(Error(ErrorCode::Cancelled, u"the transfer was cancelled"_s));
}

void TransferEngine::abort(const Error &error)
{
    if (m_stopping)
        return;
    m_stopError = error;
    m_cancelled = true;
    stopWorkers();
}

void TransferEngine::stopWorkers()
{
    m_stopping = true;
    if (m_meter)
        m_meter->stop();
    if (m_probe)
        m_probe->stop();
    for (auto &worker : m_workers)
        QMetaObject::invokeMethod(worker.get(), &FetchWorker::stop, Qt::QueuedConnection);
    if (m_threadsRunning == 0)
        onThreadFinished();
}

void TransferEngine::onThreadFinished()
{
    if (m_threadsRunning > 0 && --m_threadsRunning > 0)
        return;
    for (auto &thread : m_threads)
        thread->wait(); // already finished: returns at once
    m_workers.clear();
    m_threads.clear();
    // Every writer is gone now. A disk that was already drained keeps its own result;
    // the others were interrupted and fail with the reason of the stop.
    const Error reason = m_stopError.value_or(Error(ErrorCode::Cancelled, u"the transfer was cancelled"_s));
    for (int i = 0; i < int(m_disks.size()); ++i) {
        const bool drained = m_scheduler && m_scheduler->isDrained(i);
        finishDisk(i, drained ? m_scheduler->diskError(i) : std::optional<Error>(reason));
    }
    if (m_meter)
        m_meter->sample();
    m_running = false;
    Q_EMIT finished(m_stopError ? m_stopError : m_firstDiskError);
}

void TransferEngine::failBeforeStart(const Error &error)
{
    m_stopError = error;
    m_stopping = true;
    // Never emit from inside start(): the caller may still be setting up.
    QMetaObject::invokeMethod(this, &TransferEngine::onThreadFinished, Qt::QueuedConnection);
}

} // namespace Ferry
