#include "streamoptimizedvmdkreader.h"

#include "graininflater.h"
#include "vmdkgraintable.h"

#include <QThread>
#include <QtEndian>

#include <array>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 sector = 512;
constexpr quint32 markerEos = 0, markerGrainTable = 1, markerGrainDirectory = 2, markerFooter = 3;
// A grain table or directory that a 62 TiB disk with 64 KiB grains needs is 16 MiB
// (2^21 tables * 4 bytes for the directory); anything larger is not a VMDK's metadata.
constexpr quint64 maxMetadataSectors = (32 << 20) / sector;

qint64 roundUpToSector(qint64 bytes)
{
    return (bytes + sector - 1) / sector * sector;
}

} // namespace

struct StreamOptimizedVmdkReader::Private
{
    Private(ByteSource &source_, VmdkHeader header_, VmdkDescriptor descriptor_, int threads)
        : source(source_)
        , header(header_)
        , descriptor(std::move(descriptor_))
        , inflater(threads, header.grainBytes())
    {
    }

    Result<void> readMarker();
    Result<void> readGrain(quint64 lba, quint32 compressedSize);
    Result<void> readMetadata(quint64 sectors, quint32 type);
    Result<void> fill();
    Result<DiskExtent> takeData();

    ByteSource &source;
    VmdkHeader header;
    VmdkDescriptor descriptor;
    GrainInflater inflater;
    qint64 nextGrainLba = 0; // a grain's LBA must be at least this (strictly rising)
    qint64 emitted = 0;      // bytes of the disk returned as extents
    bool endOfStream = false;
    bool footerSeen = false;
    std::optional<Error> failure;
    std::optional<VmdkGrainTable> table; // qemu-img's layout: tables in front, no end-of-stream marker
    qint64 start = 0;                    // source position of the VMDK's first byte
    qint64 grains = 0;
    qint64 compressed = 0;
};

Result<void> StreamOptimizedVmdkReader::Private::readMarker()
{
    std::array<char, sector> marker;
    auto got = source.read(marker.data(), 12);
    if (!got)
        return std::unexpected(got.error());
    if (*got == 0 && table && grains == table->storedGrains()) {
        endOfStream = true; // every grain the tables list has come: qemu-img writes no marker
        return {};
    }
    if (*got == 0 && table)
        return fail(ErrorCode::Integrity,
                    u"truncated input: the VMDK ends at byte %1 after %2 of the %3 grains its grain table lists"_s
                        .arg(source.position() - start)
                        .arg(grains)
                        .arg(table->storedGrains()));
    if (auto ok = source.readExactly(marker.data() + *got, 12 - *got, u"streamOptimized VMDK (no end-of-stream marker)"_s); !ok)
        return ok;
    const quint64 value = qFromLittleEndian<quint64>(marker.data());
    const quint32 size = qFromLittleEndian<quint32>(marker.data() + 8);
    if (size != 0)
        return readGrain(value, size);
    if (auto ok = source.readExactly(marker.data() + 12, sector - 12, u"VMDK metadata marker"_s); !ok)
        return ok;
    return readMetadata(value, qFromLittleEndian<quint32>(marker.data() + 12));
}

Result<void> StreamOptimizedVmdkReader::Private::readGrain(quint64 lba, quint32 compressedSize)
{
    const quint64 grainSectors = header.grainSectors;
    if (lba >= header.capacitySectors)
        return fail(ErrorCode::Integrity,
                    u"corrupt VMDK: grain at sector %1 is past the capacity of %2 sectors"_s.arg(lba).arg(header.capacitySectors));
    if (lba % grainSectors != 0)
        return fail(ErrorCode::Integrity,
                    u"corrupt VMDK: grain at sector %1 is not aligned to the %2-sector grain"_s.arg(lba).arg(grainSectors));
    if (qint64(lba) < nextGrainLba)
        return fail(ErrorCode::Integrity,
                    u"corrupt VMDK: grain at sector %1 comes after sector %2 (duplicate or out of order)"_s.arg(lba).arg(
                        nextGrainLba - qint64(grainSectors)));
    const qint64 markerSector = (source.position() - start - 12) / sector;
    if (table && table->sectorOf(qint64(lba / grainSectors)) != markerSector)
        return fail(ErrorCode::Integrity,
                    u"corrupt VMDK: grain at sector %1 is at file sector %2, the grain table says %3"_s.arg(lba)
                        .arg(markerSector)
                        .arg(table->sectorOf(qint64(lba / grainSectors))));
    const qint64 grainBytes = header.grainBytes();
    // Deflate's worst case is a few bytes per 16 KiB stored block plus the zlib frame.
    const qint64 maxCompressed = grainBytes + grainBytes / 16 + 1024;
    if (compressedSize > maxCompressed)
        return fail(ErrorCode::Integrity,
                    u"corrupt VMDK: grain at sector %1 claims %2 compressed bytes, more than a %3-byte grain can need"_s.arg(lba)
                        .arg(compressedSize)
                        .arg(grainBytes));
    QByteArray data(qsizetype(compressedSize), Qt::Uninitialized);
    if (auto ok = source.readExactly(data.data(), compressedSize, u"VMDK grain at sector %1"_s.arg(lba)); !ok)
        return ok;
    if (auto ok = source.skip(roundUpToSector(12 + qint64(compressedSize)) - 12 - compressedSize, u"VMDK grain padding"_s); !ok)
        return ok;
    const qint64 offset = qint64(lba) * sector;
    nextGrainLba = qint64(lba + grainSectors);
    ++grains;
    compressed += compressedSize;
    inflater.submit(offset, qMin(grainBytes, header.capacityBytes() - offset), std::move(data));
    return {};
}

