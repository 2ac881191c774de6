// streamOptimized VMDKs made by qemu-img from a raw image with data and zeros, decoded from
// a sequential stream and compared byte for byte (cmp) with the raw image; hand-made
// streams for what qemu-img never writes (corrupt, oversized, misplaced, duplicate grains,
// truncated input, hostile headers), each refused with one line and no wrong extent.

#include "formats/filebytesource.h"
#include "formats/flatvmdk.h"
#include "formats/memorybytesource.h"
#include "formats/rawdiskstream.h"
#include "formats/sparsevmdkreader.h"
#include "formats/streamoptimizedvmdkreader.h"
#include "formattestsupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace Qt::StringLiterals;
using namespace Ferry;
using FormatTest::VmdkStreamBuilder;

namespace {

QByteArray grainOf(char fill, qint64 bytes = 64 * 1024)
{
    QByteArray data(qsizetype(bytes), fill);
    data[0] = 'G';
    return data;
}

// Decodes a whole in-memory stream; the error message, or empty on success.
QString decodeError(const QByteArray &vmdk, QByteArray *out = nullptr, int threads = 2)
{
    MemoryByteSource source(vmdk, 4096);
    auto reader = StreamOptimizedVmdkReader::open(source, threads);
    if (!reader)
        return reader.error().message();
    QByteArray disk;
    for (;;) {
        auto extent = reader->get()->next();
        if (!extent)
            return extent.error().message();
        if (extent->isEnd())
            break;
        disk.append(extent->isZero() ? QByteArray(qsizetype(extent->length), '\0') : extent->data);
    }
    if (out)
        *out = disk;
    return {};
}

} // namespace

class TestStreamOptimizedVmdk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void decodesQemuImage_data();
    void decodesQemuImage();
    void refusesMonolithicSparse();
    void decodesMonolithicSparse();
    void readsFlatVmdk();
    void refusesDamagedQemuImage_data();
    void refusesDamagedQemuImage();
    void decodesHandMadeStream();
    void refusesBadStream_data();
    void refusesBadStream();
    void decodesFuzzSeeds();
    void rawDiskStreamChecksLength();
    void throughput();

private:
    QTemporaryDir m_dir;
    QString convert(const QByteArray &raw, const QString &name, const QString &subformat);
};

void TestStreamOptimizedVmdk::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    if (!FormatTest::run(u"qemu-img"_s, {u"--version"_s}, &error))
        QFAIL(qPrintable(u"qemu-img is needed (installer/deps.sh): "_s + error));
}

