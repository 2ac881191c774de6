#pragma once

#include "base/error.h"

#include <QString>

#include <chrono>

namespace Ferry {

// How the transfer engine fetches: pool size, pipelining, chunking, memory. Plain data;
// validate() is the single place that decides what is acceptable (CLI, wizard and
// profiles all go through it).
struct TransferSettings
{
    // Buffered bytes one in-flight request is charged: the connection's read buffers (the
    // socket's plaintext buffer and a scratch buffer, together readBufferBytes) plus
    // processorBlockBytes for the chunk being processed, which covers the chunk
    // processor's 256 KiB block (ChunkProcessor::kBlockBufferSize) with room to spare.
    // The memory budget is divided by their sum. A sink's own buffers (NbdConnection's
    // requests in flight, per writer) are bounded by the sink, not charged here.
    static constexpr qint64 readBufferBytes = 1 << 20;
    static constexpr qint64 processorBlockBytes = 1 << 20;
    static constexpr qint64 bytesPerRequest = readBufferBytes + processorBlockBytes;
    static constexpr qint64 minimumMemoryBudget = 4 * bytesPerRequest;

    int connections = 8;
    // --connections auto: start with autoStartConnections and let ConnectionTuner find
    // the knee while the copy runs, up to autoMaxConnections (and what the memory budget
    // allows); `connections` is then not used.
    bool autoConnections = false;
    static constexpr int autoStartConnections = 2;
    static constexpr int autoMaxConnections = 16;
    // HTTP/1.1 pipelining depth. 2 hides the round trip between two ranges.
    int requestsPerConnection = 2;
    qint64 chunkSize = 32ll << 20;
    qint64 memoryBudget = 256ll << 20;
    // Failed attempts of one range before its disk fails. An attempt that delivered at
    // least 1 MiB before breaking does not count: a flaky link still makes progress.
    int maxAttempts = 5;
    std::chrono::milliseconds stallTimeout = std::chrono::seconds(30);
    std::chrono::milliseconds connectTimeout = std::chrono::seconds(20);
    // Data transfers use HTTP/1.1 with one TCP connection per slot, because ESXi
    // throttles per connection. HTTP/2 would multiplex every range onto one throttled
    // connection, so it is refused until a multi-connection HTTP/2 client exists.
    bool http2 = false;

    // A Usage error naming the first bad value and its allowed range.
    Result<void> validate() const;
    // Requests the memory budget allows in flight at once (budget / bytesPerRequest).
    int maxRequestsInFlight() const;
    // The connections the pool may hold: connections, or autoMaxConnections when auto.
    int poolConnections() const;
};

// connections x requestsPerConnection after clamping to the memory budget (for auto:
// the largest pool the tuner may use).
struct EffectiveConcurrency
{
    int connections = 1;
    int requestsPerConnection = 1;
    // Empty when nothing was clamped; otherwise one line for the log.
    QString clampNote;
};

// Lowers pipelining first, then connections, until connections x requests fits in
// maxRequestsInFlight(); for auto, lowers the maximum of connections instead (pipelining
// stays). Expects validated settings.
EffectiveConcurrency effectiveConcurrency(const TransferSettings &settings);

} // namespace Ferry
