#pragma once

#include "chunkdigest.h"
#include "chunkprogress.h"

namespace Ferry {

// Where a disk's chunk records go the moment a chunk is drained: the per-disk pipeline
// (digest, resume journal, verify list). The scheduler calls it straight from the fetch
// thread that completed the chunk, before that disk's diskDrained, so records never wait
// on the thread that relays progress (which may be busy or blocked).
//
// Order: every record of a disk precedes the engine's diskFinished for it; none follows.
// Threads: chunkCompleted() is called from any fetch thread, concurrently for different
// chunks; implementations must be thread-safe and cheap (queue, don't sync).
class ChunkRecorder
{
public:
    virtual ~ChunkRecorder() = default;
    virtual void chunkCompleted(const ChunkDigest &chunk) = 0;
    // An unfinished chunk's first progress.written bytes are drained (now and then while
    // it arrives, and when its request stops: a pause, a cancel, a broken connection),
    // so a pause or a crash keeps them. Same threads and order as chunkCompleted; a
    // chunk's progress always precedes its chunkCompleted.
    virtual void chunkProgress(const ChunkProgress &progress) { Q_UNUSED(progress); }
};

} // namespace Ferry
