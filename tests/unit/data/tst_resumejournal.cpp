#include "data/resumejournal.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kChunk = 32 * 1024 * 1024;
constexpr qint64 kCapacity = 3 * kChunk + 4096; // the last chunk is short

ResumeJournal::Source source()
{
    return {u"https://esxi.example/folder/vm/disk-flat.vmdk?dcPath=ha-datacenter&dsName=data%201"_s, kCapacity, kChunk,
            u"\"etag-1\" 2026-11-21"_s};
}

ChunkProgress part(qint64 index, qint64 written)
{
    return {index, index * kChunk, std::min(kChunk, kCapacity - index * kChunk), written};
}

ChunkDigest chunk(qint64 index, qint64 zeroBytes = 0)
{
    ChunkDigest digest;
    digest.index = index;
    digest.offset = index * kChunk;
    digest.length = std::min(kChunk, kCapacity - digest.offset);
    digest.chain = QString(64, QChar(char16_t(u'0' + index)));
    digest.zeroBytes = zeroBytes;
    digest.dataBytes = digest.length - zeroBytes;
    return digest;
}
}

class TestResumeJournal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void recordsSurviveReopening();
    void tornLastLineIsDropped();
    void mismatchedHeaderIsRefused_data();
    void mismatchedHeaderIsRefused();
    void damagedMiddleLineIsRefused();
    void overflowingChunkIndexIsRefused();
    void credentialsAreNotWritten();
    void createRefusesAnExistingJournal();
    void resumeWithoutJournalFails();
    void removeDeletesTheFile();
    void partRecordsKeepWhatArrived();
    void version2JournalIsReadAndUpgraded();
    void otherVersionsAreRefused_data();
    void otherVersionsAreRefused();
    void partOffTheZeroGridIsRefused_data();
    void partOffTheZeroGridIsRefused();

private:
    QString target() const { return m_dir->filePath(u"disk.raw"_s); }
    void appendRaw(const QByteArray &bytes) const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestResumeJournal::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestResumeJournal::appendRaw(const QByteArray &bytes) const
{
    QFile file(ResumeJournal::pathFor(target()));
    QVERIFY(file.open(QIODevice::Append));
    file.write(bytes);
}

void TestResumeJournal::recordsSurviveReopening()
{
    {
        auto journal = ResumeJournal::create(target(), source());
        QVERIFY2(journal, qPrintable(journal ? QString() : journal.error().toString()));
        QCOMPARE((*journal)->path(), target() + u".ferry-journal"_s);
        QVERIFY((*journal)->append(chunk(2, 100)));
        QVERIFY((*journal)->append(chunk(0)));
        QVERIFY((*journal)->append(chunk(3, chunk(3).length)));
    }
    auto journal = ResumeJournal::resume(target(), source());
    QVERIFY2(journal, qPrintable(journal ? QString() : journal.error().toString()));
    QVERIFY(!(*journal)->droppedTornLine());
    const QList<ChunkDigest> chunks = (*journal)->completedChunks();
    QCOMPARE(chunks.size(), 3);
    QCOMPARE(chunks[0].offset, qint64(0));
    QCOMPARE(chunks[1].offset, 2 * kChunk);
    QCOMPARE(chunks[1].zeroBytes, qint64(100));
    QCOMPARE(chunks[1].dataBytes, kChunk - 100);
    QCOMPARE(chunks[1].chain, chunk(2).chain);
    QCOMPARE(chunks[2].length, qint64(4096));
    QVERIFY(chunks[2].allZero());
    QVERIFY(chunks[2].zeroBlocks.isEmpty()); // not stored
    // The resumed journal keeps appending.
    QVERIFY((*journal)->append(chunk(1)));
    journal->reset();
    QCOMPARE((*ResumeJournal::resume(target(), source()))->completedChunks().size(), 4);
}

