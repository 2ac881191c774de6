// Disk capacities a hostile or broken server could send (INT64_MAX, 2^62, just above the
// 62 TiB a VMDK can hold, negative) give one clear error wherever they enter: no wrapped
// chunk count that "drains" a disk at once, no terabyte bitmap that aborts the process.

#include "base/diskcapacity.h"
#include "data/diskcopy.h"
#include "data/rawfilesink.h"
#include "fetch/rangescheduler.h"
#include "fetch/transferdisk.h"
#include "fetch/transferengine.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {
constexpr qint64 kChunk = 32ll << 20;
}

static void impossible_data();

class TestCapacityBounds : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checkRefuses_data();
    void checkRefuses();
    void checkAccepts();
    void schedulerDoesNotWrapTheChunkCount();
    void engineRefuses_data();
    void engineRefuses();
    void diskCopyRefusesBeforeSizingTheSink_data();
    void diskCopyRefusesBeforeSizingTheSink();
};

static void impossible_data()
{
    QTest::addColumn<qint64>("capacity");
    QTest::addColumn<QString>("says");
    QTest::newRow("INT64_MAX") << std::numeric_limits<qint64>::max() << u"62 TiB"_s;
    QTest::newRow("2^62") << (qint64(1) << 62) << u"62 TiB"_s;
    QTest::newRow("62 TiB + 1") << DiskCapacity::maximum + 1 << u"62 TiB"_s;
    QTest::newRow("negative") << qint64(-4096) << u"negative"_s;
}

void TestCapacityBounds::checkRefuses_data()
{
    impossible_data();
}

void TestCapacityBounds::checkRefuses()
{
    QFETCH(qint64, capacity);
    QFETCH(QString, says);
    const auto valid = DiskCapacity::check(capacity);
    QVERIFY(!valid);
    QCOMPARE(valid.error().code(), ErrorCode::Protocol);
    QVERIFY2(valid.error().message().contains(says), qPrintable(valid.error().toString()));
    QVERIFY(valid.error().message().contains(QString::number(capacity)));
}

void TestCapacityBounds::checkAccepts()
{
    QVERIFY(DiskCapacity::check(0));
    QVERIFY(DiskCapacity::check(DiskCapacity::maximum));
}

// Below the engine's check, the scheduler must still not wrap: INT64_MAX + chunk - 1 used
// to give a negative chunk count, and the disk drained before a byte was fetched.
void TestCapacityBounds::schedulerDoesNotWrapTheChunkCount()
{
    RangeScheduler::Limits limits;
    limits.chunkSize = kChunk;
    RangeScheduler scheduler(limits);
    auto disk = std::make_shared<TransferDisk>();
    disk->index = 0;
    disk->spec.capacity = std::numeric_limits<qint64>::max();
    scheduler.addDisk(disk, {});
    QSignalSpy drained(&scheduler, &RangeScheduler::diskDrained);
    scheduler.start();
    QCOMPARE(drained.count(), 0);
    QVERIFY(scheduler.hasWork());
    const auto grant = scheduler.acquire(0);
    QVERIFY(grant.task);
    QCOMPARE(grant.task->length(), kChunk);
}

void TestCapacityBounds::engineRefuses_data()
{
    impossible_data();
}

void TestCapacityBounds::engineRefuses()
{
    QFETCH(qint64, capacity);
    QFETCH(QString, says);
    QTemporaryDir dir;
    RawFileSink sink(dir.filePath(u"disk.raw"_s));
    QVERIFY(sink.open(0, Sink::OpenMode::Create));
    SourceEndpoint endpoint;
    endpoint.url = QUrl(u"https://esxi.invalid"_s);
    TransferEngine engine(TransferSettings(), endpoint);
    DiskTransferSpec spec;
    spec.label = u"Hard disk 1"_s;
    spec.url = QUrl(u"https://esxi.invalid/folder/vm/vm-flat.vmdk"_s);
    spec.capacity = capacity;
    spec.sink = &sink;
    engine.addDisk(spec);
    QSignalSpy finished(&engine, &TransferEngine::finished);
    engine.start();
    QVERIFY(finished.wait(5000));
    const auto error = finished.at(0).at(0).value<std::optional<Error>>();
    QVERIFY(error.has_value());
    QCOMPARE(error->code(), ErrorCode::Usage);
    QVERIFY2(error->message().contains(says) && error->message().contains(u"Hard disk 1"_s), qPrintable(error->toString()));
}

void TestCapacityBounds::diskCopyRefusesBeforeSizingTheSink_data()
{
    impossible_data();
}

// RawFileSink::open builds a written-block map from the capacity: 2^62 bytes used to throw
// bad_alloc there and abort the process.
void TestCapacityBounds::diskCopyRefusesBeforeSizingTheSink()
{
    QFETCH(qint64, capacity);
    QFETCH(QString, says);
    // On tmpfs a 2^62-byte sparse file can be made, so the map is what fails; ext4 refuses
    // the file itself (16 TiB) and would hide the abort.
    QTemporaryDir dir((QDir(u"/dev/shm"_s).exists() ? u"/dev/shm"_s : QDir::tempPath()) + u"/tst_capacitybounds-XXXXXX"_s);
    const QString path = dir.filePath(u"disk.raw"_s);
    DiskReport report;
    report.label = u"Hard disk 1"_s;
    report.capacity = capacity;
    DiskCopy copy(report, QUrl(u"https://esxi.invalid/folder/vm/vm-flat.vmdk"_s), std::make_unique<RawFileSink>(path));
    const auto prepared = copy.prepare(kChunk, false);
    QVERIFY(!prepared);
    QVERIFY2(prepared.error().message().contains(says) && prepared.error().message().startsWith(u"Hard disk 1"_s),
             qPrintable(prepared.error().toString()));
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(TestCapacityBounds)
#include "tst_capacitybounds.moc"
