#pragma once

#include "data/chunkdigest.h"
#include "data/sink.h"

#include <QByteArray>
#include <QList>

#include <functional>

namespace Ferry::Test {

// Plays the engine's data side in tests: writes `source` into an open sink chunk by
// chunk, in a shuffled order, from `threads` threads that each own a writer, feeding
// every chunk in network-sized pieces through a ChunkProcessor. After each chunk the
// writer is flushed and onChunk runs (on the worker thread, with the processor's record,
// which has no chain). Returns the digests sorted by offset, each with its chain as
// SequentialDigest would record it.
class ChunkFeeder
{
public:
    using ChunkCallback = std::function<void(const ChunkDigest &)>;

    static Result<QList<ChunkDigest>> write(Sink &sink, const QByteArray &source, qint64 chunkSize, int threads, quint32 seed,
                                            const ChunkCallback &onChunk);
};

} // namespace Ferry::Test
