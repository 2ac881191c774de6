#include "sparsevmdkreader.h"

#include <QtEndian>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
constexpr qint64 sector = 512;
constexpr qint64 sparseExtentBytes = 1 << 20;
} // namespace

SparseVmdkReader::SparseVmdkReader(const QString &path, VmdkHeader header)
    : m_file(path)
    , m_header(header)
{
}

Result<std::unique_ptr<SparseVmdkReader>> SparseVmdkReader::open(const QString &path)
{
    QFile probe(path);
    if (!probe.open(QIODevice::ReadOnly))
        return fail(probe.exists() ? ErrorCode::Io : ErrorCode::NotFound, u"cannot open '%1': %2"_s.arg(path, probe.errorString()));
    const QByteArray first = probe.read(VmdkHeader::size);
    auto header = VmdkHeader::parse(first);
    if (!header)
        return std::unexpected(header.error());
    if (header->compressed() || header->hasMarkers())
        return fail(ErrorCode::Unsupported, u"'%1' is a streamOptimized VMDK, not monolithicSparse"_s.arg(path));
    if (header->gdOffset == VmdkHeader::gdAtEnd || header->numGTEsPerGT == 0 || header->numGTEsPerGT > 4096)
        return fail(ErrorCode::Protocol, u"invalid VMDK sparse header: no grain directory"_s);
    std::unique_ptr<SparseVmdkReader> reader(new SparseVmdkReader(path, *header));
    if (!reader->m_file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, u"cannot open '%1': %2"_s.arg(path, reader->m_file.errorString()));
    reader->m_fileSize = reader->m_file.size();
    const VmdkHeader &h = reader->m_header;
    reader->m_grains = qint64((h.capacitySectors + h.grainSectors - 1) / h.grainSectors);
    const qint64 tables = (reader->m_grains + h.numGTEsPerGT - 1) / h.numGTEsPerGT;
    const qint64 gdStart = qint64(qMin<quint64>(h.gdOffset, quint64(1) << 40)) * sector;
    if (gdStart + tables * 4 > reader->m_fileSize)
        return fail(ErrorCode::Integrity,
                    u"truncated or corrupt VMDK: the grain directory at byte %1 is past the end of the file"_s.arg(gdStart));
    QByteArray directory(qsizetype(tables * 4), Qt::Uninitialized);
    if (!reader->m_file.seek(gdStart) || reader->m_file.read(directory.data(), directory.size()) != directory.size())
        return fail(ErrorCode::Io, u"cannot read the grain directory of '%1'"_s.arg(path));
    reader->m_directory.resize(size_t(tables));
    for (qint64 i = 0; i < tables; ++i)
        reader->m_directory[size_t(i)] = qFromLittleEndian<quint32>(directory.constData() + i * 4);
    return reader;
}

Result<void> SparseVmdkReader::loadTable(qint64 table)
{
    const qint64 entries = m_header.numGTEsPerGT;
    m_table.assign(size_t(entries), 0);
    m_loadedTable = table;
    const quint32 at = m_directory[size_t(table)];
    if (at == 0)
        return {};
    QByteArray bytes(qsizetype(entries * 4), Qt::Uninitialized);
    if (qint64(at) * sector + bytes.size() > m_fileSize || !m_file.seek(qint64(at) * sector)
        || m_file.read(bytes.data(), bytes.size()) != bytes.size())
        return fail(ErrorCode::Integrity,
                    u"truncated or corrupt VMDK: grain table %1 at sector %2 is past the end of the file"_s.arg(table).arg(at));
    for (qint64 i = 0; i < entries; ++i)
        m_table[size_t(i)] = qFromLittleEndian<quint32>(bytes.constData() + i * 4);
    return {};
}

Result<quint32> SparseVmdkReader::grainSector(qint64 grain)
{
    const qint64 table = grain / m_header.numGTEsPerGT;
    if (table != m_loadedTable) {
        if (auto ok = loadTable(table); !ok)
            return std::unexpected(ok.error());
    }
    const quint32 at = m_table[size_t(grain % m_header.numGTEsPerGT)];
    if (at <= 1) // 0: unallocated; 1: zeroed grain
        return 0;
    if (at < m_header.overhead)
        return fail(ErrorCode::Integrity, u"corrupt VMDK: grain %1 is at sector %2, inside the header"_s.arg(grain).arg(at));
    const qint64 needed = qMin(m_header.grainBytes(), capacity() - grain * m_header.grainBytes());
    if (qint64(at) * sector + needed > m_fileSize)
        return fail(ErrorCode::Integrity, u"truncated VMDK: grain %1 at sector %2 is past the end of the file"_s.arg(grain).arg(at));
    return at;
}

qint64 SparseVmdkReader::capacity() const
{
    return m_header.capacityBytes();
}

Result<DiskExtent> SparseVmdkReader::next()
{
    const qint64 grainBytes = m_header.grainBytes();
    if (m_nextGrain >= m_grains)
        return DiskExtent{capacity(), 0, {}};
    DiskExtent extent;
    extent.offset = m_nextGrain * grainBytes;
    bool zero = true;
    for (; m_nextGrain < m_grains; ++m_nextGrain) {
        auto at = grainSector(m_nextGrain);
        if (!at)
            return std::unexpected(at.error());
        const qint64 offset = m_nextGrain * grainBytes;
        const qint64 length = qMin(grainBytes, capacity() - offset);
        if (offset == extent.offset)
            zero = *at == 0;
        else if ((*at == 0) != zero || (!zero && extent.length + length > sparseExtentBytes))
            break;
        if (!zero) {
            const qsizetype old = extent.data.size();
            extent.data.resize(old + qsizetype(length));
            if (!m_file.seek(qint64(*at) * sector) || m_file.read(extent.data.data() + old, length) != length)
                return fail(ErrorCode::Io,
                            u"cannot read grain %1 of '%2': %3"_s.arg(m_nextGrain).arg(m_file.fileName(), m_file.errorString()));
        }
        extent.length += length;
    }
    return extent;
}

const VmdkHeader &SparseVmdkReader::header() const
{
    return m_header;
}

} // namespace Ferry
