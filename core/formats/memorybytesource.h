#pragma once

#include "bytesource.h"

namespace Ferry {

// Bytes already in memory as a ByteSource: small descriptors read by OvaArchive's first
// pass, fuzz inputs, tests. Reads at most chunk bytes per call (default: all), so a test
// can make a source that trickles.
class MemoryByteSource : public ByteSource
{
public:
    explicit MemoryByteSource(QByteArray data, qint64 chunk = 0);

protected:
    Result<qint64> readData(char *data, qint64 maxSize) override;

private:
    QByteArray m_data;
    qint64 m_chunk = 0;
    qint64 m_offset = 0;
};

} // namespace Ferry
