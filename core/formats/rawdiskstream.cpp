#include "rawdiskstream.h"

#include "base/diskcapacity.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
constexpr qint64 rawExtentBytes = 1 << 20;
}

RawDiskStream::RawDiskStream(std::unique_ptr<ByteSource> source, qint64 capacity)
    : m_owned(std::move(source))
    , m_source(*m_owned)
    , m_capacity(capacity)
{
}

RawDiskStream::RawDiskStream(ByteSource &source, qint64 capacity)
    : m_source(source)
    , m_capacity(capacity)
{
}

qint64 RawDiskStream::capacity() const
{
    return m_capacity;
}

Result<DiskExtent> RawDiskStream::next()
{
    if (auto ok = DiskCapacity::check(m_capacity); !ok)
        return std::unexpected(ok.error());
    if (m_offset == m_capacity) {
        if (!m_checkedEnd) {
            char extra = 0;
            auto got = m_source.read(&extra, 1);
            if (!got)
                return std::unexpected(got.error());
            if (*got != 0)
                return fail(ErrorCode::Integrity, u"raw disk holds more than its capacity of %1 bytes"_s.arg(m_capacity));
            m_checkedEnd = true;
        }
        return DiskExtent{m_offset, 0, {}};
    }
    DiskExtent extent;
    extent.offset = m_offset;
    extent.length = qMin(rawExtentBytes, m_capacity - m_offset);
    extent.data.resize(qsizetype(extent.length));
    if (auto ok = m_source.readExactly(extent.data.data(), extent.length, u"raw disk"_s); !ok)
        return std::unexpected(ok.error());
    m_offset += extent.length;
    return extent;
}

} // namespace Ferry
