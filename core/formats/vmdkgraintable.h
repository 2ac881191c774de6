#pragma once

#include "base/error.h"
#include "vmdkheader.h"

#include <QByteArrayView>

#include <optional>
#include <vector>

namespace Ferry {

// Where each grain of a sparse VMDK lives, from its grain directory and grain tables.
// qemu-img writes streamOptimized files with the tables in the overhead before the grains
// (gdOffset set, no footer, no end-of-stream marker); there the tables are what tells a
// complete stream from a truncated one, and they pin each grain marker to its place.
class VmdkGrainTable
{
public:
    // Largest overhead Ferry reads into memory to find the tables (a 512 GiB disk as qemu
    // writes it, redundant tables included).
    static constexpr qint64 maxOverheadBytes = 64ll << 20;

    // The tables inside overhead (the first header.overhead sectors of the file), or
    // nullopt when the header puts them at the end (GD_AT_END) or outside the overhead.
    // Entries pointing into the overhead, or not rising with the LBA (a stream is written
    // in order), are a Protocol error.
    static Result<std::optional<VmdkGrainTable>> fromOverhead(const VmdkHeader &header, QByteArrayView overhead);

    // The file sector of grain index (lba / grain size); 0 when the grain is not stored.
    quint32 sectorOf(qint64 grainIndex) const;
    // Grains with data.
    qint64 storedGrains() const;

private:
    std::vector<quint32> m_sectors;
    qint64 m_stored = 0;
};

} // namespace Ferry
