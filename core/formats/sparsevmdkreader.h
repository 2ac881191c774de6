#pragma once

#include "diskstream.h"
#include "vmdkheader.h"

#include <QFile>

#include <memory>
#include <vector>

namespace Ferry {

// A monolithicSparse (hosted sparse, uncompressed) VMDK file of an OVF directory, read
// through its grain directory and tables: a random-access file, not a stream, so it is
// opened by path. Extents: unallocated grains as zero runs, allocated ones read from the
// file (joined up to 1 MiB). Refused with one line: a compressed or marker-bearing file (that
// is streamOptimized: StreamOptimizedVmdkReader), a grain directory or table outside the
// file, a grain inside the header or past the end of the file (truncated).
class SparseVmdkReader : public DiskStream
{
public:
    static Result<std::unique_ptr<SparseVmdkReader>> open(const QString &path);

    qint64 capacity() const override;
    Result<DiskExtent> next() override;
    const VmdkHeader &header() const;

private:
    SparseVmdkReader(const QString &path, VmdkHeader header);
    Result<quint32> grainSector(qint64 grain);
    Result<void> loadTable(qint64 table);

    QFile m_file;
    VmdkHeader m_header;
    qint64 m_fileSize = 0;
    qint64 m_grains = 0;
    std::vector<quint32> m_directory;
    qint64 m_loadedTable = -1;
    std::vector<quint32> m_table;
    qint64 m_nextGrain = 0;
};

} // namespace Ferry
