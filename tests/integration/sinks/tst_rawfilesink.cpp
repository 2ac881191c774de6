#include "chunkfeeder.h"
#include "diskpattern.h"
#include "transfer/chunkprocessor.h"
#include "transfer/rawfilesink.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/stat.h>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMiB = 1024 * 1024;

QString fileSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return QString::fromLatin1(hash.result().toHex());
}

qint64 allocatedBytes(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return qint64(info.st_blocks) * 512;
}

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
    constexpr qint64 kChunk = 32 * kMiB;
    constexpr qint64 kTotal = 1024 * kMiB;
    const QByteArray block = DiskPattern::make(u"D32M"_s, 77);
    const QString target = qEnvironmentVariable("FERRY_BENCH_DIR", m_dir->path()) + u"/bench.raw"_s;
    QFile::remove(target);
    RawFileSink sink(target);
    QVERIFY(sink.open(kTotal, Sink::OpenMode::Create));
    std::atomic<qint64> next = 0;
    std::atomic<bool> ok = true;
    auto work = [&] {
        auto writer = sink.createWriter();
        for (qint64 offset = next.fetch_add(kChunk); offset < kTotal; offset = next.fetch_add(kChunk)) {
            ChunkProcessor processor(offset, kChunk);
            for (qint64 at = 0; at < kChunk; at += 65536)
                ok = ok && processor.append(QByteArrayView(block).sliced(at, 65536), **writer).has_value();
            ok = ok && processor.finish(**writer).has_value() && (*writer)->flush().has_value();
        }
    };
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<QThread> a(QThread::create(work)), b(QThread::create(work));
    a->start();
    b->start();
    a->wait();
    b->wait();
    QVERIFY(ok);
    QVERIFY(sink.commit());
    const double seconds = timer.nsecsElapsed() / 1e9;
    qInfo("RawFileSink: 1 GiB in %.2f s = %.0f MiB/s", seconds, 1024 / seconds);
    QFile::remove(target);
}

QTEST_GUILESS_MAIN(TestRawFileSink)
#include "tst_rawfilesink.moc"
