#pragma once

#include "data/sink.h"

#include <atomic>

namespace Ferry {

// A Sink that throws every byte away, so the read benchmark measures the network and
// the TLS/HTTP path without any disk in the way. Reading back fails: nothing is kept.
// Thread-safe like every Sink: writers only count bytes in an atomic.
class DiscardSink : public Sink
{
public:
    QString description() const override;
    QString target() const override;
    QString format() const override;
    Result<void> open(qint64 capacity, OpenMode mode) override;
    Result<std::unique_ptr<SinkWriter>> createWriter() override;
    Result<std::unique_ptr<SinkReader>> createReader() override;
    Result<void> commit() override;
    void discard(bool keepPartial) override;

    // Bytes handed to write() and zero() by all writers so far.
    qint64 bytesDiscarded() const;

private:
    qint64 m_capacity = 0;
    std::atomic<qint64> m_bytes{0};
};

} // namespace Ferry
