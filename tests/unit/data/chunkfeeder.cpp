#include "chunkfeeder.h"

#include "data/chunkprocessor.h"
#include "data/sha256.h"

#include <QRandomGenerator>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

namespace {
constexpr qint64 kPiece = 16 * 1024 + 123; // like QNetworkReply's readyRead portions

Result<ChunkDigest> writeChunk(SinkWriter &writer, const QByteArray &source, qint64 offset, qint64 length, qint64 index)
{
    ChunkProcessor processor(offset, length, index);
    for (qint64 at = 0; at < length; at += kPiece) {
        const auto done = processor.append(QByteArrayView(source).sliced(offset + at, std::min(kPiece, length - at)), writer);
        if (!done)
            return std::unexpected(done.error());
    }
    auto digest = processor.finish(writer);
    if (!digest)
        return digest;
    if (auto flushed = writer.flush(); !flushed)
        return std::unexpected(flushed.error());
    return digest;
}
}

Result<QList<ChunkDigest>> ChunkFeeder::write(Sink &sink, const QByteArray &source, qint64 chunkSize, int threads, quint32 seed,
                                              const ChunkCallback &onChunk)
{
    QList<qint64> order;
    for (qint64 offset = 0; offset < source.size(); offset += chunkSize)
        order.append(offset);
    std::shuffle(order.begin(), order.end(), QRandomGenerator(seed));

    std::mutex mutex;
    QList<ChunkDigest> digests;
    std::optional<Error> failure;
    std::atomic<qsizetype> next = 0;
    auto work = [&] {
        auto writer = sink.createWriter(); // created on the thread that uses it
        if (!writer) {
            std::lock_guard lock(mutex);
            failure = writer.error();
            return;
        }
        for (qsizetype i = next++; i < order.size(); i = next++) {
            const qint64 offset = order[i];
            const auto digest = writeChunk(**writer, source, offset, std::min(chunkSize, source.size() - offset), offset / chunkSize);
            std::lock_guard lock(mutex);
            if (!digest) {
                failure = digest.error();
                return;
            }
            digests.append(*digest);
            if (onChunk)
                onChunk(*digest);
        }
    };
    std::vector<std::unique_ptr<QThread>> workers;
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back(QThread::create(work));
        workers.back()->start();
    }
    for (auto &worker : workers)
        worker->wait();
    if (failure)
        return std::unexpected(*failure);
    std::sort(digests.begin(), digests.end(), [](const ChunkDigest &a, const ChunkDigest &b) { return a.offset < b.offset; });
    // What SequentialDigest adds to each record: the disk hash's chain after the chunk.
    Sha256 disk;
    for (ChunkDigest &digest : digests) {
        disk.update(QByteArrayView(source).sliced(digest.offset, digest.length));
        digest.chain = disk.chunkEndHex();
    }
    return digests;
}

} // namespace Ferry::Test
