#include "synctrackingsinkmock.h"

using namespace Qt::StringLiterals;

namespace Ferry::Test {

void SyncTrackingSinkMock::markDrained(qint64 offset)
{
    std::lock_guard lock(m_mutex);
    m_drained.insert(offset);
}

QSet<qint64> SyncTrackingSinkMock::durable() const
{
    std::lock_guard lock(m_mutex);
    return m_durable;
}

int SyncTrackingSinkMock::syncsStarted() const
{
    std::lock_guard lock(m_mutex);
    return m_syncsStarted;
}

void SyncTrackingSinkMock::setFailSync(bool fail)
{
    std::lock_guard lock(m_mutex);
    m_failSync = fail;
}

void SyncTrackingSinkMock::setHoldSync(bool hold)
{
    std::lock_guard lock(m_mutex);
    m_holdSync = hold;
    m_released.notify_all();
}

QString SyncTrackingSinkMock::description() const
{
    return u"sync-tracking mock"_s;
}

QString SyncTrackingSinkMock::target() const
{
    return u"mock"_s;
}

QString SyncTrackingSinkMock::format() const
{
    return u"raw"_s;
}

Result<void> SyncTrackingSinkMock::open(qint64, OpenMode)
{
    return {};
}

Result<std::unique_ptr<SinkWriter>> SyncTrackingSinkMock::createWriter()
{
    return fail(ErrorCode::Internal, u"the sync-tracking mock has no writers"_s);
}

Result<std::unique_ptr<SinkReader>> SyncTrackingSinkMock::createReader()
{
    return fail(ErrorCode::Internal, u"the sync-tracking mock has no readers"_s);
}

Result<void> SyncTrackingSinkMock::sync()
{
    std::unique_lock lock(m_mutex);
    ++m_syncsStarted;
    const QSet<qint64> snapshot = m_drained;
    m_released.wait(lock, [&] { return !m_holdSync; });
    if (m_failSync)
        return fail(ErrorCode::Io, u"mock sync failure"_s);
    m_durable.unite(snapshot);
    return {};
}

Result<void> SyncTrackingSinkMock::commit()
{
    return {};
}

void SyncTrackingSinkMock::discard(bool)
{
}

} // namespace Ferry::Test
