#include "childprocesses.h"
#include "chunkfeeder.h"
#include "data/chunkprocessor.h"
#include "data/nbdsink.h"
#include "data/sequentialdigest.h"
#include "diskpattern.h"
#include "nbd/nbdconnection.h"
#include "nbd/qemunbdexport.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMiB = 1024 * 1024;

struct ToolResult
{
    int exitCode = -1;
    QByteArray output;
};

ToolResult qemuImg(const QStringList &arguments)
{
    QProcess process;
    process.start(u"qemu-img"_s, arguments);
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput() + process.readAllStandardError()};
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The qemu-img map entries (start, length, data) of an image.
struct MapEntry
{
    qint64 start = 0;
    qint64 length = 0;
    bool data = false;
    bool zero = false;
};

QList<MapEntry> imageMap(const QString &path, const QString &format)
{
    const ToolResult map = qemuImg({u"map"_s, u"--output=json"_s, u"-f"_s, format, path});
    QList<MapEntry> entries;
    const QJsonArray array = QJsonDocument::fromJson(map.output).array();
    for (const QJsonValue &value : array) {
        const QJsonObject entry = value.toObject();
        entries.append({entry.value(u"start"_s).toInteger(), entry.value(u"length"_s).toInteger(), entry.value(u"data"_s).toBool(),
                        entry.value(u"zero"_s).toBool()});
    }
    return entries;
}

// True when every map entry overlapping [offset, offset + length) has data == wantData.
bool mapSays(const QList<MapEntry> &map, qint64 offset, qint64 length, bool wantData)
{
    bool covered = false;
    for (const MapEntry &entry : map) {
        if (entry.start + entry.length <= offset || entry.start >= offset + length)
            continue;
        covered = true;
        if (entry.data != wantData || (!wantData && !entry.zero))
            return false;
    }
    return covered;
}
}

class TestNbdSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void writesImage_data();
    void writesImage();
    void resumeZeroesOverOldData_data();
    void resumeZeroesOverOldData();
    void createRefusesAnExistingTarget();
    void resumeNeedsTheRightSize();
    void unalignedCapacityIsRefused();
    void writerLimitIsEnforced();
    void discardRemovesTheImage();
    void destructorStopsTheServer();
    void killedServerFailsWritesWithoutHanging();
    void exportStartFailureShowsStderr();
    void readOnlyExport();
    void benchmarkWrite();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestNbdSink::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY2(ChildProcesses::list().isEmpty(), qPrintable(ChildProcesses::describe(ChildProcesses::list())));
}

void TestNbdSink::cleanup()
{
    // Every test, passed or failed, must leave no qemu-nbd (or anything else) behind.
    const auto children = ChildProcesses::list();
    QVERIFY2(children.isEmpty(), qPrintable(u"children left: "_s + ChildProcesses::describe(children)));
}

void TestNbdSink::writesImage_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("qcow2") << u"qcow2"_s;
    QTest::newRow("raw") << u"raw"_s;
}

void TestNbdSink::writesImage()
{
    QFETCH(QString, format);
    // 48 MiB + a short tail; zero regions of several MiB and one "almost zero" block.
    const QString spec = u"D1M Z6M D3M Z8M B64K Z4032K D2M Z20M D1536"_s;
    const QByteArray source = DiskPattern::make(spec, 31);
    const QString target = path(u"disk."_s + format);
    const QString reference = path(u"reference.raw"_s);
    QVERIFY(writeFile(reference, source));

    NbdSink::Options options;
    options.format = format;
    options.maxWriters = 2;
    options.checkOnCommit = true;
    NbdSink sink(target, options);
    QCOMPARE(sink.format(), format);
    const auto opened = sink.open(source.size(), Sink::OpenMode::Create);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().toString()));
    QVERIFY(sink.exportUri().startsWith(u"nbd+unix:///?socket="_s));
    auto reader = sink.createReader();
    QVERIFY(reader);
    SequentialDigest digest(source.size(), std::move(*reader));
    digest.start();
    const auto chunks = ChunkFeeder::write(sink, source, 4 * kMiB, 2, 8, [&](const ChunkDigest &chunk) { digest.chunkCompleted(chunk); });
    QVERIFY2(chunks, qPrintable(chunks ? QString() : chunks.error().toString()));
    const auto hex = digest.finalHex();
    QVERIFY2(hex, qPrintable(hex ? QString() : hex.error().toString()));
    QCOMPARE(*hex, DiskPattern::sha256(source));
    const auto committed = sink.commit();
    QVERIFY2(committed, qPrintable(committed ? QString() : committed.error().toString()));
    QVERIFY(ChildProcesses::list().isEmpty());

    const ToolResult compare = qemuImg({u"compare"_s, u"-f"_s, format, u"-F"_s, u"raw"_s, target, reference});
    QVERIFY2(compare.exitCode == 0, compare.output.constData());

    const QList<MapEntry> map = imageMap(target, format);
    QVERIFY(!map.isEmpty());
    QVERIFY(mapSays(map, 1 * kMiB, 6 * kMiB, false));  // Z6M
    QVERIFY(mapSays(map, 10 * kMiB, 8 * kMiB, false)); // Z8M
    QVERIFY(mapSays(map, 18 * kMiB + 64 * 1024, 4032 * 1024, false));
    QVERIFY(mapSays(map, 24 * kMiB, 20 * kMiB, false)); // Z20M
    QVERIFY(mapSays(map, 0, kMiB, true));               // D1M
    QVERIFY(mapSays(map, 7 * kMiB, 3 * kMiB, true));    // D3M
    QVERIFY(mapSays(map, 18 * kMiB, 64 * 1024, true));  // B64K is data
}