void TestResumeJournal::tornLastLineIsDropped()
{
    {
        auto journal = ResumeJournal::create(target(), source());
        QVERIFY(journal);
        QVERIFY((*journal)->append(chunk(0)));
        QVERIFY((*journal)->append(chunk(1)));
    }
    appendRaw("chunk 2 67108864 33554432 2222"); // the crash cut the record short
    {
        auto journal = ResumeJournal::resume(target(), source());
        QVERIFY2(journal, qPrintable(journal ? QString() : journal.error().toString()));
        QVERIFY((*journal)->droppedTornLine());
        QCOMPARE((*journal)->completedChunks().size(), 2);
        QVERIFY((*journal)->append(chunk(2))); // must not be glued to the torn fragment
    }
    auto journal = ResumeJournal::resume(target(), source());
    QVERIFY2(journal, qPrintable(journal ? QString() : journal.error().toString()));
    QVERIFY(!(*journal)->droppedTornLine());
    QCOMPARE((*journal)->completedChunks().size(), 3);
}

void TestResumeJournal::mismatchedHeaderIsRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<qint64>("capacity");
    QTest::addColumn<qint64>("chunkSize");
    QTest::addColumn<QString>("fingerprint");
    const ResumeJournal::Source s = source();
    QTest::newRow("other disk") << u"https://esxi.example/folder/vm/other-flat.vmdk"_s << s.capacity << s.chunkSize << s.fingerprint;
    QTest::newRow("other size") << s.url << s.capacity + 512 << s.chunkSize << s.fingerprint;
    QTest::newRow("other chunk size") << s.url << s.capacity << s.chunkSize / 2 << s.fingerprint;
    QTest::newRow("source changed") << s.url << s.capacity << s.chunkSize << u"\"etag-2\""_s;
}

void TestResumeJournal::mismatchedHeaderIsRefused()
{
    QFETCH(QString, url);
    QFETCH(qint64, capacity);
    QFETCH(qint64, chunkSize);
    QFETCH(QString, fingerprint);
    {
        auto journal = ResumeJournal::create(target(), source());
        QVERIFY(journal);
        QVERIFY((*journal)->append(chunk(0)));
    }
    const auto journal = ResumeJournal::resume(target(), {url, capacity, chunkSize, fingerprint});
    QVERIFY(!journal);
    QVERIFY2(journal.error().message().contains(u"different source"_s), qPrintable(journal.error().toString()));
    QVERIFY(journal.error().message().contains(u"without --resume"_s));
    QVERIFY(journal.error().message().contains(ResumeJournal::pathFor(target())));
}

void TestResumeJournal::damagedMiddleLineIsRefused()
{
    {
        auto journal = ResumeJournal::create(target(), source());
        QVERIFY(journal);
        QVERIFY((*journal)->append(chunk(0)));
    }
    appendRaw("chunk 1 33554432 garbage\n");
    const auto journal = ResumeJournal::resume(target(), source());
    QVERIFY(!journal);
    QCOMPARE(journal.error().code(), ErrorCode::Integrity);
    QVERIFY2(journal.error().message().contains(u"line 7"_s), qPrintable(journal.error().toString()));
}

// Found by fuzz_resumejournal: index * chunk size overflowed (undefined behaviour); with
// 2^39 * 2^25 wrapping to 0, a record claiming chunk 549755813888 passed as chunk 0.
void TestResumeJournal::overflowingChunkIndexIsRefused()
{
    {
        auto journal = ResumeJournal::create(target(), source());
        QVERIFY(journal);
        QVERIFY((*journal)->append(chunk(0)));
    }
    appendRaw("chunk 549755813888 0 33554432 " + QByteArray(64, 'a') + " 0\n");
    const auto journal = ResumeJournal::resume(target(), source());
    QVERIFY(!journal);
    QCOMPARE(journal.error().code(), ErrorCode::Integrity);
    QVERIFY2(journal.error().message().contains(u"line 7"_s), qPrintable(journal.error().toString()));
}

