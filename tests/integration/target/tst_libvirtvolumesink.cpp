// LibvirtVolumeSink against a real libvirtd (qemu:///system) and a transient directory
// pool in a temporary directory: direct writes into the pool and staged writes uploaded
// with a sparse stream, raw and qcow2, byte-compared with the source image.

#include "libvirtdaemon.h"
#include "targettestsupport.h"
#include "testsupport.h"

#include "target/libvirtconnection.h"
#include "target/libvirtvolumesink.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

Q_DECLARE_METATYPE(Ferry::LibvirtVolumeSink::Placement)

namespace {

constexpr qint64 MiB = 1 << 20;
constexpr qint64 kImageSize = 64 * MiB;

// 64 MiB, mostly holes, with data at the start, in the middle and in the last MiB.
bool writeTestImage(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.resize(kImageSize))
        return false;
    QRandomGenerator random(42);
    for (const qint64 offset : {qint64(0), 5 * MiB + 4096, 40 * MiB, kImageSize - MiB}) {
        QByteArray data(int(MiB / 2), Qt::Uninitialized);
        random.fillRange(reinterpret_cast<quint32 *>(data.data()), data.size() / 4);
        if (!file.seek(offset) || file.write(data) != data.size())
            return false;
    }
    return true;
}

} // namespace

class TestLibvirtVolumeSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void writesVolume_data();
    void writesVolume();
    void refusesExistingVolume_data();
    void refusesExistingVolume();
    void discardBeforeCommitRemovesEverything();
    void keepPartialThenResume();
    void cancelledUpload();

private:
    LibvirtVolumeSink::Options options(const QString &volume, const QString &format, LibvirtVolumeSink::Placement placement) const;
    bool contentMatches(const QString &volumePath, const QString &format) const;

    LibvirtDaemon m_daemon;
    std::shared_ptr<LibvirtConnection> m_connection;
    QTemporaryDir m_dir;
    QString m_pool;
    QString m_poolDir;
    QString m_stagingDir;
    QString m_image;
};

void TestLibvirtVolumeSink::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("qemu:///system and a libvirtd started by the test need root");
    auto connection = m_daemon.connectSystem();
    QVERIFY2(connection, connection ? "" : qPrintable(connection.error().toString()));
    m_connection = std::move(*connection);

    QVERIFY(m_dir.isValid());
    QVERIFY(TargetTest::makeTraversable(m_dir.path()));
    m_poolDir = m_dir.filePath(u"pool"_s);
    m_stagingDir = m_dir.filePath(u"staging"_s);
    QVERIFY(QDir().mkpath(m_poolDir) && QDir().mkpath(m_stagingDir));
    m_pool = u"ferry-test-sink-%1"_s.arg(::getpid());
    auto pool = TargetTest::createDirectoryPool(m_pool, m_poolDir);
    QVERIFY2(pool, pool ? "" : qPrintable(pool.error().toString()));
    m_image = m_dir.filePath(u"source.img"_s);
    QVERIFY(writeTestImage(m_image));
}

void TestLibvirtVolumeSink::cleanupTestCase()
{
    if (!m_pool.isEmpty())
        TargetTest::destroyPool(m_pool);
}

LibvirtVolumeSink::Options TestLibvirtVolumeSink::options(const QString &volume, const QString &format,
                                                          LibvirtVolumeSink::Placement placement) const
{
    LibvirtVolumeSink::Options options;
    options.pool = m_pool;
    options.volume = volume;
    options.format = format;
    options.placement = placement;
    options.stagingDirectory = m_stagingDir;
    return options;
}

bool TestLibvirtVolumeSink::contentMatches(const QString &volumePath, const QString &format) const
{
    if (format == u"raw"_s)
        return Ferry::Test::fileSha256(volumePath) == Ferry::Test::fileSha256(m_image);
    auto compared = TargetTest::run(u"qemu-img"_s, {u"compare"_s, u"-f"_s, u"raw"_s, u"-F"_s, u"qcow2"_s, m_image, volumePath});
    if (!compared)
        qWarning().noquote() << compared.error().toString();
    return bool(compared);
}

