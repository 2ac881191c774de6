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
#include "tst_resumejournal.moc"
