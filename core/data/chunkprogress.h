#pragma once

#include <QtGlobal>

namespace Ferry {

// How far an unfinished chunk got: its first `written` bytes are on the target (drained
// by the writers that wrote them), the rest is still to fetch. What a pause, a cancel
// that keeps the data, or a crash keeps of a chunk in flight (ResumeJournal's "part"
// record); --resume asks only for [offset + written, offset + length).
struct ChunkProgress
{
    qint64 index = -1; // chunk number (offset / chunk size)
    qint64 offset = 0; // byte offset of the chunk in the virtual disk
    qint64 length = 0; // bytes in the chunk
    // Bytes from the chunk's start that are written: a multiple of kZeroBlock (the grid
    // of the chunk's zero map) or the whole chunk.
    qint64 written = 0;
};

} // namespace Ferry
