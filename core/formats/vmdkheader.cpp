#include "vmdkheader.h"

#include "base/diskcapacity.h"

#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

template<typename T>
T field(QByteArrayView sector, qsizetype offset)
{
    return qFromLittleEndian<T>(sector.data() + offset);
}

Result<VmdkHeader> invalid(const QString &what)
{
    return fail(ErrorCode::Protocol, u"invalid VMDK sparse header: %1"_s.arg(what));
}

} // namespace

Result<VmdkHeader> VmdkHeader::parse(QByteArrayView sector)
{
    if (sector.size() < size)
        return invalid(u"only %1 bytes"_s.arg(sector.size()));
    if (field<quint32>(sector, 0) != magic)
        return invalid(u"no KDMV magic (not a sparse VMDK)"_s);
    VmdkHeader header;
    header.version = field<quint32>(sector, 4);
    header.flags = field<quint32>(sector, 8);
    header.capacitySectors = field<quint64>(sector, 12);
    header.grainSectors = field<quint64>(sector, 20);
    header.descriptorOffset = field<quint64>(sector, 28);
    header.descriptorSize = field<quint64>(sector, 36);
    header.numGTEsPerGT = field<quint32>(sector, 44);
    header.rgdOffset = field<quint64>(sector, 48);
    header.gdOffset = field<quint64>(sector, 56);
    header.overhead = field<quint64>(sector, 64);
    header.compressAlgorithm = field<quint16>(sector, 77);

    if (header.version < 1 || header.version > 3)
        return invalid(u"version %1 is not 1, 2 or 3"_s.arg(header.version));
    if ((header.flags & flagNewlineTest) && (sector[73] != '\n' || sector[74] != ' ' || sector[75] != '\r' || sector[76] != '\n'))
        return invalid(u"the newline test characters are damaged (file transferred in text mode?)"_s);
    if (header.grainSectors == 0 || header.grainSectors > maxGrainSectors || (header.grainSectors & (header.grainSectors - 1)))
        return invalid(u"grain size of %1 sectors is not a power of two up to %2"_s.arg(header.grainSectors).arg(maxGrainSectors));
    if (header.capacitySectors > quint64(DiskCapacity::maximum / 512))
        return invalid(u"capacity of %1 sectors is over the %2-byte limit"_s.arg(header.capacitySectors).arg(DiskCapacity::maximum));
    if (header.compressed() && header.compressAlgorithm != 1)
        return invalid(u"compression algorithm %1 is not deflate"_s.arg(header.compressAlgorithm));
    // The tables qemu-img puts in front of the grains of a 62 TiB disk take 2^24 sectors.
    if (header.overhead > quint64(1) << 26)
        return invalid(u"overhead of %1 sectors is larger than any VMDK's metadata"_s.arg(header.overhead));
    if (header.descriptorSize > 2048)
        return invalid(u"embedded descriptor of %1 sectors is over 1 MiB"_s.arg(header.descriptorSize));
    if (header.descriptorSize > 0
        && (header.descriptorOffset == 0 || header.descriptorOffset > 2048
            || header.descriptorOffset + header.descriptorSize > header.overhead))
        return invalid(u"embedded descriptor at sector %1 (%2 sectors) is outside the %3-sector overhead"_s.arg(header.descriptorOffset)
                           .arg(header.descriptorSize)
                           .arg(header.overhead));
    return header;
}

} // namespace Ferry
