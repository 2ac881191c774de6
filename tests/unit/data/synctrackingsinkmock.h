#pragma once

#include "data/sink.h"

#include <QSet>

#include <condition_variable>
#include <mutex>

namespace Ferry::Test {

// A mock Sink that only models durability (a real file system cannot show which writes
// a crash would have lost): the test marks chunks as drained, and a successful sync()
// makes durable exactly the chunks that were drained when it started. sync() can be
// held (to report chunks while a sync runs) or made to fail. Writers and readers are
// not supported. Thread-safe.
class SyncTrackingSinkMock : public Sink
{
public:
    // The chunk's writer returned from drain(); call before reporting it to the committer.
    void markDrained(qint64 offset);
    QSet<qint64> durable() const;
    int syncsStarted() const;
    void setFailSync(bool fail);
    // While held, sync() waits after taking its snapshot of drained chunks.
    void setHoldSync(bool hold);

    QString description() const override;
    QString target() const override;
    QString format() const override;
    Result<void> open(qint64 capacity, OpenMode mode) override;
    Result<std::unique_ptr<SinkWriter>> createWriter() override;
    Result<std::unique_ptr<SinkReader>> createReader() override;
    Result<void> sync() override;
    Result<void> commit() override;
    void discard(bool keepPartial) override;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_released;
    QSet<qint64> m_drained;
    QSet<qint64> m_durable;
    int m_syncsStarted = 0;
    bool m_failSync = false;
    bool m_holdSync = false;
};

} // namespace Ferry::Test
