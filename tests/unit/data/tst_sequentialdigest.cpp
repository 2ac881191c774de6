#include "chunkfeeder.h"
#include "data/rawfilesink.h"
#include "data/sequentialdigest.h"
#include "data/sha256.h"
#include "diskpattern.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kChunk = 4 * 1024 * 1024;
const QString kSpec = u"D5M Z20M D3M B64K Z10M D1M Z7M D1234"_s;

QString fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}
}

class TestSequentialDigest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void wholeDiskDigest_data();
    void wholeDiskDigest();
    void chainValuesAreChecked();
    void overlappingChunksAreAnError();
    void cancelStopsWaiting();
    void emptyDisk();
    void gapFailsOnceAllChunksAreReported();
    void callerCancelStopsFinalHex();
    void impossibleCapacityFails_data();
    void impossibleCapacityFails();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSequentialDigest::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSequentialDigest::wholeDiskDigest_data()
{
    QTest::addColumn<QString>("zeroInfo"); // what the digest is told about zero regions
    QTest::addColumn<int>("threads");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("zero maps, 2 writers") << u"map"_s << 2 << 11u;
    QTest::newRow("zero maps, 3 writers, other order") << u"map"_s << 3 << 12u;
    QTest::newRow("no maps (from a journal)") << u"none"_s << 2 << 13u;
    QTest::newRow("zero byte counts only") << u"counts"_s << 1 << 14u;
}

void TestSequentialDigest::wholeDiskDigest()
{
    QFETCH(QString, zeroInfo);
    QFETCH(int, threads);
    QFETCH(quint32, seed);
    const QByteArray source = DiskPattern::make(kSpec, seed);
    const QString path = m_dir->filePath(u"disk.raw"_s);
    RawFileSink sink(path);
    QVERIFY(sink.open(source.size(), Sink::OpenMode::Create));
    auto reader = sink.createReader();
    QVERIFY(reader);
    QList<ChunkDigest> digested; // the digest thread's records, in disk order
    SequentialDigest digest(source.size(), std::move(*reader), [&](const ChunkDigest &chunk) { digested.append(chunk); });
    digest.start();

    // Chunks complete out of order, on worker threads, while the digest runs.
    const auto chunks = ChunkFeeder::write(sink, source, kChunk, threads, seed, [&](const ChunkDigest &chunk) {
        ChunkDigest told = chunk;
        if (zeroInfo != u"map"_s)
            told.zeroBlocks.clear();
        if (zeroInfo == u"none"_s)
            told.zeroBytes = told.length == told.zeroBytes ? told.length : 0;
        digest.chunkCompleted(told);
    });
    QVERIFY2(chunks, qPrintable(chunks ? QString() : chunks.error().toString()));
    const auto hex = digest.finalHex();
    QVERIFY2(hex, qPrintable(hex ? QString() : hex.error().toString()));
    QVERIFY(digest.isFinished());
    QCOMPARE(digest.digestedBytes(), source.size());
    QVERIFY(sink.commit()); // the digest released its reader
    QCOMPARE(*hex, DiskPattern::sha256(source));
    QCOMPARE(*hex, fileSha256(path));

    // Every chunk got the disk hash's chain after it (ChunkFeeder computes the expected
    // chains from the source), in disk order, and a chain resumes the hash exactly.
    QCOMPARE(digested.size(), chunks->size());
    for (qsizetype i = 0; i < digested.size(); ++i) {
        QCOMPARE(digested[i].offset, chunks->at(i).offset);
        QCOMPARE(digested[i].chain, chunks->at(i).chain);
    }
    const ChunkDigest &second = digested.at(1);
    auto resumed = Sha256::resume(digested.at(0).chain, second.offset);
    QVERIFY(resumed);
    resumed->update(QByteArrayView(source).sliced(second.offset));
    QCOMPARE(resumed->finalHex(), DiskPattern::sha256(source));
    QCOMPARE(digested.last().chain, DiskPattern::sha256(source)); // an unaligned tail ends in the digest
}

void TestSequentialDigest::chainValuesAreChecked()
{
    const QString chain = Sha256::initialChainHex();
    QCOMPARE(chain.size(), 64);
    QVERIFY(Sha256::resume(chain, 0));
    QVERIFY(!Sha256::resume(chain, 100));            // not a block boundary
    QVERIFY(!Sha256::resume(chain.first(62), 64));   // too short
    QVERIFY(!Sha256::resume(QString(64, u'g'), 64)); // not hex
    QVERIFY(Sha256::resume(chain.toUpper(), 64));
    Sha256 sha;
    sha.update(QByteArray(100, 'x'));
    QVERIFY(sha.chainHex().isEmpty()); // mid-block: no chaining value
    QCOMPARE(sha.chunkEndHex(), Sha256::hex(QByteArray(100, 'x')));
    QCOMPARE(sha.finalHex(), Sha256::hex(QByteArray(100, 'x'))); // chunkEndHex() left it unchanged
}

