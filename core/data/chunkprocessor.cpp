#include "chunkprocessor.h"

#include "zerodetector.h"

#include <cstring>
#include <optional>

using namespace Qt::StringLiterals;

namespace Ferry {

class ChunkProcessor::Private
{
public:
    Result<void> processBlock(QByteArrayView block, SinkWriter &writer);
    Result<void> flushPendingZero(SinkWriter &writer);
    Result<void> failed(Error error);
    void markZeroBlocks(qint64 chunkRelative, qint64 length);

    qint64 offset = 0;
    qint64 length = 0;
    qint64 index = -1;
    qint64 received = 0;
    // Chunk-relative offset of the first byte not yet split into runs. Always a multiple
    // of kBlockBufferSize (after startAfter(), that offset plus one) until finish(), so
    // the 64 KiB grid stays anchored at the chunk start whether a block went through the
    // buffer or straight from the caller's view.
    qint64 processed = 0;
    std::unique_ptr<char[]> buffer;
    qsizetype buffered = 0;
    // A zero run not yet sent: merged with following zero runs so an all-zero chunk
    // becomes one zero request instead of one per block.
    qint64 pendingZeroOffset = 0;
    qint64 pendingZeroLength = 0;
    qint64 zeroBytes = 0;
    qint64 dataBytes = 0;
    QBitArray zeroBlocks;
    std::optional<Error> failure;
    bool finished = false;
};

Result<void> ChunkProcessor::Private::failed(Error error)
{
    failure = error;
    buffer.reset();
    return std::unexpected(std::move(error));
}

void ChunkProcessor::Private::markZeroBlocks(qint64 chunkRelative, qint64 runLength)
{
    const qint64 first = chunkRelative / kZeroBlock;
    const qint64 last = (chunkRelative + runLength - 1) / kZeroBlock;
    zeroBlocks.fill(true, first, last + 1);
}

Result<void> ChunkProcessor::Private::flushPendingZero(SinkWriter &writer)
{
    if (pendingZeroLength == 0)
        return {};
    const auto done = writer.zero(pendingZeroOffset, pendingZeroLength);
    if (!done)
        return failed(done.error());
    pendingZeroLength = 0;
    return {};
}

Result<void> ChunkProcessor::Private::processBlock(QByteArrayView block, SinkWriter &writer)
{
    for (qsizetype from = 0; from < block.size();) {
        const ZeroRun run = ZeroDetector::runAt(block, from);
        const qint64 chunkRelative = processed + run.offset;
        if (run.zero) {
            if (pendingZeroLength == 0)
                pendingZeroOffset = offset + chunkRelative;
            pendingZeroLength += run.length;
            zeroBytes += run.length;
            markZeroBlocks(chunkRelative, run.length);
        } else {
            if (auto done = flushPendingZero(writer); !done)
                return done;
            const auto written = writer.write(offset + chunkRelative, block.sliced(run.offset, run.length));
            if (!written)
                return failed(written.error());
            dataBytes += run.length;
        }
        from += run.length;
    }
    processed += block.size();
    return {};
}

ChunkProcessor::ChunkProcessor(qint64 chunkOffset, qint64 chunkLength, qint64 index)
    : d(std::make_unique<Private>())
{
    d->offset = chunkOffset;
    d->length = chunkLength;
    d->index = index;
    d->zeroBlocks.resize((chunkLength + kZeroBlock - 1) / kZeroBlock);
}

ChunkProcessor::~ChunkProcessor() = default;
ChunkProcessor::ChunkProcessor(ChunkProcessor &&other) noexcept = default;
ChunkProcessor &ChunkProcessor::operator=(ChunkProcessor &&other) noexcept = default;

qint64 ChunkProcessor::offset() const
{
    return d->offset;
}

qint64 ChunkProcessor::length() const
{
    return d->length;
}

qint64 ChunkProcessor::index() const
{
    return d->index;
}

qint64 ChunkProcessor::received() const
{
    return d->received;
}

qint64 ChunkProcessor::writtenPrefix() const
{
    // A pending zero run always ends at `processed`: a data run sends it first.
    return d->finished ? d->length : d->processed - d->pendingZeroLength;
}

Result<void> ChunkProcessor::sendPendingZeros(SinkWriter &writer)
{
    if (d->failure)
        return std::unexpected(*d->failure);
    return d->flushPendingZero(writer);
}

void ChunkProcessor::startAfter(qint64 written)
{
    Q_ASSERT(d->received == 0 && written >= 0 && written < d->length && written % kZeroBlock == 0);
    if (d->received != 0 || written <= 0 || written >= d->length || written % kZeroBlock != 0)
        return;
    d->received = written;
    d->processed = written;
    d->dataBytes = written;
}

Result<void> ChunkProcessor::append(QByteArrayView bytes, SinkWriter &writer)
{
    if (d->failure)
        return std::unexpected(*d->failure);
    if (d->finished)
        return fail(ErrorCode::Internal, u"bytes arrived for a chunk that is already finished"_s, u"chunk at offset %1"_s.arg(d->offset));
    if (bytes.size() > d->length - d->received)
        return d->failed(Error(ErrorCode::Integrity,
                               u"the server sent more bytes than requested for the chunk at offset %1"_s.arg(d->offset),
                               u"%1 bytes expected, %2 received"_s.arg(d->length).arg(d->received + bytes.size())));
    d->received += bytes.size();
    while (!bytes.isEmpty()) {
        if (d->buffered == 0 && bytes.size() >= kBlockBufferSize) {
            // A whole block is already contiguous in the caller's memory: skip the copy.
            if (auto done = d->processBlock(bytes.first(kBlockBufferSize), writer); !done)
                return done;
            bytes = bytes.sliced(kBlockBufferSize);
            continue;
        }
        if (!d->buffer)
            d->buffer = std::make_unique_for_overwrite<char[]>(kBlockBufferSize);
        const qsizetype take = std::min(kBlockBufferSize - d->buffered, bytes.size());
        char *to = d->buffer.get() + d->buffered;
        if (bytes.data() != to) // read into appendWindow(): already in place
            std::memcpy(to, bytes.data(), size_t(take));
        d->buffered += take;
        bytes = bytes.sliced(take);
        if (d->buffered == kBlockBufferSize) {
            d->buffered = 0;
            if (auto done = d->processBlock(QByteArrayView(d->buffer.get(), kBlockBufferSize), writer); !done)
                return done;
        }
    }
    return {};
}

std::span<char> ChunkProcessor::appendWindow()
{
    if (d->failure || d->finished || d->received >= d->length)
        return {};
    if (!d->buffer)
        d->buffer = std::make_unique_for_overwrite<char[]>(kBlockBufferSize);
    const qint64 room = std::min<qint64>(kBlockBufferSize - d->buffered, d->length - d->received);
    return {d->buffer.get() + d->buffered, size_t(room)};
}

Result<ChunkDigest> ChunkProcessor::finish(SinkWriter &writer)
{
    if (d->failure)
        return std::unexpected(*d->failure);
    if (d->finished)
        return fail(ErrorCode::Internal, u"a chunk was finished twice"_s, u"chunk at offset %1"_s.arg(d->offset));
    if (d->received != d->length)
        return fail(ErrorCode::Integrity,
                    u"the chunk at offset %1 is incomplete: %2 of %3 bytes arrived"_s.arg(d->offset).arg(d->received).arg(d->length));
    if (d->buffered > 0) {
        const qsizetype tail = std::exchange(d->buffered, 0);
        if (auto done = d->processBlock(QByteArrayView(d->buffer.get(), tail), writer); !done)
            return std::unexpected(done.error());
    }
    if (auto done = d->flushPendingZero(writer); !done)
        return std::unexpected(done.error());
    d->buffer.reset();
    d->finished = true;
    ChunkDigest digest;
    digest.index = d->index;
    digest.offset = d->offset;
    digest.length = d->length;
    digest.zeroBytes = d->zeroBytes;
    digest.dataBytes = d->dataBytes;
    digest.zeroBlocks = d->zeroBlocks;
    return digest;
}

} // namespace Ferry