QString TestStreamOptimizedVmdk::convert(const QByteArray &raw, const QString &name, const QString &subformat)
{
    const QString rawPath = m_dir.filePath(name + u".raw"_s);
    const QString vmdkPath = m_dir.filePath(name + u".vmdk"_s);
    if (!FormatTest::writeFile(rawPath, raw))
        return {};
    QString error;
    if (!FormatTest::run(u"qemu-img"_s,
                         {u"convert"_s, u"-f"_s, u"raw"_s, u"-O"_s, u"vmdk"_s, u"-o"_s, u"subformat="_s + subformat, rawPath, vmdkPath},
                         &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    return vmdkPath;
}

void TestStreamOptimizedVmdk::decodesQemuImage_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<int>("threads");
    QTest::newRow("10 MiB, 2 threads") << qint64(10 << 20) << 2;
    QTest::newRow("10 MiB, 1 thread") << qint64(10 << 20) << 1;
    QTest::newRow("partial last grain") << qint64((3 << 20) + 3 * 512) << 2;
    QTest::newRow("one sector") << qint64(512) << 2;
    QTest::newRow("all zeros") << qint64(-(4 << 20)) << 2;
}

void TestStreamOptimizedVmdk::decodesQemuImage()
{
    QFETCH(qint64, size);
    QFETCH(int, threads);
    const QByteArray raw = size < 0 ? QByteArray(qsizetype(-size), '\0') : FormatTest::patternImage(size, quint32(size));
    const QString name = u"img%1-%2"_s.arg(size).arg(threads);
    const QString vmdk = convert(raw, name, u"streamOptimized"_s);
    QVERIFY(!vmdk.isEmpty());
    auto file = FileByteSource::open(vmdk);
    QVERIFY(file);
    auto reader = StreamOptimizedVmdkReader::open(**file, threads);
    QVERIFY2(reader, qPrintable(reader ? QString() : reader.error().toString()));
    QCOMPARE((*reader)->capacity(), qint64(raw.size()));
    QCOMPARE((*reader)->descriptor().createType, u"streamOptimized"_s);
    const QString decoded = m_dir.filePath(name + u".decoded"_s);
    auto extents = FormatTest::decodeToFile(**reader, decoded);
    QVERIFY2(extents, qPrintable(extents ? QString() : extents.error().toString()));
    QString error;
    QVERIFY2(FormatTest::run(u"cmp"_s, {m_dir.filePath(name + u".raw"_s), decoded}, &error), qPrintable(error));
    // The reader stops at its end-of-stream marker (qemu-img pads the file with zeros, which
    // read as one); what is left is that padding.
    auto rest = (*file)->readAll(1 << 20, u"rest"_s);
    QVERIFY(rest);
    QCOMPARE(*rest, QByteArray(rest->size(), '\0'));
}

void TestStreamOptimizedVmdk::refusesMonolithicSparse()
{
    const QString vmdk = convert(FormatTest::patternImage(1 << 20), u"sparse"_s, u"monolithicSparse"_s);
    QVERIFY(!vmdk.isEmpty());
    auto file = FileByteSource::open(vmdk);
    QVERIFY(file);
    auto reader = StreamOptimizedVmdkReader::open(**file);
    QVERIFY(!reader);
    QCOMPARE(reader.error().code(), ErrorCode::Unsupported);
    QVERIFY2(reader.error().message().contains(u"not streamOptimized"_s), qPrintable(reader.error().message()));
}

// An OVF directory's monolithicSparse disk, read through its grain tables; truncated refused.
void TestStreamOptimizedVmdk::decodesMonolithicSparse()
{
    const QByteArray raw = FormatTest::patternImage((6 << 20) + 1024, 11);
    const QString vmdk = convert(raw, u"mono"_s, u"monolithicSparse"_s);
    QVERIFY(!vmdk.isEmpty());
    auto reader = SparseVmdkReader::open(vmdk);
    QVERIFY2(reader, qPrintable(reader ? QString() : reader.error().toString()));
    const QString decoded = m_dir.filePath(u"mono.decoded"_s);
    auto extents = FormatTest::decodeToFile(**reader, decoded);
    QVERIFY2(extents, qPrintable(extents ? QString() : extents.error().toString()));
    QString error;
    QVERIFY2(FormatTest::run(u"cmp"_s, {m_dir.filePath(u"mono.raw"_s), decoded}, &error), qPrintable(error));

    QFile file(vmdk);
    QVERIFY(file.resize(file.size() * 2 / 3));
    reader = SparseVmdkReader::open(vmdk);
    QVERIFY(reader);
    extents = FormatTest::decodeToFile(**reader, decoded);
    QVERIFY(!extents);
    QVERIFY2(extents.error().message().contains(u"truncated"_s), qPrintable(extents.error().message()));
    // A streamOptimized file is not monolithicSparse.
    const QString stream = convert(raw.left(1 << 20), u"mono-stream"_s, u"streamOptimized"_s);
    QVERIFY(!SparseVmdkReader::open(stream));
}

// An OVF directory's flat VMDK: descriptor plus -flat file, as qemu-img writes them.
void TestStreamOptimizedVmdk::readsFlatVmdk()
{
    const QByteArray raw = FormatTest::patternImage(5 << 20, 13);
    const QString vmdk = convert(raw, u"flat"_s, u"monolithicFlat"_s);
    QVERIFY(!vmdk.isEmpty());
    auto disk = FlatVmdk::open(vmdk);
    QVERIFY2(disk, qPrintable(disk ? QString() : disk.error().toString()));
    const QString decoded = m_dir.filePath(u"flat.decoded"_s);
    QVERIFY(FormatTest::decodeToFile(**disk, decoded));
    QCOMPARE(FormatTest::readFile(decoded), raw);
    // The same descriptor as ESXi writes it (createType vmfs, a VMFS extent).
    QByteArray esxi = FormatTest::readFile(vmdk);
    esxi.replace("createType=\"monolithicFlat\"", "createType=\"vmfs\"").replace(" FLAT ", " VMFS ");
    QVERIFY(esxi.contains(" VMFS \"flat-flat.vmdk\""));
    QVERIFY(FormatTest::writeFile(m_dir.filePath(u"esxi.vmdk"_s), esxi));
    disk = FlatVmdk::open(m_dir.filePath(u"esxi.vmdk"_s));
    QVERIFY2(disk, qPrintable(disk ? QString() : disk.error().toString()));
    QVERIFY(FormatTest::decodeToFile(**disk, decoded));
    QCOMPARE(FormatTest::readFile(decoded), raw);
    QFile flat(m_dir.filePath(u"flat-flat.vmdk"_s));
    QVERIFY(flat.exists());
    QVERIFY(flat.resize(flat.size() - 512));
    disk = FlatVmdk::open(vmdk);
    QVERIFY(!disk);
    QVERIFY2(disk.error().message().contains(u"its descriptor says"_s), qPrintable(disk.error().message()));
    QByteArray descriptor = FormatTest::readFile(vmdk);
    descriptor.replace("\"flat-flat.vmdk\"", "\"../etc/flat-flat.vmdk\"");
    QVERIFY(FormatTest::writeFile(vmdk, descriptor));
    disk = FlatVmdk::open(vmdk);
    QVERIFY(!disk);
    QVERIFY2(disk.error().message().contains(u"outside its directory"_s), qPrintable(disk.error().message()));
}

void TestStreamOptimizedVmdk::refusesDamagedQemuImage_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("error");
    QTest::newRow("cut in a grain") << u"cut 600"_s << u"truncated input"_s;
    QTest::newRow("cut after the header") << u"cut 40"_s << u"truncated input"_s;
    QTest::newRow("cut in the tables") << u"cut 10"_s << u"truncated input"_s;
    QTest::newRow("flipped grain byte") << u"flip"_s << u"corrupt grain"_s;
    QTest::newRow("grain moved") << u"lba"_s << u"the grain table says"_s;
}

