#include "chunkfeeder.h"
#include "data/rawfilesink.h"
#include "data/verifier.h"
#include "diskpattern.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kChunk = 2 * 1024 * 1024;
const QString kSpec = u"D3M Z6M D1M Z2M D5000"_s;
}

class TestVerifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void intactDiskPasses();
    void flippedByteIsReported_data();
    void flippedByteIsReported();
    void cancelStops();

private:
    QList<ChunkDigest> writeDisk();
    QString path() const { return m_dir->filePath(u"disk.raw"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_source;
};

void TestVerifier::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_source = DiskPattern::make(kSpec, 5);
}

QList<ChunkDigest> TestVerifier::writeDisk()
{
    RawFileSink sink(path());
    if (!sink.open(m_source.size(), Sink::OpenMode::Create))
        return {};
    const auto chunks = ChunkFeeder::write(sink, m_source, kChunk, 2, 9, {});
    if (!chunks || !sink.commit())
        return {};
    return *chunks;
}

void TestVerifier::intactDiskPasses()
{
    const QList<ChunkDigest> chunks = writeDisk();
    QCOMPARE(chunks.size(), 7);
    RawFileSink sink(path());
    QVERIFY(sink.open(m_source.size(), Sink::OpenMode::Resume));
    auto reader = sink.createReader();
    QVERIFY(reader);
    Verifier verifier(**reader);
    QList<std::pair<qint64, qint64>> progress;
    verifier.setProgressCallback([&](qint64 done, qint64 total) { progress.append({done, total}); });
    const auto report = verifier.verify(chunks);
    QVERIFY2(report, qPrintable(report ? QString() : report.error().toString()));
    QVERIFY(report->ok());
    QCOMPARE(report->chunksChecked, qint64(7));
    QCOMPARE(report->bytesChecked, m_source.size());
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last(), std::make_pair(m_source.size(), m_source.size()));
}

void TestVerifier::flippedByteIsReported_data()
{
    QTest::addColumn<qint64>("at");
    QTest::newRow("in data") << qint64(1024 * 1024 + 17);
    QTest::newRow("in a hole") << qint64(5 * 1024 * 1024 + 3);
    QTest::newRow("last byte of the short tail") << qint64(-1);
}

void TestVerifier::flippedByteIsReported()
{
    QFETCH(qint64, at);
    if (at < 0)
        at = m_source.size() - 1;
    const QList<ChunkDigest> chunks = writeDisk();
    QVERIFY(!chunks.isEmpty());
    {
        QFile file(path());
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(at));
        char byte = 0;
        QVERIFY(file.getChar(&byte));
        QVERIFY(file.seek(at));
        QVERIFY(file.putChar(char(byte ^ 0x40)));
    }
    RawFileSink sink(path());
    QVERIFY(sink.open(m_source.size(), Sink::OpenMode::Resume));
    auto reader = sink.createReader();
    QVERIFY(reader);
    const auto report = Verifier(**reader).verify(chunks);
    QVERIFY(report);
    QVERIFY(!report->ok());
    QCOMPARE(report->mismatches.size(), 1);
    const VerifyMismatch &mismatch = report->mismatches.first();
    QCOMPARE(mismatch.offset, at / kChunk * kChunk);
    QCOMPARE(mismatch.length, chunks[at / kChunk].length);
    QCOMPARE(mismatch.expected, chunks[at / kChunk].chain);
    QVERIFY(mismatch.actual != mismatch.expected);
    QCOMPARE(report->chunksChecked, qint64(chunks.size())); // keeps going after a mismatch
}

void TestVerifier::cancelStops()
{
    const QList<ChunkDigest> chunks = writeDisk();
    RawFileSink sink(path());
    QVERIFY(sink.open(m_source.size(), Sink::OpenMode::Resume));
    auto reader = sink.createReader();
    QVERIFY(reader);
    std::atomic<bool> cancelled = true;
    Verifier verifier(**reader);
    verifier.setCancelFlag(&cancelled);
    const auto report = verifier.verify(chunks);
    QVERIFY(!report);
    QCOMPARE(report.error().code(), ErrorCode::Cancelled);
}

QTEST_GUILESS_MAIN(TestVerifier)
#include "tst_verifier.moc"
