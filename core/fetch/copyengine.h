#pragma once

#include "base/error.h"
#include "data/chunkdigest.h"
#include "data/disktransferspec.h"
#include "data/disktransferstats.h"
#include "throughputsample.h"

#include <QObject>

#include <optional>

namespace Ferry {

// What copies the disks of a plan into their sinks, as MigrationRunner drives it: the
// HTTPS range fetcher (TransferEngine) or a package import that streams disks out of an
// OVA/OVF (PackageImport). Same lifecycle and signals for both: addDisk() ... start();
// chunkCompleted() per chunk for progress (the record itself goes to the spec's
// ChunkRecorder first, on the engine's own thread), exactly one diskFinished() per disk
// once nothing writes to its sink any more, then finished(). Signals are emitted on the
// thread the engine lives on.
class CopyEngine : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Before start(); returns the disk's index used by the signals (-1 after start()).
    virtual int addDisk(DiskTransferSpec spec) = 0;
    virtual void start() = 0;
    // Stops as soon as possible; unfinished disks finish with ErrorCode::Cancelled.
    virtual void cancel() = 0;
    // Any time after start(), from the engine's thread: the disk's bytes received (or
    // decoded) so far, as they arrive, for progress; chunkCompleted comes only once a
    // whole chunk is in. Chunks resumed from a journal are not included.
    virtual qint64 bytesArrived(int disk) const = 0;

Q_SIGNALS:
    void chunkCompleted(int disk, const Ferry::ChunkDigest &digest);
    void diskFinished(int disk, const Ferry::Result<Ferry::DiskTransferStats> &result);
    void sampled(const Ferry::ThroughputSample &sample);
    void finished(const std::optional<Ferry::Error> &error);
};

} // namespace Ferry
