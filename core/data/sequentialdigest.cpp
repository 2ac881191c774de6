#include "sequentialdigest.h"

#include "base/diskcapacity.h"
#include "sha256.h"
#include "zerodetector.h"

#include <QThread>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>

using namespace Qt::StringLiterals;

namespace Ferry {

class SequentialDigest::Private
{
public:
    void run();
    Result<void> digestChunk(const ChunkDigest &chunk);
    Result<void> digestData(qint64 offset, qint64 length);
    std::optional<Error> checkNewChunk(const ChunkDigest &chunk) const;
    void finishWith(Result<QString> result);

    qint64 capacity = 0;
    std::unique_ptr<SinkReader> reader;
    ChunkDigested digestedCallback;
    std::unique_ptr<char[]> buffer;
    Sha256 sha;
    std::unique_ptr<QThread> thread;
    std::atomic<qint64> digested = 0;
    std::atomic<bool> cancelled = false;

    mutable std::mutex mutex;
    std::condition_variable changed;
    std::map<qint64, ChunkDigest> pending; // completed, not yet digested; by offset
    qint64 position = 0;                   // end of the prefix taken for digesting
    std::optional<Error> failure;          // set by chunkCompleted on a contract breach
    bool allReported = false;              // no chunkCompleted() will follow
    std::optional<Result<QString>> result;
};

std::optional<Error> SequentialDigest::Private::checkNewChunk(const ChunkDigest &chunk) const
{
    const QString where = u"offset %1, length %2"_s.arg(chunk.offset).arg(chunk.length);
    if (chunk.length <= 0 || chunk.offset < position || chunk.length > capacity - chunk.offset)
        return Error(ErrorCode::Internal, u"A chunk was reported twice or lies outside the disk."_s, where);
    const auto next = pending.lower_bound(chunk.offset);
    if (next != pending.end() && next->first < chunk.offset + chunk.length)
        return Error(ErrorCode::Internal, u"Completed chunks overlap."_s, where);
    if (next != pending.begin() && std::prev(next)->first + std::prev(next)->second.length > chunk.offset)
        return Error(ErrorCode::Internal, u"Completed chunks overlap."_s, where);
    return std::nullopt;
}

Result<void> SequentialDigest::Private::digestData(qint64 offset, qint64 length)
{
    while (length > 0) {
        if (cancelled)
            return fail(ErrorCode::Cancelled, u"The disk digest was cancelled."_s);
        const qint64 piece = std::min(length, kReadBlock);
        if (auto read = reader->read(offset, std::span<char>(buffer.get(), size_t(piece))); !read)
            return std::unexpected(read.error().prefixed(u"Cannot read the written disk back for its digest"_s));
        sha.update(QByteArrayView(buffer.get(), piece));
        digested += piece;
        offset += piece;
        length -= piece;
    }
    return {};
}

Result<void> SequentialDigest::Private::digestChunk(const ChunkDigest &chunk)
{
    if (chunk.allZero() || chunk.zeroBlocks.isEmpty()) {
        if (!chunk.allZero())
            return digestData(chunk.offset, chunk.length);
        sha.updateZeros(chunk.length);
        digested += chunk.length;
        return {};
    }
    const qsizetype blocks = chunk.zeroBlocks.size();
    for (qsizetype first = 0; first < blocks;) {
        const bool zero = chunk.zeroBlocks.testBit(first);
        qsizetype end = first + 1;
        while (end < blocks && chunk.zeroBlocks.testBit(end) == zero)
            ++end;
        const qint64 from = first * kZeroBlock;
        const qint64 length = std::min<qint64>(end * kZeroBlock, chunk.length) - from;
        if (zero) {
            sha.updateZeros(length);
            digested += length;
        } else if (auto done = digestData(chunk.offset + from, length); !done) {
            return done;
        }
        first = end;
    }
    return {};
}

void SequentialDigest::Private::finishWith(Result<QString> outcome)
{
    std::lock_guard lock(mutex);
    result = std::move(outcome);
    reader.reset(); // the connection is no longer needed; commit() wants it closed
    buffer.reset();
    changed.notify_all();
}

void SequentialDigest::Private::run()
{
    for (;;) {
        std::map<qint64, ChunkDigest>::node_type node;
        std::optional<Error> stop;
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return cancelled || failure || position >= capacity || pending.contains(position) || allReported; });
            if (failure)
                stop = *failure;
            else if (!cancelled && position < capacity && !pending.contains(position))
                stop = Error(ErrorCode::Internal,
                             u"The transfer ended without the chunk at offset %1 of the disk's %2 bytes; the disk is incomplete."_s
                                 .arg(position)
                                 .arg(capacity));
            else if (cancelled)
                stop = Error(ErrorCode::Cancelled, u"The disk digest was cancelled."_s);
            else if (position >= capacity)
                break;
            else
                node = pending.extract(position);
            if (node)
                position += node.mapped().length;
        }
        // finishWith() takes the lock itself.
        if (stop)
            return finishWith(std::unexpected(*stop));
        if (auto done = digestChunk(node.mapped()); !done)
            return finishWith(std::unexpected(done.error()));
        if (digestedCallback) {
            node.mapped().chain = sha.chunkEndHex();
            digestedCallback(node.mapped());
        }
    }
    finishWith(sha.finalHex());
}

