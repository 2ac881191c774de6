#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QThreadPool>

#include <deque>
#include <future>

namespace Ferry {

// Inflates the zlib-compressed grains of a streamOptimized VMDK on worker threads and
// hands them back in the order they were submitted, so a reader thread can keep parsing
// the stream while the cores decompress. Owned and used by one thread; its workers only
// see the job they run. The caller bounds the queue (pending()).
class GrainInflater
{
public:
    struct Grain
    {
        qint64 offset = 0; // bytes into the disk
        QByteArray data;
    };

    // threads: workers of its own pool (not the global one, so a blocked consumer elsewhere
    // cannot starve it). Every grain must inflate to between minBytes and grainBytes.
    GrainInflater(int threads, qint64 grainBytes);
    ~GrainInflater(); // waits for the jobs still running
    Q_DISABLE_COPY_MOVE(GrainInflater)

    // minBytes: the least the grain must inflate to (a short last grain ends at the capacity).
    void submit(qint64 offset, qint64 minBytes, QByteArray compressed);
    qsizetype pending() const;
    qint64 frontOffset() const; // the oldest pending grain's offset; pending() > 0
    // The oldest submitted grain, waiting for it; a grain that does not inflate is a
    // one-line Integrity error naming its offset.
    Result<Grain> takeFirst();

    // One grain, on the calling thread (what the workers run).
    static Result<QByteArray> inflateGrain(QByteArrayView compressed, qint64 minBytes, qint64 maxBytes);

private:
    struct Job
    {
        qint64 offset = 0;
        std::future<Result<QByteArray>> result;
    };
    QThreadPool m_pool;
    qint64 m_grainBytes = 0;
    std::deque<Job> m_jobs;
};

} // namespace Ferry
