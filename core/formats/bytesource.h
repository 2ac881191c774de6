#pragma once

#include "base/error.h"

#include <QByteArray>

namespace Ferry {

// A sequential byte input: an OVA entry streaming out of libarchive (OvaArchive), a file
// of an OVF directory (FileByteSource), or another source seen through a digest
// (DigestingByteSource). Read from one thread at a time; never seeks.
class ByteSource
{
public:
    virtual ~ByteSource() = default;
    // Reads up to maxSize bytes into data and returns how many; 0 only at the end of the
    // input. An error (I/O, a corrupt or truncated archive) is final: later calls may
    // fail again or return 0, never more bytes.
    virtual Result<qint64> read(char *data, qint64 maxSize) = 0;

    // Reads exactly size bytes; a source that ends sooner is an Integrity error
    // "truncated input: ... at byte N". what names the thing being read ("grain marker").
    Result<void> readExactly(char *data, qint64 size, const QString &what);
    // Reads and drops size bytes (through a small buffer), with readExactly's error.
    Result<void> skip(qint64 size, const QString &what);
    // Everything up to the end, failing with an Integrity error once more than maxSize
    // bytes came (a descriptor or manifest is small; a huge one is hostile).
    Result<QByteArray> readAll(qint64 maxSize, const QString &what);
    // Bytes this source has returned so far (through any of the calls above or read()
    // when the implementation counts; the helpers above always count).
    qint64 position() const { return m_position; }

protected:
    void advance(qint64 bytes) { m_position += bytes; }

private:
    qint64 m_position = 0;
};

} // namespace Ferry
