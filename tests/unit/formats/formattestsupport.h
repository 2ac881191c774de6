#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Ferry {
class DiskStream;
}

// Helpers for the core/formats tests: real tools (qemu-img, tar, zip, python3) run with
// QProcess, a deterministic disk pattern, a DiskStream written out to a file while its
// contract (contiguous extents, bounded data) is checked, and a builder for hand-made
// streamOptimized VMDK streams that real tools never write (the refusal cases).
namespace FormatTest {

// Runs program; false with its stderr in *error when it cannot start or exits non-zero.
bool run(const QString &program, const QStringList &arguments, QString *error = nullptr, const QByteArray &input = {});
// A raw image of size bytes: 64 KiB blocks of random data, compressible text and zeros,
// with a long zero run in the middle (about half zeros overall).
QByteArray patternImage(qint64 size, quint32 seed = 1);
// A data tag made safe as a file name ("duplicate after ./" -> "duplicate_after___").
QString fileNameOf(const char *tag);
bool writeFile(const QString &path, const QByteArray &data);
QByteArray readFile(const QString &path);
// Writes every extent to path (zero runs as holes), checking the DiskStream contract.
Ferry::Result<qint64> decodeToFile(Ferry::DiskStream &stream, const QString &path);

// A streamOptimized VMDK assembled by hand.
class VmdkStreamBuilder
{
public:
    explicit VmdkStreamBuilder(qint64 capacitySectors, qint64 grainSectors = 128);
    VmdkStreamBuilder &grain(qint64 lba, const QByteArray &data); // compressed with zlib
    VmdkStreamBuilder &rawGrain(qint64 lba, const QByteArray &compressed, quint32 declaredSize = 0);
    VmdkStreamBuilder &metadata(quint32 type, qint64 sectors, const QByteArray &payload = {});
    VmdkStreamBuilder &footer();
    VmdkStreamBuilder &endOfStream();
    QByteArray bytes() const { return m_bytes; }
    QByteArray header() const;
    static QByteArray zlib(const QByteArray &data);

private:
    void pad();
    qint64 m_capacity;
    qint64 m_grain;
    QByteArray m_bytes;
};

} // namespace FormatTest
