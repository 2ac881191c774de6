#pragma once

#include "data/chunkprocessor.h"
#include "transferdisk.h"

#include <chrono>
#include <memory>

namespace Ferry {

// One chunk of one disk while the scheduler hands it between connections. The
// processor keeps what already arrived, so a retry asks only for the remainder
// (offset + received() .. end), on whichever connection takes the task next.
// Owned by exactly one party at a time: the scheduler's queue or one connection.
struct ChunkTask
{
    std::shared_ptr<TransferDisk> disk;
    qint64 index = 0;
    std::unique_ptr<ChunkProcessor> processor;
    int failures = 0;              // consecutive attempts that failed without real progress
    int lastConnection = -1;       // who tried last, so a retry prefers someone else
    quint64 backoffGeneration = 0; // the scheduler's backoff generation when handed out
    qint64 receivedAtLease = 0;    // processor->received() when handed out
    // The written prefix last reported to the disk's ChunkRecorder (chunkProgress), and when.
    qint64 progressReported = 0;
    std::chrono::steady_clock::time_point progressReportedAt{};

    qint64 offset() const { return processor->offset(); }
    qint64 length() const { return processor->length(); }
    // First byte the next request asks for.
    qint64 nextOffset() const { return processor->offset() + processor->received(); }
    qint64 lastOffset() const { return processor->offset() + processor->length() - 1; }
};

} // namespace Ferry
