#pragma once

#include "chunkdigest.h"

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
};

} // namespace Ferry
