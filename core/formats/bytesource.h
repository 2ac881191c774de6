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
    Result<qint64> read(char *data, qint64 maxSize);

    // Reads exactly size bytes; a source that ends sooner is an Integrity error
    // "truncated input: <what> ends at byte N".
    Result<void> readExactly(char *data, qint64 size, const QString &what);
    // Reads and drops size bytes (through a small buffer), with readExactly's error.
    Result<void> skip(qint64 size, const QString &what);
    // Everything up to the end, failing with an Integrity error once more than maxSize
    // bytes came (a descriptor or manifest is small; a huge one is hostile).
    Result<QByteArray> readAll(qint64 maxSize, const QString &what);
    // Bytes read so far.
    qint64 position() const { return m_position; }

protected:
    // What an implementation provides: read()'s contract, without the counting.
    virtual Result<qint64> readData(char *data, qint64 maxSize) = 0;

private:
    qint64 m_position = 0;
};

} // namespace Ferry
