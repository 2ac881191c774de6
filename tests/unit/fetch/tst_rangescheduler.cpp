#include "base/backoff.h"
#include "fetch/rangescheduler.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace std::chrono_literals;

namespace {

// Accepts everything and remembers nothing: the scheduler never looks at written data,
// only at how much a chunk's processor received.
class DiscardWriter : public SinkWriter
{
public:
    Result<void> write(qint64, QByteArrayView) override { return {}; }
    Result<void> zero(qint64, qint64) override { return {}; }
    Result<void> flush() override { return {}; }
};

} // namespace

class TestRangeScheduler : public QObject
{
    Q_OBJECT

private:
    std::chrono::steady_clock::time_point m_now{std::chrono::seconds(1000)};
    DiscardWriter m_writer;

    static constexpr qint64 chunk = 1 << 20;

    std::unique_ptr<RangeScheduler> make(RangeScheduler::Limits limits = {})
    {
        limits.chunkSize = chunk;
        return std::make_unique<RangeScheduler>(limits, [this] { return m_now; });
    }

    static std::shared_ptr<TransferDisk> disk(int index, qint64 capacity)
    {
        auto d = std::make_shared<TransferDisk>();
        d->index = index;
        d->spec.label = u"Hard disk %1"_s.arg(index + 1);
        d->spec.source = u"[datastore1] vm/vm_%1.vmdk"_s.arg(index);
        d->spec.capacity = capacity;
        return d;
    }

    void receive(ChunkTask &task, qint64 bytes)
    {
        const QByteArray data(int(bytes), 'x');
        QVERIFY(task.processor->append(data, m_writer));
    }

    void completeTask(RangeScheduler &scheduler, std::unique_ptr<ChunkTask> task)
    {
        receive(*task, task->length() - task->processor->received());
        auto digest = task->processor->finish(m_writer);
        QVERIFY(digest);
        scheduler.complete(std::move(task), *digest);
    }

private Q_SLOTS:
    void handsOutDisksInOrderAndSkipsCompletedChunks()
    {
        auto scheduler = make();
        scheduler->addDisk(disk(0, 3 * chunk + 100), {1});
        scheduler->addDisk(disk(1, chunk), {});
        scheduler->addDisk(disk(2, 0), {});
        QCOMPARE(scheduler->bytesSkipped(), chunk);
        QSignalSpy drained(scheduler.get(), &RangeScheduler::diskDrained);
        scheduler->start();
        QCOMPARE(drained.count(), 1); // the empty disk
        QCOMPARE(drained.at(0).at(0).toInt(), 2);

        QList<QPair<int, qint64>> order;
        std::vector<std::unique_ptr<ChunkTask>> tasks;
        for (auto grant = scheduler->acquire(0); grant.task; grant = scheduler->acquire(0)) {
            order.append({grant.task->disk->index, grant.task->index});
            tasks.push_back(std::move(grant.task));
        }
        const QList<QPair<int, qint64>> expected{{0, 0}, {0, 2}, {0, 3}, {1, 0}};
        QCOMPARE(order, expected);
        QCOMPARE(tasks[2]->offset(), 3 * chunk);
        QCOMPARE(tasks[2]->length(), 100);
        QVERIFY(!scheduler->hasWork());

        QSignalSpy completed(scheduler.get(), &RangeScheduler::chunkCompleted);
        for (auto &task : tasks)
            completeTask(*scheduler, std::move(task));
        QCOMPARE(completed.count(), 4);
        QCOMPARE(drained.count(), 3);
        const DiskTransferStats stats = scheduler->stats(0);
        QCOMPARE(stats.bytesFetched, 2 * chunk + 100);
        QCOMPARE(stats.retries, 0);
    }

