#include "data/journalcommitter.h"
#include "data/resumejournal.h"
#include "synctrackingsinkmock.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {
constexpr qint64 kChunk = 1024 * 1024;
constexpr qint64 kChunks = 2000;

ResumeJournal::Source source()
{
    return {u"https://esxi.example/folder/vm/disk-flat.vmdk"_s, kChunks * kChunk, kChunk, {}};
}

ChunkDigest chunk(qint64 index)
{
    ChunkDigest digest;
    digest.index = index;
    digest.offset = index * kChunk;
    digest.length = kChunk;
    digest.chain = QString(64, u'a');
    digest.dataBytes = kChunk;
    return digest;
}
}

// JournalCommitter's contract: a chunk reaches the journal only after a Sink::sync()
// that started after the chunk was drained succeeded.
class TestJournalCommitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void stopCommitsPendingChunks();
    void stopWithoutCommitRecordsNothing();
    void failedSyncRecordsNothing();
    void chunkReportedDuringSyncWaitsForTheNextSync();
    void recordsAreDurableUnderConcurrentReports();
    void progressIsCommittedOncePerChunk();

private:
    QString target() const { return m_dir->filePath(u"disk.raw"_s); }
    // Chunk offsets in the journal file as it is on disk now.
    QSet<qint64> journalOffsets() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ResumeJournal> m_journal;
};

void TestJournalCommitter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto journal = ResumeJournal::create(target(), source());
    QVERIFY2(journal, qPrintable(journal ? QString() : journal.error().toString()));
    m_journal = std::move(*journal);
}

QSet<qint64> TestJournalCommitter::journalOffsets() const
{
    QFile file(ResumeJournal::pathFor(target()));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QSet<qint64> offsets;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("chunk "))
            offsets.insert(line.split(' ').at(2).toLongLong());
    }
    return offsets;
}

void TestJournalCommitter::stopCommitsPendingChunks()
{
    SyncTrackingSinkMock sink;
    JournalCommitter committer(sink, *m_journal, 1h);
    committer.start();
    for (qint64 i : {2, 0, 1}) {
        sink.markDrained(i * kChunk);
        committer.chunkWritten(chunk(i));
    }
    QVERIFY(committer.stop(true));
    QCOMPARE(sink.syncsStarted(), 1); // one sync for the whole batch
    QCOMPARE(committer.committedChunks(), 3);
    m_journal.reset();
    auto reopened = ResumeJournal::resume(target(), source());
    QVERIFY(reopened);
    QCOMPARE((*reopened)->completedChunks().size(), 3);
}

void TestJournalCommitter::progressIsCommittedOncePerChunk()
{
    // What a pause keeps of chunks in flight: one record per chunk and batch, the largest
    // prefix, and none when the chunk's digested record came in the same batch.
    SyncTrackingSinkMock sink;
    JournalCommitter committer(sink, *m_journal, 1h);
    committer.start();
    sink.markDrained(0);
    committer.chunkProgress({0, 0, kChunk, 256 * 1024});
    committer.chunkProgress({0, 0, kChunk, kChunk});
    committer.chunkWritten(chunk(0));
    committer.chunkProgress({1, kChunk, kChunk, 512 * 1024});
    committer.chunkProgress({1, kChunk, kChunk, 128 * 1024}); // late and smaller: ignored
    committer.chunkProgress({2, 2 * kChunk, kChunk, kChunk});
    QVERIFY(committer.stop(true));
    QCOMPARE(sink.syncsStarted(), 1);
    QFile file(ResumeJournal::pathFor(target()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QCOMPARE(content.count("\nchunk "), 1);
    QCOMPARE(content.count("\npart "), 2);
    QVERIFY(content.contains("\npart 1 1048576 524288\n"));
    QVERIFY(content.contains("\npart 2 2097152 1048576\n"));
    QCOMPARE(m_journal->bytesKept(), 2 * kChunk + 512 * 1024);
}

void TestJournalCommitter::stopWithoutCommitRecordsNothing()
{
    SyncTrackingSinkMock sink;
    JournalCommitter committer(sink, *m_journal, 1h);
    committer.start();
    sink.markDrained(0);
    committer.chunkWritten(chunk(0));
    QVERIFY(committer.stop(false));
    QCOMPARE(sink.syncsStarted(), 0);
    QVERIFY(journalOffsets().isEmpty());
    // A second stop, as abandon() after a failed finish() does, changes nothing.
    QVERIFY(committer.stop(true));
    QVERIFY(journalOffsets().isEmpty());
}

void TestJournalCommitter::failedSyncRecordsNothing()
{
    SyncTrackingSinkMock sink;
    sink.setFailSync(true);
    JournalCommitter committer(sink, *m_journal, 1h);
    committer.start();
    sink.markDrained(0);
    committer.chunkWritten(chunk(0));
    const auto stopped = committer.stop(true);
    QVERIFY(!stopped);
    QCOMPARE(stopped.error().code(), ErrorCode::Io);
    QVERIFY(committer.error().has_value());
    QVERIFY(journalOffsets().isEmpty());
}

void TestJournalCommitter::chunkReportedDuringSyncWaitsForTheNextSync()
{
    SyncTrackingSinkMock sink;
    JournalCommitter committer(sink, *m_journal, 10ms);
    committer.start();
    sink.setHoldSync(true);
    sink.markDrained(0);
    committer.chunkWritten(chunk(0));
    QTRY_COMPARE(sink.syncsStarted(), 1);
    // Drained after that sync took its snapshot: it must not ride on it.
    sink.markDrained(kChunk);
    committer.chunkWritten(chunk(1));
    sink.setHoldSync(false);
    QTRY_COMPARE(committer.committedChunks(), 2);
    QVERIFY(sink.syncsStarted() >= 2);
    QVERIFY(committer.stop(true));
    QCOMPARE(journalOffsets(), (QSet<qint64>{0, kChunk}));
    QCOMPARE(sink.durable(), (QSet<qint64>{0, kChunk}));
}

void TestJournalCommitter::recordsAreDurableUnderConcurrentReports()
{
    // A writer thread reports the first half of the chunks as fast as it can while syncs
    // run every millisecond; then the sink starts failing and the second half follows.
    // Every record must be durable, and nothing may be recorded once a sync failed.
    SyncTrackingSinkMock sink;
    JournalCommitter committer(sink, *m_journal, 1ms);
    committer.start();
    std::atomic<bool> secondHalf = false;
    std::thread writer([&] {
        for (qint64 i = 0; i < kChunks; ++i) {
            while (i == kChunks / 2 && !secondHalf)
                std::this_thread::yield();
            sink.markDrained(i * kChunk);
            committer.chunkWritten(chunk(i));
        }
    });
    QTRY_VERIFY(committer.committedChunks() > 0);
    sink.setFailSync(true);
    secondHalf = true;
    writer.join();
    QVERIFY(!committer.stop(true));
    const QSet<qint64> recorded = journalOffsets();
    QVERIFY(!recorded.isEmpty());
    QCOMPARE(qint64(recorded.size()), committer.committedChunks());
    for (qint64 offset : recorded)
        QVERIFY(offset < kChunks / 2 * kChunk);
    const QSet<qint64> durable = sink.durable();
    for (qint64 offset : recorded)
        QVERIFY2(durable.contains(offset), qPrintable(u"offset %1 is recorded but not durable"_s.arg(offset)));
}

QTEST_GUILESS_MAIN(TestJournalCommitter)
#include "tst_journalcommitter.moc"