void TestResumeJournal::credentialsAreNotWritten()
{
    ResumeJournal::Source withUser = source();
    withUser.url = u"https://root:s3cret@esxi.example/folder/vm/disk-flat.vmdk"_s;
    QVERIFY(ResumeJournal::create(target(), withUser));
    QFile file(ResumeJournal::pathFor(target()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY(!content.contains("s3cret"));
    QVERIFY(!content.contains("root"));
    QVERIFY(content.contains("source https://esxi.example/folder/vm/disk-flat.vmdk\n"));
    // The same URL with credentials still matches on resume.
    QVERIFY(ResumeJournal::resume(target(), withUser));
}

void TestResumeJournal::createRefusesAnExistingJournal()
{
    QVERIFY(ResumeJournal::create(target(), source()));
    const auto again = ResumeJournal::create(target(), source());
    QVERIFY(!again);
    QVERIFY(again.error().message().contains(u"--resume"_s));
}

void TestResumeJournal::resumeWithoutJournalFails()
{
    const auto journal = ResumeJournal::resume(target(), source());
    QVERIFY(!journal);
    QCOMPARE(journal.error().code(), ErrorCode::NotFound);
}

void TestResumeJournal::removeDeletesTheFile()
{
    auto journal = ResumeJournal::create(target(), source());
    QVERIFY(journal);
    QVERIFY(QFile::exists(ResumeJournal::pathFor(target())));
    QVERIFY((*journal)->remove());
    QVERIFY(!QFile::exists(ResumeJournal::pathFor(target())));
    QVERIFY(!(*journal)->append(chunk(0)));
}

QTEST_GUILESS_MAIN(TestResumeJournal)
void TestResumeJournal::partRecordsKeepWhatArrived()
{
    {
        auto journal = ResumeJournal::create(target(), source());
        QVERIFY(journal);
        // Chunk 0 digested; 1 interrupted twice (the larger prefix counts); 2 whole but
        // ahead of the digest; 3 (short) whole; a part record of a digested chunk is moot.
        QVERIFY((*journal)->append({chunk(0)}, {part(1, 4 << 20), part(2, kChunk), part(0, 1 << 20)}));
        QVERIFY((*journal)->append({}, {part(1, 8 << 20), part(3, 4096)}));
        QVERIFY((*journal)->append({}, {part(1, 6 << 20)}));
        QCOMPARE((*journal)->bytesKept(), kChunk + (8 << 20) + kChunk + 4096);
    }
    auto journal = ResumeJournal::resume(target(), source());
    QVERIFY2(journal, qPrintable(journal ? QString() : journal.error().toString()));
    const QList<ChunkDigest> whole = (*journal)->completedChunks();
    QCOMPARE(whole.size(), 3);
    QCOMPARE(whole[0].chain, chunk(0).chain);
    QCOMPARE(whole[1].offset, 2 * kChunk);
    QVERIFY(whole[1].chain.isEmpty()); // the next digest gives it one
    QCOMPARE(whole[1].dataBytes, kChunk);
    QCOMPARE(whole[2].length, qint64(4096));
    QVERIFY(!whole[2].allZero()); // unknown content: read back, not assumed zero
    const QList<ChunkProgress> partial = (*journal)->partialChunks();
    QCOMPARE(partial.size(), 1);
    QCOMPARE(partial[0].index, qint64(1));
    QCOMPARE(partial[0].offset, kChunk);
    QCOMPARE(partial[0].length, kChunk);
    QCOMPARE(partial[0].written, qint64(8 << 20));
    QCOMPARE((*journal)->bytesKept(), kChunk + (8 << 20) + kChunk + 4096);
    // Chunk 1 finishes in the resumed session.
    QVERIFY((*journal)->append(chunk(1)));
    QCOMPARE((*journal)->bytesKept(), kCapacity);
}

void TestResumeJournal::version2JournalIsReadAndUpgraded()
{
    {
        auto journal = ResumeJournal::create(target(), source());
        QVERIFY(journal);
        QVERIFY((*journal)->append(chunk(0)));
    }
    QFile file(ResumeJournal::pathFor(target()));
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray content = file.readAll();
    QVERIFY(content.startsWith("ferry-journal 3\n"));
    content[14] = '2'; // as Ferry wrote it before part records
    QVERIFY(file.seek(0));
    QCOMPARE(file.write(content), content.size());
    file.close();
    {
        auto journal = ResumeJournal::resume(target(), source());
        QVERIFY2(journal, qPrintable(journal ? QString() : journal.error().toString()));
        QCOMPARE((*journal)->completedChunks().size(), 1);
        QVERIFY((*journal)->partialChunks().isEmpty());
        QVERIFY((*journal)->append({}, {part(1, 1 << 20)}));
    }
    QVERIFY(file.open(QIODevice::ReadOnly));
    content = file.readAll();
    file.close();
    // Marked version 3 before the first part record, so an older Ferry refuses it by
    // version instead of calling it damaged.
    QVERIFY(content.startsWith("ferry-journal 3\n"));
    QVERIFY(content.endsWith("\npart 1 33554432 1048576\n"));
    auto journal = ResumeJournal::resume(target(), source());
    QVERIFY(journal);
    QCOMPARE((*journal)->partialChunks().size(), 1);

    // A version 2 journal never holds part records: one that does is damaged.
    journal->reset();
    content[14] = '2';
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    const auto refused = ResumeJournal::resume(target(), source());
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), ErrorCode::Integrity);
}

