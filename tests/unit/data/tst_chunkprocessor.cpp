#include "data/chunkprocessor.h"
#include "data/zerodetector.h"
#include "diskpattern.h"
#include "recordingwritermock.h"

#include <QTest>
#include <QThread>

#include <cstring>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

using Call = RecordingWriterMock::Call;

class TestChunkProcessor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chunk_data();
    void chunk();
    void resumedOnAnotherThreadWithANewWriter();
    void writtenPrefixLeavesOutWhatIsBuffered();
    void startAfterAKeptPrefixWritesOnlyTheRest();
    void refusesExtraBytes();
    void refusesEarlyFinish();
    void writeFailureIsSticky();
    void emptyAppendIsHarmless();

private:
    static void feed(ChunkProcessor &processor, const QByteArray &bytes, qint64 from, qint64 to, qint64 piece, SinkWriter &writer);
};

void TestChunkProcessor::feed(ChunkProcessor &processor, const QByteArray &bytes, qint64 from, qint64 to, qint64 piece, SinkWriter &writer)
{
    for (qint64 at = from; at < to; at += piece) {
        const auto done = processor.append(QByteArrayView(bytes).sliced(at, std::min(piece, to - at)), writer);
        QVERIFY2(done, qPrintable(done ? QString() : done.error().toString()));
    }
}

void TestChunkProcessor::chunk_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<qint64>("piece");     // bytes per append(), as the network delivers them
    QTest::addColumn<int>("zeroRequests"); // merged zero runs expected

    QTest::newRow("all zero, 16 KiB pieces") << u"Z4M"_s << qint64(16384) << 1;
    QTest::newRow("all zero, one append") << u"Z4M"_s << qint64(4 << 20) << 1;
    QTest::newRow("all data, odd pieces") << u"D3M"_s << qint64(12345) << 0;
    QTest::newRow("all data, 1 MiB + 1") << u"D3M"_s << qint64((1 << 20) + 1) << 0;
    QTest::newRow("mixed, byte pieces") << u"D64K Z128K D1 Z200K"_s << qint64(1) << 2;
    QTest::newRow("zero run spans buffers") << u"D512K Z2M D512K"_s << qint64(65536) << 1;
    QTest::newRow("almost-zero blocks") << u"Z64K B64K Z64K B64K"_s << qint64(4096) << 2;
    QTest::newRow("unaligned tail, zero") << u"D1M Z1M Z12345"_s << qint64(8192) << 1;
    QTest::newRow("unaligned tail, data") << u"Z2M D777"_s << qint64(100000) << 1;
    QTest::newRow("tiny chunk") << u"D10"_s << qint64(3) << 0;
    QTest::newRow("tiny zero chunk") << u"Z10"_s << qint64(3) << 1;
}

void TestChunkProcessor::chunk()
{
    QFETCH(QString, spec);
    QFETCH(qint64, piece);
    QFETCH(int, zeroRequests);
    const QByteArray source = DiskPattern::make(spec, 7);
    const qint64 chunkOffset = 3 * 1024 * 1024; // not the start of the disk
    RecordingWriterMock::Image image(chunkOffset + source.size());
    RecordingWriterMock writer(image);

    ChunkProcessor processor(chunkOffset, source.size(), 3);
    feed(processor, source, 0, source.size(), piece, writer);
    QCOMPARE(processor.received(), source.size());
    const auto digest = processor.finish(writer);
    QVERIFY2(digest, qPrintable(digest ? QString() : digest.error().toString()));

    // Byte-exact result, and the digest of exactly these bytes.
    QCOMPARE(image.bytes.sliced(chunkOffset), source);
    QVERIFY(digest->chain.isEmpty()); // SequentialDigest adds it
    QCOMPARE(digest->index, qint64(3));
    QCOMPARE(digest->offset, chunkOffset);
    QCOMPARE(digest->length, source.size());

    // Zero blocks never travel as data; data blocks never as zero requests.
    qint64 expectedZero = 0;
    for (qint64 block = 0; block * kZeroBlock < source.size(); ++block) {
        const qint64 length = std::min<qint64>(kZeroBlock, source.size() - block * kZeroBlock);
        const bool zero = DiskPattern::naiveIsZero(source.constData() + block * kZeroBlock, length);
        expectedZero += zero ? length : 0;
        QCOMPARE(digest->zeroBlocks.testBit(block), zero);
    }
    QCOMPARE(digest->zeroBytes, expectedZero);
    QCOMPARE(digest->dataBytes, source.size() - expectedZero);
    int zeroCalls = 0;
    for (const Call &call : writer.calls) {
        QVERIFY(call.kind != Call::Kind::Flush); // flushing is the engine's decision
        QCOMPARE((call.offset - chunkOffset) % kZeroBlock, 0);
        for (qint64 at = 0; at < call.length; at += kZeroBlock) {
            const qint64 length = std::min<qint64>(kZeroBlock, call.length - at);
            const bool zero = DiskPattern::naiveIsZero(source.constData() + call.offset - chunkOffset + at, length);
            QCOMPARE(zero, call.kind == Call::Kind::Zero);
        }
        zeroCalls += call.kind == Call::Kind::Zero ? 1 : 0;
    }
    QCOMPARE(zeroCalls, zeroRequests);
}

