#include "journalcommitter.h"

#include "resumejournal.h"
#include "sink.h"

#include <QMap>
#include <QThread>

#include <condition_variable>
#include <mutex>

using namespace Qt::StringLiterals;

namespace Ferry {

class JournalCommitter::Private
{
public:
    void run();
    struct Batch
    {
        QMap<qint64, ChunkDigest> chunks; // by offset
        QMap<qint64, ChunkProgress> progress;
        bool isEmpty() const { return chunks.isEmpty() && progress.isEmpty(); }
    };
    // Syncs the sink, then records the batch. Called without the mutex held.
    void commit(const Batch &batch);

    Sink *sink = nullptr;
    ResumeJournal *journal = nullptr;
    std::chrono::milliseconds interval{1000};
    std::unique_ptr<QThread> thread;

    mutable std::mutex mutex;
    std::condition_variable changed;
    Batch pending; // drained, not yet known to be durable
    bool stopping = false;
    bool commitOnStop = false;
    bool stopped = false; // stop() ran to its end once; later calls only report
    std::optional<Error> failure;
    qint64 committed = 0;
    qint64 syncCount = 0;
};

void JournalCommitter::Private::commit(const Batch &batch)
{
    // The order is the whole point: the data first, then the records that claim it.
    // Neither call holds the mutex: chunkWritten() must not wait for the disk.
    auto synced = sink->sync();
    auto appended = synced ? journal->append(batch.chunks.values(), batch.progress.values()) : Result<void>();
    std::lock_guard lock(mutex);
    ++syncCount;
    if (!synced)
        failure = synced.error().prefixed(u"Cannot make the written data durable for the resume journal"_s);
    else if (!appended)
        failure = appended.error();
    else
        committed += batch.chunks.size();
}

void JournalCommitter::Private::run()
{
    std::unique_lock lock(mutex);
    for (;;) {
        changed.wait_for(lock, interval, [&] { return stopping; });
        if (failure || (stopping && !commitOnStop))
            return;
        const bool last = stopping;
        Batch batch = std::exchange(pending, {});
        if (!batch.isEmpty()) {
            lock.unlock();
            commit(batch);
            lock.lock();
        }
        if (last)
            return;
    }
}

JournalCommitter::JournalCommitter(Sink &sink, ResumeJournal &journal, std::chrono::milliseconds interval)
    : d(std::make_unique<Private>())
{
    d->sink = &sink;
    d->journal = &journal;
    d->interval = interval;
}

JournalCommitter::~JournalCommitter()
{
    (void)stop(false);
}

void JournalCommitter::start()
{
    if (d->thread)
        return;
    d->thread.reset(QThread::create([this] { d->run(); }));
    d->thread->setObjectName(u"ferry-journal"_s);
    d->thread->start();
}

void JournalCommitter::chunkWritten(const ChunkDigest &chunk)
{
    std::lock_guard lock(d->mutex);
    if (d->failure || d->stopping)
        return;
    ChunkDigest kept = chunk;
    kept.zeroBlocks.clear(); // the journal does not store the map
    d->pending.progress.remove(chunk.offset);
    d->pending.chunks.insert(chunk.offset, kept);
}

void JournalCommitter::chunkProgress(const ChunkProgress &progress)
{
    std::lock_guard lock(d->mutex);
    if (d->failure || d->stopping || progress.written <= 0 || d->pending.chunks.contains(progress.offset))
        return;
    const auto known = d->pending.progress.constFind(progress.offset);
    if (known == d->pending.progress.cend() || known->written < progress.written)
        d->pending.progress.insert(progress.offset, progress);
}

std::optional<Error> JournalCommitter::error() const
{
    std::lock_guard lock(d->mutex);
    return d->failure;
}

Result<void> JournalCommitter::stop(bool commitPending)
{
    {
        std::lock_guard lock(d->mutex);
        if (d->stopped)
            return d->failure ? Result<void>(std::unexpected(*d->failure)) : Result<void>();
        d->stopping = true;
        d->commitOnStop = commitPending;
        d->changed.notify_all();
    }
    if (d->thread) {
        d->thread->wait();
        d->thread.reset();
    } else if (commitPending) {
        // Never started: commit on the caller's thread so stop() keeps its promise.
        Private::Batch batch;
        {
            std::lock_guard lock(d->mutex);
            if (!d->failure)
                batch = std::exchange(d->pending, {});
        }
        if (!batch.isEmpty())
            d->commit(batch);
    }
    std::lock_guard lock(d->mutex);
    d->stopped = true;
    d->pending = {};
    if (d->failure)
        return std::unexpected(*d->failure);
    return {};
}

qint64 JournalCommitter::committedChunks() const
{
    std::lock_guard lock(d->mutex);
    return d->committed;
}

qint64 JournalCommitter::syncs() const
{
    std::lock_guard lock(d->mutex);
    return d->syncCount;
}

} // namespace Ferry
