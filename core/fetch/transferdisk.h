#pragma once

#include <QByteArray>
#include <QString>

#include <atomic>

namespace Ferry {

class ChunkRecorder;
class Sink;

// The engine's runtime view of one disk, shared (read-only but for the flag) by the
// scheduler and the tasks in flight on worker threads.
struct TransferDisk
{
    int index = -1;
    QString label;
    QString source;
    QString url;              // for error messages
    QByteArray requestTarget; // "/folder/...?dcPath=...&dsName=...", already encoded
    qint64 capacity = 0;
    Sink *sink = nullptr;
    ChunkRecorder *recorder = nullptr; // may be null
    // Set once the disk failed or the transfer was cancelled: connections working on it
    // stop at the next body slice instead of finishing a chunk nobody wants.
    std::atomic<bool> abandoned{false};

    // "disk 'Hard disk 1' ([ds] vm/vm.vmdk)"
    QString displayName() const;
};

} // namespace Ferry