    // The last chunkCompleted of a disk is signalled before its diskDrained.
    void drainedAfterLastChunk()
    {
        auto scheduler = make();
        scheduler->addDisk(disk(0, chunk), {});
        scheduler->start();
        QStringList events;
        connect(scheduler.get(), &RangeScheduler::chunkCompleted, this, [&events] { events << u"chunk"_s; });
        connect(scheduler.get(), &RangeScheduler::diskDrained, this, [&events] { events << u"drained"_s; });
        completeTask(*scheduler, scheduler->acquire(0).task);
        QCOMPARE(events, QStringList({u"chunk"_s, u"drained"_s}));
    }

    void retryPrefersAnotherConnection()
    {
        auto scheduler = make();
        scheduler->addDisk(disk(0, 3 * chunk), {});
        scheduler->start();
        QSignalSpy available(scheduler.get(), &RangeScheduler::workAvailable);
        auto task = scheduler->acquire(1).task;
        receive(*task, 1000);
        scheduler->retry(std::move(task), Error(ErrorCode::Network, u"reset"_s));
        QCOMPARE(available.count(), 1);

        auto mine = scheduler->acquire(1).task; // connection 1 gets a fresh chunk, not its failure
        QCOMPARE(mine->index, 1);
        auto other = scheduler->acquire(2).task; // connection 2 takes the retry, resumed
        QCOMPARE(other->index, 0);
        QCOMPARE(other->nextOffset(), 1000);
        QCOMPARE(other->failures, 1);
        scheduler->retry(std::move(other), Error(ErrorCode::Network, u"reset"_s));
        auto fresh = scheduler->acquire(2).task;
        QCOMPARE(fresh->index, 2);
        auto again = scheduler->acquire(2).task; // nothing else left: its own failure
        QVERIFY(again);
        QCOMPARE(again->index, 0);
        QCOMPARE(scheduler->stats(0).retries, 2);
    }

