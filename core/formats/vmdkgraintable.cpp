#include "vmdkgraintable.h"

#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Ferry {

Result<std::optional<VmdkGrainTable>> VmdkGrainTable::fromOverhead(const VmdkHeader &header, QByteArrayView overhead)
{
    if (header.gdOffset == VmdkHeader::gdAtEnd || header.numGTEsPerGT == 0 || header.numGTEsPerGT > 4096)
        return std::nullopt;
    const qint64 grains = qint64((header.capacitySectors + header.grainSectors - 1) / header.grainSectors);
    const qint64 perTable = header.numGTEsPerGT;
    const qint64 tables = (grains + perTable - 1) / perTable;
    const qint64 gdStart = qint64(qMin<quint64>(header.gdOffset, quint64(1) << 40)) * 512;
    if (gdStart + tables * 4 > overhead.size())
        return std::nullopt;
    VmdkGrainTable table;
    table.m_sectors.assign(size_t(grains), 0);
    quint32 previous = 0;
    for (qint64 t = 0; t < tables; ++t) {
        const quint32 gtSector = qFromLittleEndian<quint32>(overhead.data() + gdStart + t * 4);
        if (gtSector == 0)
            continue;
        if (qint64(gtSector) * 512 + perTable * 4 > overhead.size())
            return std::nullopt;
        for (qint64 e = 0; e < perTable && t * perTable + e < grains; ++e) {
            const quint32 sector = qFromLittleEndian<quint32>(overhead.data() + qint64(gtSector) * 512 + e * 4);
            if (sector <= 1) // 0: not stored; 1: a zeroed grain
                continue;
            if (sector < header.overhead || sector <= previous)
                return fail(ErrorCode::Integrity,
                            u"corrupt VMDK: the grain table puts grain %1 at sector %2, inside the header or before the grain before it"_s
                                .arg(t * perTable + e)
                                .arg(sector));
            previous = sector;
            table.m_sectors[size_t(t * perTable + e)] = sector;
            ++table.m_stored;
        }
    }
    return table;
}

quint32 VmdkGrainTable::sectorOf(qint64 grainIndex) const
{
    return grainIndex >= 0 && grainIndex < qint64(m_sectors.size()) ? m_sectors[size_t(grainIndex)] : 0;
}

qint64 VmdkGrainTable::storedGrains() const
{
    return m_stored;
}

} // namespace Ferry