void TestLibvirtVolumeSink::writesVolume_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<LibvirtVolumeSink::Placement>("placement");
    QTest::newRow("direct raw") << u"raw"_s << LibvirtVolumeSink::Placement::Direct;
    QTest::newRow("direct qcow2") << u"qcow2"_s << LibvirtVolumeSink::Placement::Direct;
    QTest::newRow("staged raw") << u"raw"_s << LibvirtVolumeSink::Placement::Staged;
    QTest::newRow("staged qcow2") << u"qcow2"_s << LibvirtVolumeSink::Placement::Staged;
    QTest::newRow("auto raw") << u"raw"_s << LibvirtVolumeSink::Placement::Auto;
}

void TestLibvirtVolumeSink::writesVolume()
{
    QFETCH(QString, format);
    QFETCH(LibvirtVolumeSink::Placement, placement);
    const QString volume = u"vm-%1-disk1.%2"_s.arg(QString::fromUtf8(QTest::currentDataTag())).replace(u' ', u'-').arg(format);
    LibvirtVolumeSink sink(m_connection, options(volume, format, placement));
    auto copied = TargetTest::copyIntoSink(m_image, sink);
    QVERIFY2(copied, copied ? "" : qPrintable(copied.error().toString()));

    // A local, writable directory pool is written directly when allowed to choose.
    QCOMPARE(sink.isStaged(), placement == LibvirtVolumeSink::Placement::Staged);
    const QString path = QDir(m_poolDir).filePath(volume);
    QCOMPARE(sink.volumePath(), path);
    QCOMPARE(m_connection->volumePath(m_pool, volume).value_or(QString()), path);
    QCOMPARE(m_connection->volumeInfo(m_pool, volume)->capacity, kImageSize);
    QVERIFY(contentMatches(path, format));
    // Zero regions stayed holes, whether written directly or sent as hole markers.
    QVERIFY2(Ferry::Test::allocatedBytes(path) < 8 * MiB, qPrintable(QString::number(Ferry::Test::allocatedBytes(path))));
    QVERIFY(QDir(m_stagingDir).isEmpty());

    const DomainDisk disk = sink.domainDisk();
    QCOMPARE(disk.format, format);
    if (sink.isStaged()) {
        QCOMPARE(disk.kind, DomainDisk::Kind::Volume);
        QCOMPARE(disk.pool, m_pool);
        QCOMPARE(disk.volume, volume);
    } else {
        QCOMPARE(disk.kind, DomainDisk::Kind::File);
        QCOMPARE(disk.path, path);
    }

    // Rolling back after a failed define removes the committed volume too.
    sink.discard(false);
    QCOMPARE(m_connection->volumeExists(m_pool, volume).value_or(true), false);
    QVERIFY(!QFile::exists(path));
}

void TestLibvirtVolumeSink::refusesExistingVolume_data()
{
    QTest::addColumn<LibvirtVolumeSink::Placement>("placement");
    QTest::newRow("direct") << LibvirtVolumeSink::Placement::Direct;
    QTest::newRow("staged") << LibvirtVolumeSink::Placement::Staged;
}

void TestLibvirtVolumeSink::refusesExistingVolume()
{
    QFETCH(LibvirtVolumeSink::Placement, placement);
    const QString volume = u"existing.raw"_s;
    QVERIFY(m_connection->createVolume(m_pool, volume, 3 * MiB, u"raw"_s));
    const QString path = QDir(m_poolDir).filePath(volume);
    QFile existing(path);
    QVERIFY(existing.open(QIODevice::ReadWrite) && existing.write("precious") == 8);
    existing.close();
    const QString before = Ferry::Test::fileSha256(path);
    {
        LibvirtVolumeSink sink(m_connection, options(volume, u"raw"_s, placement));
        auto opened = sink.open(kImageSize, Sink::OpenMode::Create);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code(), ErrorCode::Usage);
        QVERIFY2(opened.error().message().contains(u"does not overwrite"_s), qPrintable(opened.error().message()));
        sink.discard(false); // nothing of it may be touched
    }
    QCOMPARE(Ferry::Test::fileSha256(path), before);
    QCOMPARE(m_connection->volumeInfo(m_pool, volume)->capacity, 3 * MiB);
    QVERIFY(m_connection->deleteVolume(m_pool, volume));
}

