#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QUrl>

namespace Ferry {

class ChunkRecorder;
class Sink;

// One disk for TransferEngine::addDisk. The sink is opened by the caller before
// addDisk and committed or discarded by the caller after diskFinished; the engine only
// creates writers on its worker threads, writes, flushes and destroys them.
struct DiskTransferSpec
{
    QString label;                // "Hard disk 1", for messages
    QString source;               // "[datastore1] vm/vm.vmdk", for messages; may be empty
    QUrl url;                     // SourceEndpoint::folderUrl() of the -flat.vmdk
    qint64 capacity = 0;          // bytes; the server's Content-Range total must equal it
    Sink *sink = nullptr;         // not owned; must outlive the engine's diskFinished for this disk
    QSet<qint64> completedChunks; // chunk indices (offset / chunk size) already done (resume)
    // Resume: chunk index -> bytes from the chunk's start already on the target (a
    // ChunkProgress::written below the chunk's length); only the rest is fetched.
    QMap<qint64, qint64> partialChunks;
    // Not owned; receives every fetched chunk's record on the fetch thread (see
    // ChunkRecorder). May be null (benchmarks, tests that only count bytes).
    ChunkRecorder *recorder = nullptr;
};

} // namespace Ferry
