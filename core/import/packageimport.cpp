#include "packageimport.h"

#include "data/chunkrecorder.h"
#include "extentfeeder.h"
#include "extentqueue.h"
#include "fetch/throughputmeter.h"
#include "packagesource.h"

#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <thread>

using namespace Qt::StringLiterals;

namespace Ferry {

struct PackageImport::Disk
{
    DiskTransferSpec spec;
    QString href;
};

PackageImport::PackageImport(std::shared_ptr<PackageSource> package, TransferSettings settings, QObject *parent)
    : CopyEngine(parent)
    , m_package(std::move(package))
    , m_settings(settings)
{
}

PackageImport::~PackageImport()
{
    m_cancelled = true;
    if (m_thread)
        m_thread->wait();
}

int PackageImport::addDisk(DiskTransferSpec spec)
{
    if (m_started)
        return -1;
    const QString href = spec.url.fragment(QUrl::FullyDecoded);
    m_disks.push_back(Disk{std::move(spec), href});
    return int(m_disks.size()) - 1;
}

void PackageImport::start()
{
    if (m_started)
        return;
    m_started = true;
    // Every byte is decoded again on resume (chunks the journal holds are compared), so
    // progress counts them all and nothing is "skipped".
    qint64 total = 0;
    for (const Disk &disk : m_disks)
        total += disk.spec.capacity;
    m_decoded = std::make_unique<std::atomic<qint64>[]>(m_disks.size());
    for (const Disk &disk : m_disks) {
        qint64 resumed = 0;
        for (const qint64 chunk : disk.spec.completedChunks)
            resumed += std::min(m_settings.chunkSize, disk.spec.capacity - chunk * m_settings.chunkSize);
        m_resumedBytes.push_back(resumed);
    }
    m_meter = std::make_unique<ThroughputMeter>(1);
    m_meter->setBytesTotal(total);
    connect(m_meter.get(), &ThroughputMeter::sampled, this, &PackageImport::sampled);
    m_meter->start();
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(u"ferry-import"_s);
    connect(m_thread.get(), &QThread::finished, this, &PackageImport::onThreadFinished, Qt::QueuedConnection);
    m_thread->start();
}

void PackageImport::cancel()
{
    m_cancelled = true;
}

qint64 PackageImport::bytesArrived(int disk) const
{
    if (!m_decoded || disk < 0 || size_t(disk) >= m_disks.size())
        return 0;
    return std::max<qint64>(0, m_decoded[size_t(disk)].load(std::memory_order_relaxed) - m_resumedBytes[size_t(disk)]);
}

void PackageImport::run()
{
    // In archive order: an OVA streams forward only, going back would read it again.
    std::vector<int> order(m_disks.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return m_package->archiveOrder(m_disks[size_t(a)].href) < m_package->archiveOrder(m_disks[size_t(b)].href);
    });
    for (const int index : order) {
        Result<DiskTransferStats> result = std::unexpected(Error(ErrorCode::Cancelled, u"the import was cancelled"_s));
        if (!m_cancelled)
            result = copyDisk(index);
        if (!result && !m_firstError)
            m_firstError = result.error();
        // Queued after every chunkCompleted of this disk: the caller sees them in order.
        QMetaObject::invokeMethod(
            this, [this, index, result] { Q_EMIT diskFinished(index, result); }, Qt::QueuedConnection);
    }
}

