#include "memorybytesource.h"

#include <cstring>

namespace Ferry {

MemoryByteSource::MemoryByteSource(QByteArray data, qint64 chunk)
    : m_data(std::move(data))
    , m_chunk(chunk)
{
}

Result<qint64> MemoryByteSource::readData(char *data, qint64 maxSize)
{
    qint64 n = qMin(maxSize, qint64(m_data.size()) - m_offset);
    if (m_chunk > 0)
        n = qMin(n, m_chunk);
    if (n > 0)
        std::memcpy(data, m_data.constData() + m_offset, size_t(n));
    m_offset += n;
    return n;
}

} // namespace Ferry