void TestNbdSink::resumeZeroesOverOldData_data()
{
    writesImage_data();
}

void TestNbdSink::resumeZeroesOverOldData()
{
    // A resumed run rewrites a chunk that a crashed run had partly filled: its zero
    // requests must really zero (the image is not fresh any more).
    QFETCH(QString, format);
    const QByteArray data = DiskPattern::make(u"D8M"_s, 2);
    const QString target = path(u"disk."_s + format);
    NbdSink::Options options;
    options.format = format;
    {
        NbdSink sink(target, options);
        QVERIFY(sink.open(data.size(), Sink::OpenMode::Create));
        QVERIFY(ChunkFeeder::write(sink, data, 4 * kMiB, 1, 1, {}));
        QVERIFY(sink.commit());
    }
    QByteArray expected = data;
    expected.replace(2 * kMiB, 4 * kMiB, QByteArray(4 * kMiB, '\0'));
    NbdSink sink(target, options);
    QVERIFY(sink.open(data.size(), Sink::OpenMode::Resume));
    const auto chunks = ChunkFeeder::write(sink, expected, 4 * kMiB, 2, 5, {});
    QVERIFY(chunks);
    QVERIFY(sink.commit());
    const QString reference = path(u"reference.raw"_s);
    QVERIFY(writeFile(reference, expected));
    const ToolResult compare = qemuImg({u"compare"_s, u"-f"_s, format, u"-F"_s, u"raw"_s, target, reference});
    QVERIFY2(compare.exitCode == 0, compare.output.constData());
    QVERIFY(mapSays(imageMap(target, format), 2 * kMiB, 4 * kMiB, false));
}

void TestNbdSink::createRefusesAnExistingTarget()
{
    const QString target = path(u"disk.qcow2"_s);
    QVERIFY(writeFile(target, "precious"));
    NbdSink sink(target);
    const auto opened = sink.open(kMiB, Sink::OpenMode::Create);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), ErrorCode::Usage);
    QVERIFY(opened.error().message().contains(u"already exists"_s));
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), "precious"_ba);
}

void TestNbdSink::resumeNeedsTheRightSize()
{
    const QString target = path(u"disk.qcow2"_s);
    {
        NbdSink sink(target);
        QVERIFY(sink.open(4 * kMiB, Sink::OpenMode::Create));
        QVERIFY(sink.commit());
    }
    NbdSink wrong(target);
    const auto refused = wrong.open(8 * kMiB, Sink::OpenMode::Resume);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), ErrorCode::Integrity);
    NbdSink missing(path(u"missing.qcow2"_s));
    QCOMPARE(missing.open(kMiB, Sink::OpenMode::Resume).error().code(), ErrorCode::NotFound);
    NbdSink badFormat(path(u"x.vdi"_s), NbdSink::Options{u"vdi"_s});
    QCOMPARE(badFormat.open(kMiB, Sink::OpenMode::Create).error().code(), ErrorCode::Usage);
    QVERIFY(!QFile::exists(path(u"x.vdi"_s)));
}

void TestNbdSink::unalignedCapacityIsRefused()
{
    NbdSink sink(path(u"disk.qcow2"_s));
    const auto opened = sink.open(kMiB + 100, Sink::OpenMode::Create);
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), ErrorCode::Unsupported);
    QVERIFY(!QFile::exists(path(u"disk.qcow2"_s)));
}

void TestNbdSink::writerLimitIsEnforced()
{
    NbdSink::Options options;
    options.maxWriters = 1;
    NbdSink sink(path(u"disk.qcow2"_s), options);
    QVERIFY(sink.open(4 * kMiB, Sink::OpenMode::Create));
    {
        auto first = sink.createWriter();
        QVERIFY(first);
        const auto second = sink.createWriter();
        QVERIFY(!second);
        QVERIFY((*first)->write(0, "hello"));
        QVERIFY((*first)->flush());
    }
    QVERIFY(sink.createWriter()); // the slot is free again
    QVERIFY(sink.commit());
}

void TestNbdSink::discardRemovesTheImage()
{
    const QString target = path(u"disk.qcow2"_s);
    NbdSink sink(target);
    QVERIFY(sink.open(4 * kMiB, Sink::OpenMode::Create));
    {
        auto writer = sink.createWriter();
        QVERIFY((*writer)->write(0, "partial"));
    }
    QCOMPARE(ChildProcesses::list().size(), 1);
    sink.discard(false);
    QVERIFY(!QFile::exists(target));
    QVERIFY(ChildProcesses::list().isEmpty());
}

