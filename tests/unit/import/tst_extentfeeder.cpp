// ExtentFeeder against a real RawFileSink: the digests and the file equal what an HTTPS
// copy of the same bytes gives (SHA-256 per chunk, zero blocks as holes), extents out of
// order are refused, and on resume the chunks already on the target are compared, not
// written: an equal package passes, a changed one is refused.
#include "data/rawfilesink.h"
#include "import/extentfeeder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

constexpr qint64 kChunk = 1 << 20;              // 1 MiB chunks
constexpr qint64 kCapacity = 5 * kChunk + 4096; // a short last chunk

// The disk: data in chunk 0 and the first half of chunk 3, zeros elsewhere; as extents the
// way a stream decoder returns them: data, one long zero run, data, zeros to the end.
QByteArray diskBytes(char fill)
{
    QByteArray disk(kCapacity, '\0');
    for (qint64 i = 0; i < kChunk; ++i)
        disk[i] = char(i * 7 + fill);
    for (qint64 i = 3 * kChunk; i < 3 * kChunk + kChunk / 2; ++i)
        disk[i] = fill;
    return disk;
}

QList<DiskExtent> extentsOf(const QByteArray &disk)
{
    const auto data = [&](qint64 offset, qint64 length) { return DiskExtent{offset, length, disk.mid(offset, length)}; };
    const auto zeros = [](qint64 offset, qint64 length) { return DiskExtent{offset, length, {}}; };
    return {data(0, kChunk / 3), data(kChunk / 3, kChunk - kChunk / 3), zeros(kChunk, 2 * kChunk), data(3 * kChunk, kChunk / 2),
            zeros(3 * kChunk + kChunk / 2, kCapacity - 3 * kChunk - kChunk / 2)};
}

struct Fed
{
    QList<ChunkDigest> chunks;
    Result<void> result;
};

Fed feed(Sink &sink, const QList<DiskExtent> &extents, const QSet<qint64> &resumed = {})
{
    Fed fed;
    auto writer = sink.createWriter();
    if (!writer)
        return {{}, std::unexpected(writer.error())};
    ExtentFeeder feeder(kCapacity, kChunk, **writer, [&](const ChunkDigest &chunk) { fed.chunks << chunk; });
    if (!resumed.isEmpty())
        feeder.setResumed(resumed, std::move(*sink.createReader()));
    for (const DiskExtent &extent : extents) {
        fed.result = feeder.add(extent);
        if (!fed.result)
            return fed;
    }
    fed.result = feeder.finish();
    return fed;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestExtentFeeder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesChunksLikeACopy();
    void refusesExtentsOutOfOrder_data();
    void refusesExtentsOutOfOrder();
    void resumeComparesInsteadOfWriting();
    void resumeRefusesAChangedPackage();
};

void TestExtentFeeder::writesChunksLikeACopy()
{
    QTemporaryDir dir;
    RawFileSink sink(dir.filePath(u"disk.raw"_s));
    QVERIFY(sink.open(kCapacity, Sink::OpenMode::Create));
    const QByteArray disk = diskBytes(1);
    const Fed fed = feed(sink, extentsOf(disk));
    QVERIFY2(fed.result, fed.result ? "" : qPrintable(fed.result.error().toString()));
    QVERIFY(sink.commit());
    QCOMPARE(readAll(dir.filePath(u"disk.raw"_s)), disk);
    QCOMPARE(fed.chunks.size(), 6);
    for (qsizetype i = 0; i < fed.chunks.size(); ++i) {
        const ChunkDigest &chunk = fed.chunks.at(i);
        QCOMPARE(chunk.index, i);
        QCOMPARE(chunk.offset, i * kChunk);
        QCOMPARE(chunk.length, std::min(kChunk, kCapacity - i * kChunk));
        QVERIFY(chunk.chain.isEmpty()); // SequentialDigest adds it, hashing the disk once
        QCOMPARE(chunk.zeroBytes + chunk.dataBytes, chunk.length);
        QCOMPARE(chunk.zeroBlocks.count(true) > 0, chunk.zeroBytes > 0);
    }
    // Chunks 1, 2, 4 and the short 5 are all zeros (1 and 2 through the whole-chunk path).
    for (const int zero : {1, 2, 4, 5})
        QVERIFY2(fed.chunks.at(zero).allZero(), qPrintable(QString::number(zero)));
    QCOMPARE(fed.chunks.at(3).zeroBytes, kChunk / 2);
    // The zeros are holes: about 1.5 MiB of data allocated out of 5 MiB.
    struct stat info = {};
    QCOMPARE(::stat(QFile::encodeName(dir.filePath(u"disk.raw"_s)).constData(), &info), 0);
    QVERIFY2(qint64(info.st_blocks) * 512 < 2 * kChunk, qPrintable(QString::number(qint64(info.st_blocks) * 512)));
}

