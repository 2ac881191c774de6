#include "chunkfeeder.h"
#include "data/chunkprocessor.h"
#include "data/rawfilesink.h"
#include "diskpattern.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMiB = 1024 * 1024;

QByteArray readBack(const QString &path, qint64 offset, qint64 length)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    return file.read(length);
}
}

class TestRawFileSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void writesExactBytesAndStaysSparse();
    void createRefusesAnExistingTarget();
    void resumeNeedsTheRightSize();
    void zeroOverWrittenDataReadsZero();
    void zeroOnResumePunchesHoles();
    void preallocationAllocatesEverything();
    void discardRemovesOrKeeps();
    void commitRefusesLiveWriters();
    void readerRefusesOutOfRange();
    void benchmarkWrite();

private:
    QString path() const { return m_dir->filePath(u"disk.raw"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestRawFileSink::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestRawFileSink::writesExactBytesAndStaysSparse()
{
    // 64 MiB with about 3 MiB of data: a thin disk.
    const QByteArray source = DiskPattern::make(u"D1M Z30M D2M Z27M B64K Z4032K D777"_s, 21);
    RawFileSink sink(path());
    QCOMPARE(sink.format(), u"raw"_s);
    QCOMPARE(sink.target(), path());
    QVERIFY(sink.open(source.size(), Sink::OpenMode::Create));
    const auto chunks = ChunkFeeder::write(sink, source, 8 * kMiB, 2, 3, {});
    QVERIFY2(chunks, qPrintable(chunks ? QString() : chunks.error().toString()));
    QVERIFY(sink.commit());

    QCOMPARE(QFileInfo(path()).size(), source.size());
    QCOMPARE(fileSha256(path()), DiskPattern::sha256(source));
    const qint64 allocated = allocatedBytes(path());
    QVERIFY2(allocated < 8 * kMiB, qPrintable(u"%1 bytes allocated"_s.arg(allocated)));
    qint64 zeroBytes = 0;
    for (const ChunkDigest &chunk : *chunks)
        zeroBytes += chunk.zeroBytes;
    QVERIFY(zeroBytes > 60 * kMiB);
}

void TestRawFileSink::createRefusesAnExistingTarget()
{
    QFile existing(path());
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("precious");
    existing.close();
    RawFileSink sink(path());
    const auto opened = sink.open(kMiB, Sink::OpenMode::Create);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), ErrorCode::Usage);
    QVERIFY2(opened.error().message().contains(u"already exists"_s), qPrintable(opened.error().toString()));
    QCOMPARE(readBack(path(), 0, 100), "precious"_ba); // untouched
}

void TestRawFileSink::resumeNeedsTheRightSize()
{
    {
        RawFileSink sink(path());
        QVERIFY(sink.open(4 * kMiB, Sink::OpenMode::Create));
        QVERIFY(sink.commit());
    }
    RawFileSink wrongSize(path());
    const auto refused = wrongSize.open(5 * kMiB, Sink::OpenMode::Resume);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), ErrorCode::Integrity);
    RawFileSink missing(m_dir->filePath(u"missing.raw"_s));
    QCOMPARE(missing.open(kMiB, Sink::OpenMode::Resume).error().code(), ErrorCode::NotFound);
    RawFileSink resumed(path());
    QVERIFY(resumed.open(4 * kMiB, Sink::OpenMode::Resume));
    QVERIFY(resumed.commit());
}

void TestRawFileSink::zeroOverWrittenDataReadsZero()
{
    // A chunk fetched again from scratch in the same session: data first, then zeros.
    RawFileSink sink(path());
    QVERIFY(sink.open(4 * kMiB, Sink::OpenMode::Create));
    {
        auto writer = sink.createWriter();
        QVERIFY(writer);
        QVERIFY((*writer)->write(kMiB, DiskPattern::make(u"D1M"_s)));
        QVERIFY((*writer)->zero(kMiB, kMiB));
        QVERIFY((*writer)->zero(3 * kMiB, kMiB)); // never written: skipped, still zero
        QVERIFY((*writer)->flush());
    }
    QVERIFY(sink.commit());
    QCOMPARE(fileSha256(path()), DiskPattern::sha256(QByteArray(4 * kMiB, '\0')));
}

