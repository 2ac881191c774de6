#pragma once

#include "bytesource.h"
#include "diskstream.h"
#include "vmdkdescriptor.h"
#include "vmdkheader.h"

#include <memory>

namespace Ferry {

class GrainInflater;

// Decodes a streamOptimized VMDK (what OVAs carry) from a sequential ByteSource, e.g.
// the tar entry: header, embedded descriptor, then markers up to end-of-stream. No seek,
// no scratch file: the grain table, grain directory and footer are read past (the footer
// is checked to be a header), the grains are trusted by their markers' LBAs, which must
// rise strictly.
//
// Decompression (zlib deflate, one stream per grain) runs on worker threads: up to
// maxGrainsInFlight compressed grains are queued while the reader thread keeps parsing,
// and decoded grains come back in order, so memory stays at about
// maxGrainsInFlight * 2 * grain size (2 MiB for 64 KiB grains) plus one extent.
//
// Extents (DiskStream contract): runs of consecutive grains joined up to maxExtentBytes,
// zero runs for the gaps, up to the capacity. Refused with a one-line Integrity/Protocol
// error, before the bad extent is returned:
//  - a header that is not streamOptimized (no markers or not compressed), capacity over
//    DiskCapacity, a grain size that is not a power of two or over 1 MiB;
//  - a grain whose LBA is not grain-aligned, past the capacity, not after the previous one;
//  - a compressed size over the bound for a grain, data that does not inflate, inflates to
//    more than a grain or to nothing;
//  - an unknown marker type, a footer that is not a header, input that ends before the
//    end-of-stream marker.
// Bytes after the end-of-stream marker (tar padding) are not read.
class StreamOptimizedVmdkReader : public DiskStream
{
public:
    static constexpr int maxGrainsInFlight = 32;

    // Reads the header and the embedded descriptor from source (not owned; it must outlive
    // the reader). threads: inflate workers, 0 = QThread::idealThreadCount().
    static Result<std::unique_ptr<StreamOptimizedVmdkReader>> open(ByteSource &source, int threads = 0);
    ~StreamOptimizedVmdkReader() override;

    qint64 capacity() const override;
    Result<DiskExtent> next() override;

    const VmdkHeader &header() const;
    const VmdkDescriptor &descriptor() const;
    // Grains decoded so far and their compressed bytes, for logs and the benchmark.
    qint64 grainsDecoded() const;
    qint64 compressedBytes() const;

private:
    StreamOptimizedVmdkReader(ByteSource &source, VmdkHeader header, VmdkDescriptor descriptor, int threads);
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
