#pragma once

#include "data/disktransferspec.h"

#include <QByteArray>
#include <QString>

#include <atomic>

namespace Ferry {

// The engine's runtime view of one disk: the caller's spec as given to addDisk, plus
// what the engine derives from it once. Shared (read-only but for the flag) by the
// scheduler and the tasks in flight on worker threads.
struct TransferDisk
{
    TransferDisk() = default;
    TransferDisk(int index, DiskTransferSpec spec);
    Q_DISABLE_COPY_MOVE(TransferDisk)

    int index = -1;
    DiskTransferSpec spec;
    QByteArray requestTarget; // spec.url as "/folder/...?dcPath=...&dsName=...", already encoded
    // Set once the disk failed or the transfer was cancelled: connections working on it
    // stop at the next body slice instead of finishing a chunk nobody wants.
    std::atomic<bool> abandoned{false};
    // Body bytes of this disk received so far (written by the fetch threads as they
    // arrive, read for progress). A retry asks only for the rest, so none count twice.
    std::atomic<qint64> bytesArrived{0};

    // "disk 'Hard disk 1' ([ds] vm/vm.vmdk)"
    QString displayName() const;
};

} // namespace Ferry