void TestRawFileSink::zeroOnResumePunchesHoles()
{
    const QByteArray data = DiskPattern::make(u"D8M"_s, 4);
    {
        RawFileSink sink(path());
        QVERIFY(sink.open(data.size(), Sink::OpenMode::Create));
        QVERIFY(ChunkFeeder::write(sink, data, 2 * kMiB, 1, 1, {}));
        QVERIFY(sink.commit());
    }
    const qint64 before = allocatedBytes(path());
    QVERIFY(before >= 8 * kMiB);
    RawFileSink sink(path());
    QVERIFY(sink.open(data.size(), Sink::OpenMode::Resume));
    {
        auto writer = sink.createWriter();
        QVERIFY(writer);
        QVERIFY((*writer)->zero(2 * kMiB, 4 * kMiB));
        QVERIFY((*writer)->flush());
    }
    QVERIFY(sink.commit());
    QVERIFY(!sink.wroteZerosAsData());
    QByteArray expected = data;
    expected.replace(2 * kMiB, 4 * kMiB, QByteArray(4 * kMiB, '\0'));
    QCOMPARE(fileSha256(path()), DiskPattern::sha256(expected));
    QVERIFY(allocatedBytes(path()) <= before - 4 * kMiB);
}

void TestRawFileSink::preallocationAllocatesEverything()
{
    RawFileSink::Options options;
    options.preallocate = true;
    RawFileSink sink(path(), options);
    QVERIFY(sink.open(16 * kMiB, Sink::OpenMode::Create));
    {
        auto writer = sink.createWriter();
        QVERIFY(writer);
        QVERIFY((*writer)->write(0, DiskPattern::make(u"D1M"_s)));
        QVERIFY((*writer)->zero(0, kMiB)); // ZERO_RANGE keeps the blocks
        QVERIFY((*writer)->flush());
    }
    QVERIFY(sink.commit());
    QVERIFY(allocatedBytes(path()) >= 16 * kMiB);
    QCOMPARE(fileSha256(path()), DiskPattern::sha256(QByteArray(16 * kMiB, '\0')));
}

void TestRawFileSink::discardRemovesOrKeeps()
{
    {
        RawFileSink sink(path());
        QVERIFY(sink.open(kMiB, Sink::OpenMode::Create));
        sink.discard(true);
    }
    QVERIFY(QFile::exists(path()));
    RawFileSink sink(path());
    QVERIFY(sink.open(kMiB, Sink::OpenMode::Resume));
    sink.discard(false);
    QVERIFY(!QFile::exists(path()));
}

void TestRawFileSink::commitRefusesLiveWriters()
{
    RawFileSink sink(path());
    QVERIFY(sink.open(kMiB, Sink::OpenMode::Create));
    auto writer = sink.createWriter();
    QVERIFY(writer);
    QCOMPARE(sink.commit().error().code(), ErrorCode::Internal);
    writer->reset();
    QVERIFY(sink.commit());
}

void TestRawFileSink::readerRefusesOutOfRange()
{
    RawFileSink sink(path());
    QVERIFY(sink.open(kMiB, Sink::OpenMode::Create));
    auto reader = sink.createReader();
    QVERIFY(reader);
    QByteArray buffer(4096, '\0');
    QVERIFY((*reader)->read(kMiB - 4096, std::span<char>(buffer.data(), 4096)));
    QVERIFY(!(*reader)->read(kMiB - 100, std::span<char>(buffer.data(), 4096)));
    auto writer = sink.createWriter();
    QVERIFY(!(*writer)->write(kMiB - 1, "ab"));
}

void TestRawFileSink::benchmarkWrite()
{
    // FERRY_BENCH=1 tst_rawfilesink benchmarkWrite: 1 GiB of incompressible data through
    // ChunkProcessor (32 MiB chunks, 64 KiB network pieces) into a raw file, two writer
    // threads, fdatasync after every chunk as the journal requires. FERRY_BENCH_DIR picks
    // the directory (default: temp).
    if (qEnvironmentVariableIntValue("FERRY_BENCH") != 1)
        QSKIP("set FERRY_BENCH=1 to measure");
    constexpr qint64 kTotal = 1024 * kMiB;
    const QByteArray block = DiskPattern::make(u"D32M"_s, 77);
    const QString target = qEnvironmentVariable("FERRY_BENCH_DIR", m_dir->path()) + u"/bench.raw"_s;
    QFile::remove(target);
    RawFileSink sink(target);
    const auto seconds = benchmarkSink(sink, block, kTotal);
    QVERIFY2(seconds, qPrintable(seconds ? QString() : seconds.error().toString()));
    qInfo("RawFileSink: 1 GiB in %.2f s = %.0f MiB/s", *seconds, 1024 / *seconds);
    QFile::remove(target);
}

QTEST_GUILESS_MAIN(TestRawFileSink)
#include "tst_rawfilesink.moc"