void TestChunkProcessor::resumedOnAnotherThreadWithANewWriter()
{
    // The engine drops a connection mid-chunk and resumes at offset + received() on
    // another connection, on another thread, with that thread's writer.
    const QByteArray source = DiskPattern::make(u"D300K Z1M D700K Z5000"_s, 3);
    RecordingWriterMock::Image image(source.size());
    RecordingWriterMock first(image);
    RecordingWriterMock second(image);
    ChunkProcessor processor(0, source.size());
    const qint64 dropAt = 1234567; // mid buffer, mid block
    feed(processor, source, 0, dropAt, 50000, first);
    QCOMPARE(processor.received(), dropAt);

    Result<ChunkDigest> digest = fail(ErrorCode::Internal, u"not run"_s);
    std::unique_ptr<QThread> thread(QThread::create([&, moved = std::move(processor)]() mutable {
        QCOMPARE(moved.received(), dropAt);
        feed(moved, source, moved.received(), source.size(), 70000, second);
        digest = moved.finish(second);
    }));
    thread->start();
    QVERIFY(thread->wait(30000));

    QVERIFY2(digest, qPrintable(digest ? QString() : digest.error().toString()));
    QVERIFY(digest->chain.isEmpty()); // SequentialDigest adds it
    QCOMPARE(image.bytes, source);
    QVERIFY(!first.calls.isEmpty());
    QVERIFY(!second.calls.isEmpty()); // the buffered bytes went through the new writer
    for (const Call &call : second.calls)
        QVERIFY(call.offset + call.length > 1024 * 1024); // nothing before the last full buffer
}

void TestChunkProcessor::writtenPrefixLeavesOutWhatIsBuffered()
{
    // What a pause keeps of a chunk in flight: the bytes handed to the writer, never the
    // block still buffered nor a zero run not yet sent (it may merge with the next one).
    const QByteArray source = DiskPattern::make(u"D300K Z700K D500K"_s, 4);
    RecordingWriterMock::Image image(source.size());
    RecordingWriterMock writer(image);
    ChunkProcessor processor(0, source.size());
    QCOMPARE(processor.writtenPrefix(), 0);
    feed(processor, source, 0, 200 * 1024, 50000, writer);
    QCOMPARE(processor.writtenPrefix(), 0); // all of it buffered
    feed(processor, source, 200 * 1024, 512 * 1024, 50000, writer);
    QCOMPARE(processor.writtenPrefix(), 320 * 1024); // the data blocks; the zero run waits
    feed(processor, source, 512 * 1024, 1024 * 1024 + 100, 50000, writer);
    QCOMPARE(processor.writtenPrefix(), 1024 * 1024); // data at 1000K sent the zero run first
    feed(processor, source, 1024 * 1024 + 100, 1280 * 1024 + 10, 50000, writer);
    QCOMPARE(processor.writtenPrefix(), 1280 * 1024);
    QCOMPARE(image.bytes.first(1280 * 1024), source.first(1280 * 1024));
    feed(processor, source, 1280 * 1024 + 10, source.size(), 50000, writer);
    QVERIFY(processor.finish(writer));
    QCOMPARE(processor.writtenPrefix(), source.size());
}

