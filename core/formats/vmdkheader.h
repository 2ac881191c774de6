#pragma once

#include "base/error.h"

#include <QByteArrayView>

namespace Ferry {

// The 512-byte SparseExtentHeader that starts a hosted sparse VMDK extent (VMware
// "Virtual Disk Format 5.0", section "Hosted Sparse Extent Header"): monolithicSparse
// and streamOptimized files, and the footer copy of a streamOptimized file. All fields
// little-endian; sizes and offsets in 512-byte sectors.
struct VmdkHeader
{
    static constexpr quint32 magic = 0x564d444b; // "KDMV"
    static constexpr qint64 size = 512;
    static constexpr quint64 gdAtEnd = ~quint64(0);
    static constexpr quint32 flagNewlineTest = 1u << 0;
    static constexpr quint32 flagRedundantGrainTable = 1u << 1;
    static constexpr quint32 flagZeroedGrainTableEntry = 1u << 2;
    static constexpr quint32 flagCompressed = 1u << 16;
    static constexpr quint32 flagMarkers = 1u << 17;
    // Ferry's bound on the grain: VMware writes 128 sectors (64 KiB); qemu accepts up to
    // 2^21 sectors, which would let a 12-byte marker demand a 1 GiB buffer.
    static constexpr quint64 maxGrainSectors = 2048; // 1 MiB

    quint32 version = 0;
    quint32 flags = 0;
    quint64 capacitySectors = 0;
    quint64 grainSectors = 0;
    quint64 descriptorOffset = 0; // sectors
    quint64 descriptorSize = 0;   // sectors
    quint32 numGTEsPerGT = 0;
    quint64 rgdOffset = 0;
    quint64 gdOffset = 0;
    quint64 overhead = 0;          // sectors before the first grain
    quint16 compressAlgorithm = 0; // 1 = deflate

    // Parses and checks 512 bytes: magic, version 1..3, newline-test characters when the
    // flag says so, a power-of-two grain of 1..maxGrainSectors sectors, a capacity that is
    // a whole number of sectors within DiskCapacity, the descriptor inside the overhead.
    // One-line Protocol/Unsupported errors.
    static Result<VmdkHeader> parse(QByteArrayView sector);

    qint64 capacityBytes() const { return qint64(capacitySectors) * 512; }
    qint64 grainBytes() const { return qint64(grainSectors) * 512; }
    bool compressed() const { return flags & flagCompressed; }
    bool hasMarkers() const { return flags & flagMarkers; }
};

} // namespace Ferry