void TestResumeJournal::otherVersionsAreRefused_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::newRow("1") << QByteArray("1");
    QTest::newRow("4") << QByteArray("4");
    QTest::newRow("not a number") << QByteArray("3x");
}

void TestResumeJournal::otherVersionsAreRefused()
{
    QFETCH(QByteArray, version);
    QVERIFY(ResumeJournal::create(target(), source()));
    QFile file(ResumeJournal::pathFor(target()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray content = file.readAll();
    file.close();
    content.replace("ferry-journal 3\n", QByteArray("ferry-journal " + version + '\n'));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    file.close();
    const auto journal = ResumeJournal::resume(target(), source());
    QVERIFY(!journal);
    QCOMPARE(journal.error().code(), ErrorCode::Unsupported);
    QVERIFY2(journal.error().message().contains(u"another version"_s), qPrintable(journal.error().toString()));
}

void TestResumeJournal::partOffTheZeroGridIsRefused_data()
{
    QTest::addColumn<QByteArray>("record");
    QTest::newRow("off the 64 KiB grid") << QByteArray("part 1 33554432 1000\n");
    QTest::newRow("beyond the chunk") << QByteArray("part 1 33554432 33619968\n");
    QTest::newRow("nothing written") << QByteArray("part 1 33554432 0\n");
    QTest::newRow("wrong offset") << QByteArray("part 1 0 65536\n");
    QTest::newRow("beyond the disk") << QByteArray("part 4 134217728 65536\n");
    QTest::newRow("extra field") << QByteArray("part 1 33554432 65536 0\n");
}

void TestResumeJournal::partOffTheZeroGridIsRefused()
{
    // A resumed chunk's zero map is anchored at its start: a prefix off that grid would
    // map zero blocks wrongly and hash zeros for data.
    QFETCH(QByteArray, record);
    QVERIFY(ResumeJournal::create(target(), source()));
    appendRaw(record);
    const auto journal = ResumeJournal::resume(target(), source());
    QVERIFY(!journal);
    QCOMPARE(journal.error().code(), ErrorCode::Integrity);
    QVERIFY2(journal.error().message().contains(u"line 6"_s), qPrintable(journal.error().toString()));
}

#include "tst_resumejournal.moc"
