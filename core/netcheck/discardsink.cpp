#include "discardsink.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

class DiscardWriter : public SinkWriter
{
public:
    explicit DiscardWriter(std::atomic<qint64> &bytes)
        : m_bytes(bytes)
    {
    }
    Result<void> write(qint64, QByteArrayView data) override
    {
        m_bytes.fetch_add(data.size(), std::memory_order_relaxed);
        return {};
    }
    Result<void> zero(qint64, qint64 length) override
    {
        m_bytes.fetch_add(length, std::memory_order_relaxed);
        return {};
    }
    Result<void> flush() override { return {}; }

private:
    std::atomic<qint64> &m_bytes;
};

} // namespace

QString DiscardSink::description() const
{
    return u"discard (benchmark, nothing is written)"_s;
}

QString DiscardSink::target() const
{
    return {};
}

QString DiscardSink::format() const
{
    return u"raw"_s;
}

Result<void> DiscardSink::open(qint64 capacity, OpenMode)
{
    m_capacity = capacity;
    return {};
}

Result<std::unique_ptr<SinkWriter>> DiscardSink::createWriter()
{
    return std::make_unique<DiscardWriter>(m_bytes);
}

Result<std::unique_ptr<SinkReader>> DiscardSink::createReader()
{
    return fail(ErrorCode::Unsupported, u"a discard sink keeps no data to read back; run the benchmark without --verify"_s);
}

Result<void> DiscardSink::commit()
{
    return {};
}

void DiscardSink::discard(bool)
{
}

qint64 DiscardSink::bytesDiscarded() const
{
    return m_bytes.load(std::memory_order_relaxed);
}

} // namespace Ferry