void TestStreamOptimizedVmdk::refusesDamagedQemuImage()
{
    QFETCH(QString, damage);
    QFETCH(QString, error);
    const QString path = convert(FormatTest::patternImage(4 << 20, 5), FormatTest::fileNameOf(QTest::currentDataTag()),
                                 u"streamOptimized"_s);
    QVERIFY(!path.isEmpty());
    QByteArray vmdk = FormatTest::readFile(path);
    const qint64 first = 128 * 512; // qemu-img's overhead: the first grain marker
    QCOMPARE(qFromLittleEndian<quint64>(vmdk.constData() + 64), quint64(128));
    if (damage.startsWith(u"cut"_s)) {
        vmdk.truncate(vmdk.size() * damage.mid(4).toInt() / 1000);
    } else if (damage == u"flip"_s) {
        vmdk[first + 12 + 200] = char(vmdk[first + 12 + 200] ^ 0x10);
        vmdk[first + 12 + 201] = char(vmdk[first + 12 + 201] ^ 0x01);
    } else {
        qToLittleEndian<quint64>(qFromLittleEndian<quint64>(vmdk.constData() + first) + 128, vmdk.data() + first);
    }
    const QString message = decodeError(vmdk);
    QVERIFY2(message.contains(error), qPrintable(u"got '%1', expected '%2'"_s.arg(message, error)));
}

void TestStreamOptimizedVmdk::decodesHandMadeStream()
{
    // Grains with gaps, a grain table and directory between them, a footer: what VMware writes.
    VmdkStreamBuilder builder(8 * 128);
    builder.grain(128, grainOf('a')).grain(256, grainOf('b')).metadata(1, 4, QByteArray(2048, '\0')).grain(7 * 128, grainOf('c'));
    builder.metadata(2, 1, QByteArray(512, '\0')).footer().endOfStream();
    QByteArray disk;
    QCOMPARE(decodeError(builder.bytes() + QByteArray(10240, '\0'), &disk), QString());
    QCOMPARE(disk.size(), 8 * 64 * 1024);
    QCOMPARE(disk.mid(0, 65536), QByteArray(65536, '\0'));
    QCOMPARE(disk.mid(65536, 65536), grainOf('a'));
    QCOMPARE(disk.mid(2 * 65536, 65536), grainOf('b'));
    QCOMPARE(disk.mid(3 * 65536, 4 * 65536), QByteArray(4 * 65536, '\0'));
    QCOMPARE(disk.mid(7 * 65536), grainOf('c'));
}

