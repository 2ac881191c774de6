#pragma once

#include <QByteArray>
#include <QString>

namespace Ferry::Test {

// Builds test disks from a compact spec, e.g. "D3M Z2M B64K D100":
//   Z<size>  zeros
//   D<size>  pseudo-random bytes (no 64 KiB block of them is all zero)
//   B<size>  zeros except one 0x01 byte at the end (looks empty, is not)
// Sizes take K and M suffixes (KiB, MiB). The same spec and seed give the same bytes.
class DiskPattern
{
public:
    static QByteArray make(const QString &spec, quint32 seed = 1);
    // Naive reference check, independent of ZeroDetector.
    static bool naiveIsZero(const char *data, qint64 length);
    // Lower-case hex SHA-256 computed with QCryptographicHash (not OpenSSL).
    static QString sha256(QByteArrayView bytes);
};

} // namespace Ferry::Test
