#pragma once

#include <QBitArray>
#include <QString>

namespace Ferry {

// What ChunkProcessor learned about one chunk (one Range GET) of a disk, completed by
// SequentialDigest with the chunk's chaining value. Recorded in the resume journal and
// checked again by Verifier.
struct ChunkDigest
{
    qint64 index = -1; // chunk number (offset / chunk size); -1 when not known
    qint64 offset = 0; // byte offset of the chunk in the virtual disk
    qint64 length = 0; // bytes in the chunk; the last chunk of a disk may be shorter
    // Lower-case hex SHA-256 chaining value of the whole disk's hash after this chunk
    // (Sha256::chainHex): the disk is hashed once, in order, and this value, together with
    // the previous chunk's (Sha256::initialChainHex() for the first), proves the chunk's
    // bytes as a SHA-256 of the chunk would. Empty until SequentialDigest reached the chunk.
    QString chain;
    qint64 zeroBytes = 0; // bytes written as zero requests (holes)
    qint64 dataBytes = 0; // bytes written as data; zeroBytes + dataBytes == length
    // Bit i is set when bytes [offset + i*kZeroBlock, +kZeroBlock) (clamped to the chunk)
    // are all zero. Empty when unknown (e.g. a chunk loaded from the resume journal).
    // 64 bytes for a 32 MiB chunk, so a digest of every chunk of a disk stays small.
    QBitArray zeroBlocks;

    bool allZero() const { return length > 0 && zeroBytes == length; }
};

} // namespace Ferry