    void failsDiskAfterMaxAttempts()
    {
        RangeScheduler::Limits limits;
        limits.maxAttempts = 3;
        auto scheduler = make(limits);
        scheduler->addDisk(disk(0, 4 * chunk), {});
        scheduler->addDisk(disk(1, chunk), {});
        scheduler->start();
        QSignalSpy drained(scheduler.get(), &RangeScheduler::diskDrained);
        auto task = scheduler->acquire(0).task;
        QCOMPARE(task->index, 0);
        auto second = scheduler->acquire(0).task; // chunk 1, held while chunk 0 fails
        for (int attempt = 1; attempt <= 3; ++attempt) {
            if (attempt > 1)
                task = scheduler->acquire(attempt).task;
            QCOMPARE(task->index, 0);
            receive(*task, 10); // too little to count as progress
            scheduler->retry(std::move(task), Error(ErrorCode::Protocol, u"the server answered Content-Range 'x'"_s));
        }
        QVERIFY(second->disk->abandoned);
        QCOMPARE(drained.count(), 0); // chunk 1 is still out
        scheduler->requeue(std::move(second));
        QCOMPARE(drained.count(), 1);
        const auto error = scheduler->diskError(0);
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::Protocol);
        QCOMPARE(error->message(),
                 u"disk 'Hard disk 1' ([datastore1] vm/vm_0.vmdk): range at offset 0 failed 3 times: "
                 "the server answered Content-Range 'x'"_s);
        // The failed disk's chunks are gone; the next disk goes on.
        auto next = scheduler->acquire(0).task;
        QCOMPARE(next->disk->index, 1);
    }

    void progressIsNotFailure()
    {
        RangeScheduler::Limits limits;
        limits.maxAttempts = 2;
        limits.progressBytes = 1000;
        auto scheduler = make(limits);
        scheduler->addDisk(disk(0, chunk), {});
        scheduler->start();
        const Error dropped(ErrorCode::Network, u"dropped"_s);
        auto task = scheduler->acquire(0).task;
        receive(*task, 10);
        scheduler->retry(std::move(task), dropped);
        task = scheduler->acquire(1).task;
        QCOMPARE(task->failures, 1);
        receive(*task, 2000); // real progress: the count starts again
        scheduler->retry(std::move(task), dropped);
        QVERIFY(!scheduler->diskError(0));
        task = scheduler->acquire(0).task;
        QCOMPARE(task->failures, 1);
        QCOMPARE(task->nextOffset(), 2010);
        receive(*task, 10);
        scheduler->retry(std::move(task), dropped);
        QVERIFY(scheduler->diskError(0));
    }

    void backoffOn503IsSharedAndResets()
    {
        auto scheduler = make();
        scheduler->addDisk(disk(0, 8 * chunk), {});
        scheduler->start();
        auto a = scheduler->acquire(0).task;
        auto b = scheduler->acquire(1).task;
        auto c = scheduler->acquire(2).task;
        scheduler->throttled(std::move(a));
        scheduler->throttled(std::move(b)); // same burst: waits, does not escalate
        QCOMPARE(scheduler->total503(), 2);
        QCOMPARE(scheduler->stats(0).responses503, 2);
        QCOMPARE(scheduler->stats(0).retries, 0);
        auto waiting = scheduler->acquire(3);
        QVERIFY(!waiting.task);
        QVERIFY(waiting.retryAfter >= 1000ms);
        QVERIFY(waiting.retryAfter <= 1250ms);
        QVERIFY(scheduler->hasWork());

        m_now += waiting.retryAfter;
        auto d = scheduler->acquire(3).task;
        QVERIFY(d);
        scheduler->throttled(std::move(d)); // after the backoff: escalates to 2 s
        waiting = scheduler->acquire(3);
        QVERIFY(waiting.retryAfter >= 2000ms);
        QVERIFY(waiting.retryAfter <= 2500ms);

        // c was sent before the backoff: its success does not prove recovery.
        completeTask(*scheduler, std::move(c));
        m_now += waiting.retryAfter;
        auto e = scheduler->acquire(0).task;
        completeTask(*scheduler, std::move(e)); // sent after: resets to 1 s
        auto f = scheduler->acquire(0).task;
        scheduler->throttled(std::move(f));
        waiting = scheduler->acquire(0);
        QVERIFY(waiting.retryAfter >= 1000ms);
        QVERIFY(waiting.retryAfter <= 1250ms);
    }

    void admittedRequestAfterBackoffResetsItEvenIfDropped()
    {
        auto scheduler = make();
        scheduler->addDisk(disk(0, 8 * chunk), {});
        scheduler->start();
        auto a = scheduler->acquire(0).task;
        scheduler->throttled(std::move(a));
        auto waiting = scheduler->acquire(1);
        m_now += waiting.retryAfter;
        auto b = scheduler->acquire(1).task;
        scheduler->throttled(std::move(b)); // escalates to 2 s
        waiting = scheduler->acquire(1);
        QVERIFY(waiting.retryAfter >= 2000ms);
        m_now += waiting.retryAfter;

        // Sent after the backoff, answered with data, then the connection broke: the
        // server admitted it, so the next 503 starts again at 1 s.
        auto c = scheduler->acquire(1).task;
        receive(*c, 10);
        scheduler->retry(std::move(c), Error(ErrorCode::Network, u"reset"_s));
        auto d = scheduler->acquire(2).task;
        scheduler->throttled(std::move(d));
        waiting = scheduler->acquire(2);
        QVERIFY(waiting.retryAfter >= 1000ms);
        QVERIFY(waiting.retryAfter <= 1250ms);
    }

    void retryAfterLengthensTheWaitWithinLimits()
    {
        auto scheduler = make();
        scheduler->addDisk(disk(0, 8 * chunk), {});
        scheduler->start();
        auto a = scheduler->acquire(0).task;
        auto b = scheduler->acquire(1).task;
        scheduler->throttled(std::move(a), 5s);
        QCOMPARE(scheduler->acquire(2).retryAfter, 5000ms);
        scheduler->throttled(std::move(b), 24h); // not obeyed beyond the backoff maximum
        QCOMPARE(scheduler->acquire(2).retryAfter, 32000ms);
    }

    void endless503IsFatal()
    {
        RangeScheduler::Limits limits;
        limits.max503Escalations = 3;
        auto scheduler = make(limits);
        scheduler->addDisk(disk(0, chunk), {});
        scheduler->start();
        QSignalSpy fatal(scheduler.get(), &RangeScheduler::fatalError);
        for (int i = 0; i < 4; ++i) {
            auto grant = scheduler->acquire(0);
            m_now += grant.retryAfter;
            if (!grant.task)
                grant = scheduler->acquire(0);
            QVERIFY(grant.task);
            scheduler->throttled(std::move(grant.task));
        }
        QCOMPARE(fatal.count(), 1);
        QVERIFY(scheduler->isFatal());
        QVERIFY(!scheduler->hasWork());
    }

    void chunkLimitBoundsLiveProcessors()
    {
        RangeScheduler::Limits limits;
        limits.maxLiveChunks = 2;
        auto scheduler = make(limits);
        scheduler->addDisk(disk(0, 8 * chunk), {});
        scheduler->start();
        QSignalSpy available(scheduler.get(), &RangeScheduler::workAvailable);
        auto a = scheduler->acquire(0).task;
        auto b = scheduler->acquire(1).task;
        QVERIFY(a && b);
        QVERIFY(!scheduler->acquire(2).task);
        // A partial chunk back in the queue still holds its slot but can be taken.
        receive(*b, 5);
        scheduler->retry(std::move(b), Error(ErrorCode::Network, u"x"_s));
        auto resumed = scheduler->acquire(2).task;
        QCOMPARE(resumed->index, 1);
        QVERIFY(!scheduler->acquire(3).task);
        available.clear();
        completeTask(*scheduler, std::move(a));
        QCOMPARE(available.count(), 1);
        QVERIFY(scheduler->acquire(3).task);
    }

    void fatalStopsEverything()
    {
        auto scheduler = make();
        scheduler->addDisk(disk(0, 4 * chunk), {});
        scheduler->start();
        QSignalSpy fatal(scheduler.get(), &RangeScheduler::fatalError);
        auto held = scheduler->acquire(0).task;
        scheduler->reportFatal(Error(ErrorCode::Auth, u"bad password"_s));
        scheduler->reportFatal(Error(ErrorCode::Auth, u"again"_s));
        QCOMPARE(fatal.count(), 1);
        QVERIFY(held->disk->abandoned);
        QVERIFY(!scheduler->acquire(1).task);
        QVERIFY(!scheduler->hasWork());
        scheduler->requeue(std::move(held));
    }

    void allConnectionsGivingUpIsFatal()
    {
        RangeScheduler::Limits limits;
        limits.connections = 2;
        auto scheduler = make(limits);
        scheduler->addDisk(disk(0, chunk), {});
        scheduler->start();
        QSignalSpy fatal(scheduler.get(), &RangeScheduler::fatalError);
        scheduler->connectionGaveUp(0, Error(ErrorCode::Network, u"refused"_s));
        QCOMPARE(fatal.count(), 0);
        scheduler->connectionGaveUp(1, Error(ErrorCode::Network, u"refused"_s));
        QCOMPARE(fatal.count(), 1);
    }

    void cookieRejection()
    {
        auto scheduler = make();
        QVERIFY(!scheduler->cookieRejected());
        scheduler->rejectCookie();
        QVERIFY(scheduler->cookieRejected());
    }

    void backoffDoublesToMaxWithJitter()
    {
        Backoff backoff(1s, 32s, 42);
        const QList<qint64> nominal{1000, 2000, 4000, 8000, 16000, 32000, 32000, 32000};
        for (const qint64 n : nominal) {
            const qint64 delay = backoff.next().count();
            QVERIFY2(delay >= n && delay <= n + n / 4, qPrintable(QString::number(delay)));
        }
        backoff.reset();
        QCOMPARE(backoff.nominal(), 1000ms);
        const qint64 first = backoff.next().count();
        QVERIFY(first >= 1000 && first <= 1250);
    }

    void onlyActiveConnectionsGetWork()
    {
        // --connections auto: a pool of 4, 2 of them in use.
        RangeScheduler::Limits limits;
        limits.connections = 4;
        auto scheduler = make(limits);
        scheduler->addDisk(disk(0, 8 * chunk), {});
        scheduler->start();
        QCOMPARE(scheduler->activeConnections(), 4); // all of them unless told otherwise
        scheduler->setActiveConnections(2);
        QVERIFY(scheduler->isActive(1));
        QVERIFY(!scheduler->isActive(2));
        QVERIFY(!scheduler->acquire(2).task);
        QVERIFY(!scheduler->acquire(3).task);
        auto held = scheduler->acquire(1).task; // a task held while its connection retires
        QVERIFY(held);

        QSignalSpy work(scheduler.get(), &RangeScheduler::workAvailable);
        scheduler->setActiveConnections(3);
        QCOMPARE(work.count(), 1); // idle connections ask again
        QVERIFY(scheduler->acquire(2).task);
        scheduler->setActiveConnections(1);
        QCOMPARE(work.count(), 1); // lowering wakes nobody
        QVERIFY(!scheduler->acquire(1).task);
        // The retired connection still finishes what it holds: nothing is lost or fetched twice.
        QSignalSpy completed(scheduler.get(), &RangeScheduler::chunkCompleted);
        completeTask(*scheduler, std::move(held));
        QCOMPARE(completed.count(), 1);
        // Clamped to the pool.
        scheduler->setActiveConnections(99);
        QCOMPARE(scheduler->activeConnections(), 4);
        scheduler->setActiveConnections(0);
        QCOMPARE(scheduler->activeConnections(), 1);
    }

    void onlyActiveConnectionsMustGiveUpForAFatalError()
    {
        // Connections never activated never connect, so they never give up either.
        RangeScheduler::Limits limits;
        limits.connections = 16;
        auto scheduler = make(limits);
        scheduler->addDisk(disk(0, chunk), {});
        scheduler->setActiveConnections(2);
        QSignalSpy fatal(scheduler.get(), &RangeScheduler::fatalError);
        scheduler->connectionGaveUp(0, Error(ErrorCode::Network, u"refused"_s));
        QCOMPARE(fatal.count(), 0);
        scheduler->connectionGaveUp(2, Error(ErrorCode::Network, u"refused"_s));
        QCOMPARE(fatal.count(), 1);
    }

    void aConnectionThatGaveUpIsReplaced()
    {
        // The tuner uses 2 of 4; connection 0 gives up, then a 503 storm lowers the count
        // to 1: the one active connection must be a live one, not the dead connection 0.
        RangeScheduler::Limits limits;
        limits.connections = 4;
        auto scheduler = make(limits);
        scheduler->addDisk(disk(0, 8 * chunk), {});
        scheduler->start();
        scheduler->setActiveConnections(3);
        QSignalSpy fatal(scheduler.get(), &RangeScheduler::fatalError);
        QSignalSpy work(scheduler.get(), &RangeScheduler::workAvailable);
        scheduler->connectionGaveUp(0, Error(ErrorCode::Network, u"refused"_s));
        QCOMPARE(fatal.count(), 0);
        QCOMPARE(work.count(), 1);
        QVERIFY(!scheduler->isActive(0));
        QVERIFY(scheduler->isActive(1) && scheduler->isActive(2) && scheduler->isActive(3));
        QVERIFY(!scheduler->acquire(0).task);
        scheduler->setActiveConnections(1);
        QVERIFY(scheduler->isActive(1));
        QVERIFY(!scheduler->isActive(0) && !scheduler->isActive(2));
        QVERIFY(scheduler->acquire(1).task);
        // The same connection giving up twice counts once.
        scheduler->setActiveConnections(2);
        scheduler->connectionGaveUp(0, Error(ErrorCode::Network, u"refused"_s));
        QCOMPARE(fatal.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRangeScheduler)
#include "tst_rangescheduler.moc"
