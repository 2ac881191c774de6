#pragma once

#include "base/error.h"
#include "chunkdigest.h"
#include "chunkprogress.h"

#include <QList>
#include <QString>

#include <memory>

namespace Ferry {

// Durable record of the chunks already written to a target, kept next to it as
// "<target>.ferry-journal", so --resume fetches only what is missing.
//
// File format (text, one record a line, fields separated by single spaces):
//   ferry-journal 3
//   source <URL without user info>
//   capacity <bytes>
//   chunk-size <bytes>
//   fingerprint <free text, may be empty: ETag, mtime, ...>
//   chunk <index> <offset> <length> <chain hex> <zero bytes>     (a digested chunk)
//   part <index> <offset> <written>                              (a chunk's written prefix)
// where chain is ChunkDigest::chain (the disk hash's SHA-256 chaining value after the
// chunk; version 1 had a SHA-256 of the chunk's bytes there). A part record
// (ChunkProgress, new in version 3) says the chunk's first `written` bytes are on the
// target, without a chain: a chunk that finished ahead of the digest (chunks finish out
// of order) or one a pause, cancel or crash interrupted mid-way. A chunk may have several
// records; the chunk record wins, else the largest part. Version 2 journals (chunk
// records only) are read as well; resume() marks them version 3 before appending.
// Each append() is written with one write() and made durable with fdatasync before it
// returns. A crash can only leave the last line without its newline: that
// torn line is ignored (and cut off) when the journal is reopened.
//
// Contract: append a chunk only after its data is durable on the sink (drained by its
// writer, then Sink::sync() returned), or a crash could leave a journal that claims
// data the target never got. JournalCommitter keeps this order and batches the syncs.
//
// Chunk records are appended in disk order once SequentialDigest reached them (a
// contiguous prefix of the disk); part records for anything written beyond it.
//
// Lifetime: remove() it after the sink committed successfully. The per-chunk digests are
// not kept as a manifest: report.json carries the whole-disk SHA-256, which anyone can
// check with sha256sum on a raw output.
//
// Threads: append() is thread-safe (serialised by a mutex).
class ResumeJournal
{
public:
    struct Source
    {
        QString url; // credentials are stripped before it is written
        qint64 capacity = 0;
        qint64 chunkSize = 0;
        QString fingerprint; // compared verbatim; empty when the server gave none
    };

    static QString pathFor(const QString &target);
    // Starts a new journal; refuses to overwrite one left by an earlier run.
    static Result<std::unique_ptr<ResumeJournal>> create(const QString &target, const Source &source);
    // Reopens a journal for --resume. Fails when it belongs to a different source, size
    // or chunk size, or when a complete line is malformed.
    static Result<std::unique_ptr<ResumeJournal>> resume(const QString &target, const Source &source);
    ~ResumeJournal();
    ResumeJournal(const ResumeJournal &) = delete;
    ResumeJournal &operator=(const ResumeJournal &) = delete;

    QString path() const;
    // Whole chunks recorded before this session, by offset (no zeroBlocks map: it is not
    // stored). A chunk known only from a part record has an empty chain and zeroBytes 0.
    QList<ChunkDigest> completedChunks() const;
    // Chunks recorded before this session with only a prefix written, by offset.
    QList<ChunkProgress> partialChunks() const;
    // Bytes of the disk the journal holds (before this session and appended since): what
    // --resume does not fetch again.
    qint64 bytesKept() const;
    // True when resume() found and dropped a torn last line.
    bool droppedTornLine() const;

    Result<void> append(const ChunkDigest &chunk);
    // Appends several records with one write() and one fdatasync (group commit). On error
    // none of them may be relied on: a crash could keep a prefix, which is still true.
    Result<void> append(const QList<ChunkDigest> &chunks, const QList<ChunkProgress> &progress = {});
    // Closes and deletes the journal file.
    Result<void> remove();

private:
    ResumeJournal();
    // A journal for target's path and source, before its file is opened (create and resume).
    static Result<std::unique_ptr<ResumeJournal>> prepare(const QString &target, const Source &source);

    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
