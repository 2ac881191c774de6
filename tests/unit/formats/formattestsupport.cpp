#include "formattestsupport.h"

#include "formats/diskstream.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace FormatTest {

bool run(const QString &program, const QStringList &arguments, QString *error, const QByteArray &input)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        if (error)
            *error = u"%1 does not start"_s.arg(program);
        return false;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(300000);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (error)
            *error = u"%1 %2: %3"_s.arg(program, arguments.join(u' '), QString::fromLocal8Bit(process.readAllStandardError()));
        return false;
    }
    return true;
}

QByteArray patternImage(qint64 size, quint32 seed)
{
    QByteArray image(qsizetype(size), '\0');
    QRandomGenerator random(seed);
    const qint64 block = 64 * 1024;
    for (qint64 offset = 0, index = 0; offset < size; offset += block, ++index) {
        const qint64 length = qMin(block, size - offset);
        const bool middleZeros = offset > size * 2 / 5 && offset < size * 3 / 5;
        switch (middleZeros ? 0 : index % 4) {
        case 0: // zeros
            break;
        case 1: // random, incompressible
            for (qint64 i = 0; i + 4 <= length; i += 4)
                qToLittleEndian(random.generate(), image.data() + offset + i);
            break;
        case 2: { // compressible text
            const QByteArray text = "block " + QByteArray::number(index) + " of a test disk\n";
            for (qint64 i = 0; i < length; ++i)
                image[offset + i] = text[i % text.size()];
            break;
        }
        default: // a little data in a mostly zero block
            image[offset + 17] = 'x';
            image[offset + length - 1] = 'y';
            break;
        }
    }
    return image;
}

QString fileNameOf(const char *tag)
{
    QString name = QString::fromLatin1(tag);
    for (QChar &c : name) {
        if (!c.isLetterOrNumber() && c != u'-')
            c = u'_';
    }
    return name;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Ferry::Result<qint64> decodeToFile(Ferry::DiskStream &stream, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Ferry::fail(Ferry::ErrorCode::Io, u"cannot write %1"_s.arg(path));
    qint64 expected = 0, extents = 0;
    for (;;) {
        auto extent = stream.next();
        if (!extent)
            return std::unexpected(extent.error());
        if (extent->offset != expected)
            return Ferry::fail(Ferry::ErrorCode::Internal, u"extent at %1, expected %2"_s.arg(extent->offset).arg(expected));
        if (extent->isEnd())
            break;
        ++extents;
        if (!extent->isZero()) {
            if (extent->data.size() != extent->length || extent->length > Ferry::DiskStream::maxExtentBytes)
                return Ferry::fail(Ferry::ErrorCode::Internal, u"bad data extent of %1 bytes"_s.arg(extent->length));
            if (!file.seek(extent->offset) || file.write(extent->data) != extent->data.size())
                return Ferry::fail(Ferry::ErrorCode::Io, u"write failed"_s);
        }
        expected += extent->length;
    }
    if (expected != stream.capacity())
        return Ferry::fail(Ferry::ErrorCode::Internal, u"extents end at %1, capacity %2"_s.arg(expected).arg(stream.capacity()));
    auto again = stream.next();
    if (!again || !again->isEnd())
        return Ferry::fail(Ferry::ErrorCode::Internal, u"next() after the end is not the end"_s);
    file.resize(expected);
    return extents;
}

VmdkStreamBuilder::VmdkStreamBuilder(qint64 capacitySectors, qint64 grainSectors)
    : m_capacity(capacitySectors)
    , m_grain(grainSectors)
{
    m_bytes = header();
    const QByteArray descriptor
        = "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType=\"streamOptimized\"\n\nRW "
        + QByteArray::number(capacitySectors) + " SPARSE \"test.vmdk\"\n";
    m_bytes.append(descriptor);
    m_bytes.append(QByteArray(128 * 512 - m_bytes.size(), '\0'));
}

QByteArray VmdkStreamBuilder::header() const
{
    QByteArray header(512, '\0');
    char *h = header.data();
    qToLittleEndian<quint32>(0x564d444b, h);
    qToLittleEndian<quint32>(3, h + 4);
    qToLittleEndian<quint32>(1u | (1u << 16) | (1u << 17), h + 8);
    qToLittleEndian<quint64>(quint64(m_capacity), h + 12);
    qToLittleEndian<quint64>(quint64(m_grain), h + 20);
    qToLittleEndian<quint64>(1, h + 28);  // descriptor at sector 1
    qToLittleEndian<quint64>(20, h + 36); // 20 sectors
    qToLittleEndian<quint32>(512, h + 44);
    qToLittleEndian<quint64>(~quint64(0), h + 56);
    qToLittleEndian<quint64>(128, h + 64);
    h[73] = '\n';
    h[74] = ' ';
    h[75] = '\r';
    h[76] = '\n';
    qToLittleEndian<quint16>(1, h + 77);
    return header;
}

QByteArray VmdkStreamBuilder::zlib(const QByteArray &data)
{
    return qCompress(data, 6).mid(4); // qCompress prefixes the length to a zlib stream
}

void VmdkStreamBuilder::pad()
{
    m_bytes.append(QByteArray((512 - m_bytes.size() % 512) % 512, '\0'));
}

VmdkStreamBuilder &VmdkStreamBuilder::grain(qint64 lba, const QByteArray &data)
{
    return rawGrain(lba, zlib(data));
}

VmdkStreamBuilder &VmdkStreamBuilder::rawGrain(qint64 lba, const QByteArray &compressed, quint32 declaredSize)
{
    char marker[12];
    qToLittleEndian<quint64>(quint64(lba), marker);
    qToLittleEndian<quint32>(declaredSize ? declaredSize : quint32(compressed.size()), marker + 8);
    m_bytes.append(marker, 12);
    m_bytes.append(compressed);
    pad();
    return *this;
}

VmdkStreamBuilder &VmdkStreamBuilder::metadata(quint32 type, qint64 sectors, const QByteArray &payload)
{
    QByteArray marker(512, '\0');
    qToLittleEndian<quint64>(quint64(sectors), marker.data());
    qToLittleEndian<quint32>(type, marker.data() + 12);
    m_bytes.append(marker);
    m_bytes.append(payload);
    pad();
    return *this;
}

VmdkStreamBuilder &VmdkStreamBuilder::footer()
{
    return metadata(3, 1, header());
}

VmdkStreamBuilder &VmdkStreamBuilder::endOfStream()
{
    return metadata(0, 0);
}

} // namespace FormatTest