Result<void> StreamOptimizedVmdkReader::Private::readMetadata(quint64 sectors, quint32 type)
{
    switch (type) {
    case markerEos:
        if (table && grains != table->storedGrains())
            return fail(ErrorCode::Integrity,
                        u"corrupt VMDK: the stream ends after %1 of the %2 grains its grain table lists"_s.arg(grains).arg(
                            table->storedGrains()));
        endOfStream = true;
        return {};
    case markerGrainTable:
    case markerGrainDirectory:
        if (sectors > maxMetadataSectors)
            return fail(
                ErrorCode::Integrity,
                u"corrupt VMDK: a grain %1 of %2 sectors"_s.arg(type == markerGrainTable ? u"table"_s : u"directory"_s).arg(sectors));
        return source.skip(qint64(sectors) * sector, u"VMDK grain table"_s);
    case markerFooter: {
        if (sectors != 1)
            return fail(ErrorCode::Integrity, u"corrupt VMDK: footer marker of %1 sectors, expected 1"_s.arg(sectors));
        std::array<char, sector> footer;
        if (auto ok = source.readExactly(footer.data(), sector, u"VMDK footer"_s); !ok)
            return ok;
        auto parsed = VmdkHeader::parse(QByteArrayView(footer.data(), sector));
        if (!parsed)
            return fail(ErrorCode::Integrity, u"corrupt VMDK footer: %1"_s.arg(parsed.error().message()));
        if (parsed->capacitySectors != header.capacitySectors || parsed->grainSectors != header.grainSectors)
            return fail(ErrorCode::Integrity, u"corrupt VMDK: the footer's capacity or grain size differs from the header's"_s);
        footerSeen = true;
        return {};
    }
    default:
        return fail(ErrorCode::Integrity, u"corrupt VMDK: unknown marker type %1"_s.arg(type));
    }
}

Result<void> StreamOptimizedVmdkReader::Private::fill()
{
    while (!endOfStream && inflater.pending() < maxGrainsInFlight) {
        if (auto ok = readMarker(); !ok)
            return ok;
    }
    return {};
}

// Consecutive decoded grains joined into one extent of at most maxExtentBytes.
Result<DiskExtent> StreamOptimizedVmdkReader::Private::takeData()
{
    DiskExtent extent;
    extent.offset = emitted;
    for (;;) {
        auto grain = inflater.takeFirst();
        if (!grain)
            return std::unexpected(grain.error());
        const qint64 bytes = qMin<qint64>(grain->data.size(), header.capacityBytes() - grain->offset);
        if (extent.data.isEmpty()) {
            grain->data.truncate(qsizetype(bytes));
            extent.data = std::move(grain->data);
        } else {
            extent.data.reserve(qsizetype(maxExtentBytes));
            extent.data.append(grain->data.constData(), bytes);
        }
        emitted = grain->offset + bytes;
        if (auto ok = fill(); !ok)
            return std::unexpected(ok.error());
        if (inflater.pending() == 0 || inflater.frontOffset() != emitted || extent.data.size() + header.grainBytes() > maxExtentBytes)
            break;
    }
    extent.length = extent.data.size();
    return extent;
}

StreamOptimizedVmdkReader::StreamOptimizedVmdkReader(ByteSource &source, VmdkHeader header, VmdkDescriptor descriptor, int threads)
    : d(std::make_unique<Private>(source, header, std::move(descriptor), threads))
{
}

StreamOptimizedVmdkReader::~StreamOptimizedVmdkReader() = default;