void TestChunkProcessor::startAfterAKeptPrefixWritesOnlyTheRest()
{
    // --resume of a chunk an earlier run kept 640 KiB of: the rest arrives and only the
    // rest is written, the zero map stays on the chunk's 64 KiB grid, and the kept bytes
    // count as data (the digest reads them back).
    const QByteArray source = DiskPattern::make(u"D600K Z1M D100K Z300K"_s, 5);
    const qint64 kept = 640 * 1024;
    RecordingWriterMock::Image image(source.size());
    std::memcpy(image.bytes.data(), source.constData(), size_t(kept));
    RecordingWriterMock writer(image);
    ChunkProcessor processor(0, source.size(), 0);
    processor.startAfter(kept);
    QCOMPARE(processor.received(), kept);
    QCOMPARE(processor.writtenPrefix(), kept);
    feed(processor, source, kept, source.size(), 70000, writer);
    auto digest = processor.finish(writer);
    QVERIFY(digest);
    QCOMPARE(image.bytes, source);
    for (const Call &call : writer.calls)
        QVERIFY(call.kind == Call::Kind::Flush || call.offset >= kept);
    QCOMPARE(digest->zeroBytes + digest->dataBytes, digest->length);
    // The kept prefix holds no whole zero block here, so the map and the zero bytes equal
    // those of the chunk fetched in one go.
    RecordingWriterMock::Image whole(source.size());
    RecordingWriterMock wholeWriter(whole);
    ChunkProcessor reference(0, source.size(), 0);
    feed(reference, source, 0, source.size(), 70000, wholeWriter);
    auto expected = reference.finish(wholeWriter);
    QVERIFY(expected);
    QVERIFY(expected->zeroBytes > 0);
    QCOMPARE(digest->zeroBlocks, expected->zeroBlocks);
    QCOMPARE(digest->zeroBytes, expected->zeroBytes);
}

void TestChunkProcessor::refusesExtraBytes()
{
    RecordingWriterMock::Image image(100);
    RecordingWriterMock writer(image);
    ChunkProcessor processor(0, 10);
    QVERIFY(processor.append(QByteArray(6, 'x'), writer));
    const auto tooMuch = processor.append(QByteArray(6, 'x'), writer);
    QVERIFY(!tooMuch);
    QCOMPARE(tooMuch.error().code(), ErrorCode::Integrity);
    QVERIFY(!processor.finish(writer)); // stays failed
}

void TestChunkProcessor::refusesEarlyFinish()
{
    RecordingWriterMock::Image image(100);
    RecordingWriterMock writer(image);
    ChunkProcessor processor(0, 10);
    QVERIFY(processor.append(QByteArray(6, 'x'), writer));
    const auto early = processor.finish(writer);
    QVERIFY(!early);
    QCOMPARE(early.error().code(), ErrorCode::Integrity);
    QVERIFY(early.error().message().contains(u"6 of 10"_s));
    // The rest can still arrive (a resumed range).
    QVERIFY(processor.append(QByteArray(4, 'y'), writer));
    QVERIFY(processor.finish(writer));
}

void TestChunkProcessor::writeFailureIsSticky()
{
    const QByteArray source = DiskPattern::make(u"D2M D1M"_s);
    RecordingWriterMock::Image image(source.size());
    RecordingWriterMock writer(image);
    writer.failAtCall = 1;
    ChunkProcessor processor(0, source.size());
    // One block of data is one write call: the second block's write fails.
    const qsizetype block = ChunkProcessor::kBlockBufferSize;
    QVERIFY(processor.append(QByteArrayView(source).first(block), writer));
    const auto failed = processor.append(QByteArrayView(source).sliced(block, block), writer);
    QVERIFY(!failed);
    QCOMPARE(failed.error().code(), ErrorCode::Io);
    writer.failAtCall = -1;
    QVERIFY(!processor.append(QByteArrayView(source).sliced(2 * block), writer));
    QVERIFY(!processor.finish(writer));
}

void TestChunkProcessor::emptyAppendIsHarmless()
{
    RecordingWriterMock::Image image(10);
    RecordingWriterMock writer(image);
    ChunkProcessor processor(0, 10);
    QVERIFY(processor.append({}, writer));
    QVERIFY(processor.append(QByteArray(10, '\0'), writer));
    const auto digest = processor.finish(writer);
    QVERIFY(digest);
    QCOMPARE(digest->zeroBytes, qint64(10));
    QVERIFY(digest->allZero());
}

QTEST_GUILESS_MAIN(TestChunkProcessor)
#include "tst_chunkprocessor.moc"