void TestLibvirtVolumeSink::discardBeforeCommitRemovesEverything()
{
    const QString volume = u"discarded.qcow2"_s;
    LibvirtVolumeSink sink(m_connection, options(volume, u"qcow2"_s, LibvirtVolumeSink::Placement::Staged));
    QVERIFY(sink.open(kImageSize, Sink::OpenMode::Create));
    QVERIFY(sink.isStaged());
    QCOMPARE(m_connection->volumeExists(m_pool, volume).value_or(false), true); // created up front
    QVERIFY(QFile::exists(sink.target()));
    {
        auto writer = sink.createWriter();
        QVERIFY(writer);
        QVERIFY((*writer)->write(0, QByteArray(4096, 'x')));
    }
    sink.discard(false);
    QCOMPARE(m_connection->volumeExists(m_pool, volume).value_or(true), false);
    QVERIFY(QDir(m_stagingDir).isEmpty());
}

void TestLibvirtVolumeSink::keepPartialThenResume()
{
    const QString volume = u"resumed.raw"_s;
    QFile image(m_image);
    QVERIFY(image.open(QIODevice::ReadOnly));
    const QByteArray all = image.readAll();
    QString staging;
    {
        LibvirtVolumeSink first(m_connection, options(volume, u"raw"_s, LibvirtVolumeSink::Placement::Staged));
        QVERIFY(first.open(kImageSize, Sink::OpenMode::Create));
        staging = first.target();
        auto writer = first.createWriter();
        QVERIFY(writer);
        QVERIFY((*writer)->write(0, QByteArrayView(all).first(32 * MiB)));
        writer->reset();
        first.discard(true);
    }
    QVERIFY(QFile::exists(staging));
    QCOMPARE(m_connection->volumeExists(m_pool, volume).value_or(false), true);

    LibvirtVolumeSink second(m_connection, options(volume, u"raw"_s, LibvirtVolumeSink::Placement::Staged));
    auto reopened = second.open(kImageSize, Sink::OpenMode::Resume);
    QVERIFY2(reopened, reopened ? "" : qPrintable(reopened.error().toString()));
    QCOMPARE(second.target(), staging);
    {
        auto writer = second.createWriter();
        QVERIFY(writer);
        QVERIFY((*writer)->write(32 * MiB, QByteArrayView(all).sliced(32 * MiB)));
    }
    auto committed = second.commit();
    QVERIFY2(committed, committed ? "" : qPrintable(committed.error().toString()));
    QVERIFY(contentMatches(second.volumePath(), u"raw"_s));
    QVERIFY(!QFile::exists(staging));
    QVERIFY(m_connection->deleteVolume(m_pool, volume));
}

void TestLibvirtVolumeSink::cancelledUpload()
{
    const QString volume = u"cancelled.raw"_s;
    std::atomic<bool> cancelled{true};
    LibvirtVolumeSink::Options sinkOptions = options(volume, u"raw"_s, LibvirtVolumeSink::Placement::Staged);
    sinkOptions.cancelled = &cancelled;
    LibvirtVolumeSink sink(m_connection, sinkOptions);
    const auto copied = TargetTest::copyIntoSink(m_image, sink);
    QVERIFY(!copied);
    QCOMPARE(copied.error().code(), ErrorCode::Cancelled);
    sink.discard(false);
    QCOMPARE(m_connection->volumeExists(m_pool, volume).value_or(true), false);
    QVERIFY(QDir(m_stagingDir).isEmpty());
}

QTEST_GUILESS_MAIN(TestLibvirtVolumeSink)
#include "tst_libvirtvolumesink.moc"
