#pragma once

#include "fetch/copyengine.h"
#include "fetch/transfersettings.h"

#include <atomic>
#include <memory>
#include <vector>

class QThread;

namespace Ferry {

class DiskStream;
class ExtentQueue;
class PackageSource;
class ThroughputMeter;

// Copies the disks of an OVA/OVF package into their sinks: the CopyEngine of a package
// source. One import thread reads the package front to back (disks in archive order, so an
// OVA is read once, never extracted) and decodes each disk (StreamOptimizedVmdkReader inflates
// on worker threads of its own); a writing thread per disk, fed through a bounded
// ExtentQueue, lays it onto the chunk grid through ExtentFeeder: the
// same ChunkProcessor, zero requests, drained writes and ChunkRecorder records (digest,
// journal, --verify list) as an HTTPS copy. Every file is checked against the manifest
// while it streams; a mismatch fails that disk (diskFinished with an Integrity error) after
// its last chunk, so the caller discards it and defines nothing.
//
// A disk's DiskTransferSpec names its file by PackageSource::diskUrl() (the fragment is the
// href). On --resume the package is read again from its start; chunks the journal holds
// (completedChunks) are compared with the target instead of written (ExtentFeeder).
// bytes_fetched in the stats is the virtual disk's size (every byte was decoded).
//
// Thread affinity as TransferEngine: lives on the caller's thread, never blocks it, signals
// come on it. Destroying a running import cancels it and waits for its thread.
class PackageImport final : public CopyEngine
{
    Q_OBJECT

public:
    // The package must not be used by anyone else while the import runs.
    PackageImport(std::shared_ptr<PackageSource> package, TransferSettings settings, QObject *parent = nullptr);
    ~PackageImport() override;

    int addDisk(DiskTransferSpec spec) override;
    void start() override;
    void cancel() override;
    // Decoded bytes beyond what the journal already held: a resumed disk is decoded again
    // from its start, and its resumed chunks count only once.
    qint64 bytesArrived(int disk) const override;

private:
    struct Disk;
    void run();
    Result<DiskTransferStats> copyDisk(int index);
    // The two halves of a disk's copy: decoding on the import thread, hashing and writing
    // (ExtentFeeder) on a thread of the disk's own.
    Result<void> readExtents(DiskStream &stream, ExtentQueue &queue, qint64 capacity, const QString &href);
    Result<qint64> writeExtents(int index, ExtentQueue &queue);
    void onThreadFinished();

    std::shared_ptr<PackageSource> m_package;
    TransferSettings m_settings;
    std::vector<Disk> m_disks;
    std::atomic<bool> m_cancelled{false};
    static constexpr int kExtentsInFlight = 8; // at most 8 x 4 MiB decoded, waiting to be written
    std::unique_ptr<ThroughputMeter> m_meter;
    std::unique_ptr<std::atomic<qint64>[]> m_decoded; // per disk, sized by start()
    std::vector<qint64> m_resumedBytes;               // per disk: what its journal held, by start()
    std::unique_ptr<QThread> m_thread;
    std::optional<Error> m_firstError; // written by the import thread, read after it ended
    bool m_started = false;
};

} // namespace Ferry