void TestStreamOptimizedVmdk::refusesBadStream_data()
{
    QTest::addColumn<QByteArray>("vmdk");
    QTest::addColumn<QString>("error");
    const QByteArray g = grainOf('a');
    auto stream = [](auto build) {
        VmdkStreamBuilder builder(8 * 128);
        build(builder);
        return builder.bytes();
    };
    QTest::newRow("grain past capacity") << stream([&](auto &b) { b.grain(8 * 128, g).endOfStream(); }) << u"past the capacity"_s;
    QTest::newRow("grain far past capacity") << stream([&](auto &b) { b.grain(qint64(1) << 60, g).endOfStream(); })
                                             << u"past the capacity"_s;
    QTest::newRow("misaligned grain") << stream([&](auto &b) { b.grain(1, g).endOfStream(); }) << u"not aligned"_s;
    QTest::newRow("duplicate grain") << stream([&](auto &b) { b.grain(128, g).grain(128, g).endOfStream(); }) << u"out of order"_s;
    QTest::newRow("grain out of order") << stream([&](auto &b) { b.grain(256, g).grain(128, g).endOfStream(); }) << u"out of order"_s;
    QTest::newRow("corrupt grain") << stream([&](auto &b) {
        QByteArray bad = VmdkStreamBuilder::zlib(g);
        bad[bad.size() / 2] = char(bad[bad.size() / 2] ^ 0x5a);
        bad[bad.size() - 2] = char(bad[bad.size() - 2] ^ 0x5a);
        b.rawGrain(0, bad).endOfStream();
    }) << u"corrupt grain"_s;
    QTest::newRow("not zlib") << stream([&](auto &b) { b.rawGrain(0, QByteArray(300, 'z')).endOfStream(); }) << u"corrupt grain"_s;
    QTest::newRow("grain inflates too large") << stream([&](auto &b) { b.grain(0, QByteArray(2 * 65536, 'x')).endOfStream(); })
                                              << u"more than 65536 bytes"_s;
    QTest::newRow("grain inflates short") << stream([&](auto &b) { b.grain(0, QByteArray(4096, 'x')).endOfStream(); })
                                          << u"expected 65536"_s;
    QTest::newRow("oversized compressed size") << stream([&](auto &b) { b.rawGrain(0, QByteArray(100, 'x'), 0x7fffffff).endOfStream(); })
                                               << u"more than a 65536-byte grain can need"_s;
    QTest::newRow("unknown marker") << stream([&](auto &b) { b.metadata(7, 0).endOfStream(); }) << u"unknown marker type 7"_s;
    QTest::newRow("huge grain table") << stream([&](auto &b) { b.metadata(1, qint64(1) << 40).endOfStream(); }) << u"grain table of"_s;
    QTest::newRow("footer is not a header") << stream([&](auto &b) { b.metadata(3, 1, QByteArray(512, 'f')).endOfStream(); })
                                            << u"corrupt VMDK footer"_s;
    QTest::newRow("no end of stream") << stream([&](auto &b) { b.grain(0, g); }) << u"truncated input"_s;
    QTest::newRow("truncated grain") << stream([&](auto &b) { b.grain(0, g).endOfStream(); }).left(128 * 512 + 40) << u"truncated input"_s;
    QTest::newRow("truncated header") << QByteArray(100, '\0') << u"truncated input"_s;
    QTest::newRow("not a vmdk") << QByteArray(4096, 'x') << u"no KDMV magic"_s;

    auto patched = [](qsizetype offset, quint64 value) {
        QByteArray bytes = VmdkStreamBuilder(8 * 128).endOfStream().bytes();
        qToLittleEndian<quint64>(value, bytes.data() + offset);
        return bytes;
    };
    QTest::newRow("capacity over 62 TiB") << patched(12, (63ull << 40) / 512) << u"over the"_s;
    QTest::newRow("capacity overflows") << patched(12, ~0ull) << u"over the"_s;
    QTest::newRow("grain of 2 MiB") << patched(20, 4096) << u"power of two up to 2048"_s;
    QTest::newRow("grain not a power of two") << patched(20, 100) << u"power of two"_s;
    QTest::newRow("overhead overflows") << patched(64, 36012737046256768ull) << u"overhead of"_s; // found by fuzz_vmdkstream
    QTest::newRow("descriptor outside the overhead") << patched(36, 1000) << u"outside"_s;
    QTest::newRow("descriptor disagrees with header") << patched(12, 4 * 128) << u"descriptor's extents"_s;
}