void TestNbdSink::destructorStopsTheServer()
{
    const QString target = path(u"disk.raw"_s);
    {
        NbdSink sink(target, NbdSink::Options{u"raw"_s});
        QVERIFY(sink.open(4 * kMiB, Sink::OpenMode::Create));
        QCOMPARE(ChildProcesses::list().size(), 1);
    }
    QVERIFY(QFile::exists(target)); // kept like discard(true), for --resume
}

void TestNbdSink::killedServerFailsWritesWithoutHanging()
{
    NbdSink sink(path(u"disk.qcow2"_s));
    QVERIFY(sink.open(64 * kMiB, Sink::OpenMode::Create));
    auto writer = sink.createWriter();
    QVERIFY(writer);
    const auto children = ChildProcesses::list();
    QCOMPARE(children.size(), 1);
    QCOMPARE(children.first().name, u"qemu-nbd"_s);
    ::kill(pid_t(children.first().pid), SIGKILL);
    const QByteArray data = DiskPattern::make(u"D1M"_s);
    Result<void> outcome;
    for (int i = 0; i < 64 && outcome; ++i)
        outcome = (*writer)->write(i * kMiB, data);
    if (outcome)
        outcome = (*writer)->flush();
    QVERIFY(!outcome);
    QVERIFY(outcome.error().code() == ErrorCode::Io || outcome.error().code() == ErrorCode::Network);
    writer->reset();
    const auto committed = sink.commit();
    QVERIFY(!committed); // never report a disk good after its server died
    sink.discard(false);
}

void TestNbdSink::exportStartFailureShowsStderr()
{
    const QString notQcow2 = path(u"text.qcow2"_s);
    QVERIFY(writeFile(notQcow2, QByteArray(4096, 'x')));
    QemuNbdExport::Options options;
    options.image = notQcow2;
    options.format = u"qcow2"_s;
    const auto server = QemuNbdExport::start(options);
    QVERIFY(!server);
    QCOMPARE(server.error().code(), ErrorCode::Process);
    QVERIFY2(server.error().details().contains(u"qcow2"_s, Qt::CaseInsensitive), qPrintable(server.error().toString()));
    options.image = path(u"missing.raw"_s);
    QCOMPARE(QemuNbdExport::start(options).error().code(), ErrorCode::NotFound);
}

void TestNbdSink::readOnlyExport()
{
    const QByteArray content = DiskPattern::make(u"D1M Z1M D512"_s, 6);
    const QString image = path(u"guest.raw"_s);
    QVERIFY(writeFile(image, content));
    QemuNbdExport::Options options;
    options.image = image;
    options.format = u"raw"_s;
    auto server = QemuNbdExport::start(options);
    QVERIFY2(server, qPrintable(server ? QString() : server.error().toString()));
    QVERIFY((*server)->pid() > 0);
    {
        auto connection = NbdConnection::connectUri((*server)->uri(), NbdConnection::Limits{});
        QVERIFY2(connection, qPrintable(connection ? QString() : connection.error().toString()));
        QVERIFY((*connection)->isReadOnly());
        QCOMPARE((*connection)->size(), content.size());
        QByteArray back(content.size(), '\0');
        QVERIFY((*connection)->pread(0, std::span<char>(back.data(), size_t(back.size()))));
        QCOMPARE(back, content);
        Result<void> write = (*connection)->write(0, "x");
        if (write)
            write = (*connection)->drain();
        QVERIFY(!write);
    }
    const QString socket = (*server)->socketPath();
    QVERIFY((*server)->stop());
    QCOMPARE((*server)->pid(), qint64(0));
    QVERIFY(!QFile::exists(socket));
    QVERIFY((*server)->stop()); // idempotent
}

void TestNbdSink::benchmarkWrite()
{
    // FERRY_BENCH=1 tst_nbdsink benchmarkWrite: 1 GiB of incompressible data through
    // ChunkProcessor (32 MiB chunks, 64 KiB pieces) into qcow2 via qemu-nbd, two writers,
    // a flush after every chunk. FERRY_BENCH_DIR picks the directory (default: temp).
    if (qEnvironmentVariableIntValue("FERRY_BENCH") != 1)
        QSKIP("set FERRY_BENCH=1 to measure");
    constexpr qint64 kTotal = 1024 * kMiB;
    const QString dir = qEnvironmentVariable("FERRY_BENCH_DIR", m_dir->path());
    const QString target = dir + u"/bench.qcow2"_s;
    QFile::remove(target);
    const QByteArray block = DiskPattern::make(u"D32M"_s, 77);
    NbdSink sink(target);
    const auto seconds = benchmarkSink(sink, block, kTotal);
    QVERIFY2(seconds, qPrintable(seconds ? QString() : seconds.error().toString()));
    qInfo("NbdSink qcow2: 1 GiB in %.2f s = %.0f MiB/s", *seconds, 1024 / *seconds);
    QFile::remove(target);
}

QTEST_GUILESS_MAIN(TestNbdSink)
#include "tst_nbdsink.moc"