Result<DiskTransferStats> PackageImport::copyDisk(int index)
{
    const DiskTransferSpec &spec = m_disks[size_t(index)].spec;
    const QString &href = m_disks[size_t(index)].href;
    QElapsedTimer clock;
    clock.start();
    auto reader = m_package->openDisk(href);
    if (!reader)
        return std::unexpected(reader.error());
    DiskStream &stream = (*reader)->stream();
    if (stream.capacity() > spec.capacity)
        return fail(ErrorCode::Integrity,
                    u"%1 holds a disk of %2 bytes, but the OVF gives %3 a capacity of %4 bytes"_s.arg(href)
                        .arg(stream.capacity())
                        .arg(spec.label)
                        .arg(spec.capacity));
    // This thread reads and decodes; a second one hashes and writes what it decoded.
    ExtentQueue queue(kExtentsInFlight);
    Result<qint64> zeroBytes = 0;
    std::thread writing([&] { zeroBytes = writeExtents(index, queue); });
    const Result<void> read = readExtents(stream, queue, spec.capacity, href);
    if (read)
        queue.close();
    else
        queue.abort();
    writing.join();
    if (!read)
        return std::unexpected(read.error());
    if (!zeroBytes)
        return std::unexpected(zeroBytes.error());
    // The manifest has the last word: a mismatch fails the disk although every chunk is written.
    if (auto checked = (*reader)->finish(); !checked)
        return std::unexpected(checked.error());
    DiskTransferStats stats;
    stats.bytesFetched = spec.capacity;
    stats.bytesZero = *zeroBytes;
    stats.seconds = double(clock.elapsed()) / 1000.0;
    return stats;
}

Result<void> PackageImport::readExtents(DiskStream &stream, ExtentQueue &queue, qint64 capacity, const QString &href)
{
    qint64 position = 0;
    for (;;) {
        if (m_cancelled)
            return fail(ErrorCode::Cancelled, u"the import was cancelled"_s);
        auto extent = stream.next();
        if (!extent)
            return std::unexpected(extent.error().prefixed(href));
        if (extent->isEnd())
            break;
        position = extent->offset + extent->length;
        if (!queue.push(std::move(*extent)))
            return {}; // the writing side failed: its error is the one to report
    }
    // A disk file smaller than the OVF's capacity reads as zeros up to it.
    if (position < capacity)
        (void)queue.push(DiskExtent{position, capacity - position, {}});
    return {};
}

Result<qint64> PackageImport::writeExtents(int index, ExtentQueue &queue)
{
    const DiskTransferSpec &spec = m_disks[size_t(index)].spec;
    const auto failed = [&queue](const Error &error) -> Result<qint64> {
        queue.abort();
        return std::unexpected(error);
    };
    // Created, used and destroyed on this thread, as a SinkWriter must be.
    auto writer = spec.sink->createWriter();
    if (!writer)
        return failed(writer.error());
    ExtentFeeder feeder(spec.capacity, m_settings.chunkSize, **writer, [&](const ChunkDigest &chunk) {
        if (spec.recorder)
            spec.recorder->chunkCompleted(chunk);
        QMetaObject::invokeMethod(
            this, [this, index, chunk] { Q_EMIT chunkCompleted(index, chunk); }, Qt::QueuedConnection);
    });
    if (!spec.completedChunks.isEmpty()) {
        auto target = spec.sink->createReader();
        if (!target)
            return failed(target.error());
        feeder.setResumed(spec.completedChunks, std::move(*target));
    }
    while (std::optional<DiskExtent> extent = queue.pop()) {
        if (auto added = feeder.add(*extent); !added)
            return failed(added.error().prefixed(m_disks[size_t(index)].href));
        m_meter->addBytes(0, extent->length); // as decoded, not per chunk: smooth progress
        m_decoded[size_t(index)].fetch_add(extent->length, std::memory_order_relaxed);
    }
    if (queue.aborted())
        return fail(ErrorCode::Cancelled, u"the import stopped"_s); // the reading side says why
    if (auto finished = feeder.finish(); !finished)
        return failed(finished.error().prefixed(spec.label));
    return feeder.zeroBytes();
}

void PackageImport::onThreadFinished()
{
    if (m_meter) {
        m_meter->stop();
        m_meter->sample();
    }
    const std::optional<Error> error = m_cancelled ? std::optional<Error>(Error(ErrorCode::Cancelled, u"the import was cancelled"_s))
                                                   : m_firstError;
    Q_EMIT finished(error);
}

} // namespace Ferry