void TestStreamOptimizedVmdk::refusesBadStream()
{
    QFETCH(QByteArray, vmdk);
    QFETCH(QString, error);
    const QString message = decodeError(vmdk);
    QVERIFY2(message.contains(error), qPrintable(u"got '%1', expected '%2'"_s.arg(message, error)));
    QVERIFY(!message.contains(u'\n'));
    // The same with one worker thread: the order of errors does not depend on timing.
    QCOMPARE(decodeError(vmdk, nullptr, 1), message);
}

// The fuzz seeds are valid streams, so fuzzing starts from deep inside the decoder.
void TestStreamOptimizedVmdk::decodesFuzzSeeds()
{
    for (const QString &name : {u"qemu-256k.vmdk"_s, u"vmware-layout.vmdk"_s}) {
        QByteArray disk;
        const QByteArray vmdk = FormatTest::readFile(QStringLiteral(FERRY_SOURCE_DIR "/tests/fuzz/corpus/vmdkstream/") + name);
        QVERIFY(!vmdk.isEmpty());
        QCOMPARE(decodeError(vmdk, &disk), QString());
        QCOMPARE(disk.size(), 256 * 1024);
        QVERIFY(disk != QByteArray(disk.size(), '\0'));
    }
}

void TestStreamOptimizedVmdk::rawDiskStreamChecksLength()
{
    const QByteArray raw = FormatTest::patternImage(3 << 20);
    MemoryByteSource exact(raw);
    RawDiskStream stream(exact, raw.size());
    const QString path = m_dir.filePath(u"raw.out"_s);
    QVERIFY(FormatTest::decodeToFile(stream, path));
    QCOMPARE(FormatTest::readFile(path), raw);
    MemoryByteSource shorter(raw.left(raw.size() - 1));
    RawDiskStream truncated(shorter, raw.size());
    auto result = FormatTest::decodeToFile(truncated, path);
    QVERIFY(!result && result.error().message().contains(u"truncated"_s));
    MemoryByteSource longer(raw + "x");
    RawDiskStream tooLong(longer, raw.size());
    result = FormatTest::decodeToFile(tooLong, path);
    QVERIFY(!result && result.error().message().contains(u"more than its capacity"_s));
}

// Decode speed of a 256 MiB image (about half zeros) with 1 and 2 workers, printed for
// the record; FERRY_VMDK_BENCH_MIB sets another size.
void TestStreamOptimizedVmdk::throughput()
{
    const qint64 mib = qEnvironmentVariableIsSet("FERRY_VMDK_BENCH_MIB") ? qEnvironmentVariableIntValue("FERRY_VMDK_BENCH_MIB") : 256;
    // FERRY_VMDK_BENCH_VMDK names a streamOptimized file to decode instead (real guest data).
    const QString given = qEnvironmentVariable("FERRY_VMDK_BENCH_VMDK");
    const QString vmdk = given.isEmpty() ? convert(FormatTest::patternImage(mib << 20, 7), u"bench"_s, u"streamOptimized"_s) : given;
    QVERIFY(!vmdk.isEmpty());
    QFile::remove(m_dir.filePath(u"bench.raw"_s));
    for (int threads : {1, 2}) {
        auto file = FileByteSource::open(vmdk);
        QVERIFY(file);
        auto reader = StreamOptimizedVmdkReader::open(**file, threads);
        QVERIFY(reader);
        QElapsedTimer timer;
        timer.start();
        qint64 bytes = 0;
        for (;;) {
            auto extent = (*reader)->next();
            QVERIFY(extent);
            if (extent->isEnd())
                break;
            bytes += extent->length;
        }
        const double seconds = qMax<qint64>(timer.elapsed(), 1) / 1000.0;
        qInfo("decode %lld MiB (%lld MiB compressed, %lld grains) with %d worker(s): %.2f s, %.0f MB/s of disk, %.0f MB/s of VMDK",
              bytes >> 20, (*file)->size() >> 20, (*reader)->grainsDecoded(), threads, seconds, bytes / seconds / 1e6,
              (*file)->size() / seconds / 1e6);
    }
}

QTEST_GUILESS_MAIN(TestStreamOptimizedVmdk)
#include "tst_streamoptimizedvmdk.moc"