SequentialDigest::SequentialDigest(qint64 capacity, std::unique_ptr<SinkReader> reader, ChunkDigested digested)
    : d(std::make_unique<Private>())
{
    d->capacity = capacity;
    d->reader = std::move(reader);
    d->digestedCallback = std::move(digested);
    if (auto valid = DiskCapacity::check(capacity, ErrorCode::Internal); !valid)
        d->failure = valid.error();
}

SequentialDigest::~SequentialDigest()
{
    cancel();
    if (d->thread)
        d->thread->wait();
}

void SequentialDigest::start()
{
    if (d->thread)
        return;
    d->buffer = std::make_unique_for_overwrite<char[]>(size_t(kReadBlock));
    d->thread.reset(QThread::create([this] { d->run(); }));
    d->thread->setObjectName(u"ferry-digest"_s);
    d->thread->start();
}

void SequentialDigest::chunkCompleted(const ChunkDigest &chunk)
{
    std::lock_guard lock(d->mutex);
    if (d->failure || d->result)
        return;
    if (auto problem = d->checkNewChunk(chunk)) {
        d->failure = std::move(problem);
    } else {
        ChunkDigest kept = chunk;
        kept.chain.clear(); // computed here
        d->pending.emplace(chunk.offset, std::move(kept));
    }
    d->changed.notify_all();
}

void SequentialDigest::allChunksReported()
{
    std::lock_guard lock(d->mutex);
    d->allReported = true;
    d->changed.notify_all();
}

void SequentialDigest::cancel()
{
    std::lock_guard lock(d->mutex);
    d->cancelled = true;
    d->changed.notify_all();
}

qint64 SequentialDigest::capacity() const
{
    return d->capacity;
}

qint64 SequentialDigest::digestedBytes() const
{
    return d->digested;
}

bool SequentialDigest::isFinished() const
{
    std::lock_guard lock(d->mutex);
    return d->result.has_value();
}

Result<QString> SequentialDigest::finalHex(const std::atomic<bool> *cancelled)
{
    if (!d->thread)
        return fail(ErrorCode::Internal, u"finalHex() was called on a digest that was never started."_s);
    std::unique_lock lock(d->mutex);
    // The flag belongs to the caller and nobody notifies us when it changes: look at it
    // ten times a second.
    while (!d->changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return d->result.has_value(); })) {
        if (cancelled && *cancelled) {
            d->cancelled = true;
            d->changed.notify_all();
        }
    }
    return *d->result;
}

} // namespace Ferry