void TestExtentFeeder::refusesExtentsOutOfOrder_data()
{
    QTest::addColumn<QList<DiskExtent>>("extents");
    const QByteArray some(4096, 'x');
    QTest::newRow("gap") << QList<DiskExtent>{{0, 4096, some}, {8192, 4096, some}};
    QTest::newRow("overlap") << QList<DiskExtent>{{0, 4096, some}, {2048, 4096, some}};
    QTest::newRow("past the capacity") << QList<DiskExtent>{{0, kCapacity, {}}, {kCapacity, 4096, some}};
    QTest::newRow("length is not the data's") << QList<DiskExtent>{{0, 8192, some}};
    QTest::newRow("ends early") << QList<DiskExtent>{{0, 4096, some}};
}

void TestExtentFeeder::refusesExtentsOutOfOrder()
{
    QFETCH(QList<DiskExtent>, extents);
    QTemporaryDir dir;
    RawFileSink sink(dir.filePath(u"disk.raw"_s));
    QVERIFY(sink.open(kCapacity, Sink::OpenMode::Create));
    const Fed fed = feed(sink, extents);
    QVERIFY(!fed.result);
    QCOMPARE(fed.result.error().code(), ErrorCode::Integrity);
    sink.discard(false);
}

void TestExtentFeeder::resumeComparesInsteadOfWriting()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"disk.raw"_s);
    const QByteArray disk = diskBytes(1);
    {
        RawFileSink sink(path);
        QVERIFY(sink.open(kCapacity, Sink::OpenMode::Create));
        QVERIFY(feed(sink, extentsOf(disk)).result);
        QVERIFY(sink.commit());
    }
    // Chunks 0 and 3 (data) and 1 (zeros) are "journaled": they are compared, not recorded.
    RawFileSink sink(path);
    QVERIFY(sink.open(kCapacity, Sink::OpenMode::Resume));
    const Fed fed = feed(sink, extentsOf(disk), {0, 1, 3});
    QVERIFY2(fed.result, fed.result ? "" : qPrintable(fed.result.error().toString()));
    QVERIFY(sink.commit());
    QList<qint64> recorded;
    for (const ChunkDigest &chunk : fed.chunks)
        recorded << chunk.index;
    QCOMPARE(recorded, (QList<qint64>{2, 4, 5}));
    QCOMPARE(readAll(path), disk);
}

void TestExtentFeeder::resumeRefusesAChangedPackage()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"disk.raw"_s);
    {
        RawFileSink sink(path);
        QVERIFY(sink.open(kCapacity, Sink::OpenMode::Create));
        QVERIFY(feed(sink, extentsOf(diskBytes(1))).result);
        QVERIFY(sink.commit());
    }
    RawFileSink sink(path);
    QVERIFY(sink.open(kCapacity, Sink::OpenMode::Resume));
    const Fed fed = feed(sink, extentsOf(diskBytes(2)), {0});
    QVERIFY(!fed.result);
    QCOMPARE(fed.result.error().code(), ErrorCode::Integrity);
    QVERIFY(fed.result.error().message().contains(u"differs"_s));
    QVERIFY(fed.chunks.isEmpty());
    sink.discard(true);
}

QTEST_GUILESS_MAIN(TestExtentFeeder)
#include "tst_extentfeeder.moc"