Result<std::unique_ptr<StreamOptimizedVmdkReader>> StreamOptimizedVmdkReader::open(ByteSource &source, int threads)
{
    const qint64 start = source.position();
    std::array<char, VmdkHeader::size> first;
    if (auto ok = source.readExactly(first.data(), VmdkHeader::size, u"VMDK header"_s); !ok)
        return std::unexpected(ok.error());
    auto header = VmdkHeader::parse(QByteArrayView(first.data(), VmdkHeader::size));
    if (!header)
        return std::unexpected(header.error());
    if (!header->hasMarkers() || !header->compressed())
        return fail(ErrorCode::Unsupported, u"the VMDK is a sparse disk but not streamOptimized (no compressed grains with markers)"_s);
    const qint64 overheadBytes = qint64(qMax<quint64>(header->overhead, 1)) * sector;
    QByteArray overhead(first.data(), VmdkHeader::size);
    if (overheadBytes <= VmdkGrainTable::maxOverheadBytes) {
        overhead.resize(qsizetype(overheadBytes));
        if (auto ok = source.readExactly(overhead.data() + sector, overheadBytes - sector, u"VMDK header and grain tables"_s); !ok)
            return std::unexpected(ok.error());
    } else if (header->descriptorSize > 0) {
        overhead.resize(qsizetype((header->descriptorOffset + header->descriptorSize) * sector));
        if (auto ok = source.readExactly(overhead.data() + sector, overhead.size() - sector, u"VMDK descriptor"_s); !ok)
            return std::unexpected(ok.error());
    }
    VmdkDescriptor descriptor;
    if (header->descriptorSize > 0) {
        auto parsed = VmdkDescriptor::parse(
            QByteArrayView(overhead).sliced(qsizetype(header->descriptorOffset * sector), qsizetype(header->descriptorSize * sector)));
        if (!parsed)
            return std::unexpected(parsed.error());
        if (!parsed->extents.isEmpty() && parsed->capacityBytes() != header->capacityBytes())
            return fail(ErrorCode::Integrity,
                        u"corrupt VMDK: the descriptor's extents hold %1 bytes, the header says %2"_s.arg(parsed->capacityBytes())
                            .arg(header->capacityBytes()));
        descriptor = std::move(*parsed);
    }
    std::optional<VmdkGrainTable> table;
    if (overhead.size() == overheadBytes) {
        auto found = VmdkGrainTable::fromOverhead(*header, overhead);
        if (!found)
            return std::unexpected(found.error());
        table = std::move(*found);
    }
    overhead = QByteArray();
    if (auto ok = source.skip(overheadBytes - (source.position() - start), u"VMDK overhead"_s); !ok)
        return std::unexpected(ok.error());
    auto reader = std::unique_ptr<StreamOptimizedVmdkReader>(
        new StreamOptimizedVmdkReader(source, *header, std::move(descriptor), threads > 0 ? threads : QThread::idealThreadCount()));
    reader->d->table = std::move(table);
    reader->d->start = start;
    return reader;
}

qint64 StreamOptimizedVmdkReader::capacity() const
{
    return d->header.capacityBytes();
}

Result<DiskExtent> StreamOptimizedVmdkReader::next()
{
    if (d->failure)
        return std::unexpected(*d->failure);
    auto fail_ = [this](const Error &error) -> Result<DiskExtent> {
        d->failure = error;
        return std::unexpected(error);
    };
    if (auto ok = d->fill(); !ok)
        return fail_(ok.error());
    if (d->inflater.pending() > 0) {
        if (d->inflater.frontOffset() > d->emitted) {
            DiskExtent zeros{d->emitted, d->inflater.frontOffset() - d->emitted, {}};
            d->emitted = d->inflater.frontOffset();
            return zeros;
        }
        auto extent = d->takeData();
        return extent ? extent : fail_(extent.error());
    }
    // End of stream and every grain returned: zeros up to the capacity, then the end.
    if (d->emitted < capacity()) {
        const qint64 length = capacity() - d->emitted;
        DiskExtent zeros{d->emitted, length, {}};
        d->emitted = capacity();
        return zeros;
    }
    return DiskExtent{capacity(), 0, {}};
}

const VmdkHeader &StreamOptimizedVmdkReader::header() const
{
    return d->header;
}

const VmdkDescriptor &StreamOptimizedVmdkReader::descriptor() const
{
    return d->descriptor;
}

qint64 StreamOptimizedVmdkReader::grainsDecoded() const
{
    return d->grains;
}

qint64 StreamOptimizedVmdkReader::compressedBytes() const
{
    return d->compressed;
}

} // namespace Ferry