void TestSequentialDigest::overlappingChunksAreAnError()
{
    const QString path = m_dir->filePath(u"disk.raw"_s);
    RawFileSink sink(path);
    QVERIFY(sink.open(3 * kChunk, Sink::OpenMode::Create));
    SequentialDigest digest(3 * kChunk, std::move(*sink.createReader()));
    digest.start();
    ChunkDigest chunk;
    chunk.offset = kChunk;
    chunk.length = kChunk;
    chunk.zeroBytes = kChunk;
    digest.chunkCompleted(chunk);
    chunk.offset = kChunk + 4096; // overlaps the previous one
    digest.chunkCompleted(chunk);
    const auto hex = digest.finalHex();
    QVERIFY(!hex);
    QCOMPARE(hex.error().code(), ErrorCode::Internal);
    QVERIFY(hex.error().message().contains(u"overlap"_s));
}

void TestSequentialDigest::cancelStopsWaiting()
{
    const QString path = m_dir->filePath(u"disk.raw"_s);
    RawFileSink sink(path);
    QVERIFY(sink.open(2 * kChunk, Sink::OpenMode::Create));
    SequentialDigest digest(2 * kChunk, std::move(*sink.createReader()));
    digest.start();
    ChunkDigest chunk;
    chunk.offset = kChunk; // the first chunk never arrives
    chunk.length = kChunk;
    chunk.zeroBytes = kChunk;
    digest.chunkCompleted(chunk);
    QVERIFY(!digest.isFinished());
    digest.cancel();
    const auto hex = digest.finalHex();
    QVERIFY(!hex);
    QCOMPARE(hex.error().code(), ErrorCode::Cancelled);
}

void TestSequentialDigest::emptyDisk()
{
    RawFileSink sink(m_dir->filePath(u"disk.raw"_s));
    QVERIFY(sink.open(0, Sink::OpenMode::Create));
    SequentialDigest digest(0, std::move(*sink.createReader()));
    digest.start();
    QCOMPARE(*digest.finalHex(), DiskPattern::sha256({}));
}

// The engine drained the disk but a chunk never arrived (a chunk count that does not add
// up to the capacity): finalHex() must fail, not wait forever.
void TestSequentialDigest::gapFailsOnceAllChunksAreReported()
{
    RawFileSink sink(m_dir->filePath(u"disk.raw"_s));
    QVERIFY(sink.open(3 * kChunk, Sink::OpenMode::Create));
    SequentialDigest digest(3 * kChunk, std::move(*sink.createReader()));
    digest.start();
    ChunkDigest chunk;
    chunk.length = kChunk;
    chunk.zeroBytes = kChunk;
    for (const qint64 offset : {qint64(0), 2 * kChunk}) { // the middle one is missing
        chunk.offset = offset;
        digest.chunkCompleted(chunk);
    }
    digest.allChunksReported();
    const auto hex = digest.finalHex();
    QVERIFY(!hex);
    QCOMPARE(hex.error().code(), ErrorCode::Internal);
    QVERIFY2(hex.error().message().contains(u"offset %1"_s.arg(kChunk)), qPrintable(hex.error().toString()));
}

void TestSequentialDigest::callerCancelStopsFinalHex()
{
    RawFileSink sink(m_dir->filePath(u"disk.raw"_s));
    QVERIFY(sink.open(kChunk, Sink::OpenMode::Create));
    SequentialDigest digest(kChunk, std::move(*sink.createReader()));
    digest.start();
    const std::atomic<bool> cancelled = true; // the chunk never arrives; only the flag can end the wait
    const auto hex = digest.finalHex(&cancelled);
    QVERIFY(!hex);
    QCOMPARE(hex.error().code(), ErrorCode::Cancelled);
}

void TestSequentialDigest::impossibleCapacityFails_data()
{
    QTest::addColumn<qint64>("capacity");
    QTest::newRow("INT64_MAX") << std::numeric_limits<qint64>::max();
    QTest::newRow("2^62") << (qint64(1) << 62);
    QTest::newRow("62 TiB + 1") << (qint64(62) << 40) + 1;
    QTest::newRow("negative") << qint64(-1);
}

// A chunk near INT64_MAX used to wrap offset + length past the capacity check.
void TestSequentialDigest::impossibleCapacityFails()
{
    QFETCH(qint64, capacity);
    RawFileSink sink(m_dir->filePath(u"disk.raw"_s));
    QVERIFY(sink.open(kChunk, Sink::OpenMode::Create));
    SequentialDigest digest(capacity, std::move(*sink.createReader()));
    digest.start();
    ChunkDigest chunk;
    chunk.offset = std::numeric_limits<qint64>::max() - 10;
    chunk.length = kChunk;
    chunk.zeroBytes = kChunk;
    digest.chunkCompleted(chunk);
    const auto hex = digest.finalHex();
    QVERIFY(!hex);
    QCOMPARE(hex.error().code(), ErrorCode::Internal);
}

QTEST_GUILESS_MAIN(TestSequentialDigest)
#include "tst_sequentialdigest.moc"
