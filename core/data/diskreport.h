#pragma once

#include "data/verifier.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Ferry {

// One disk's line in report.json (see the README's report.json contract).
struct DiskReport
{
    QString label;  // "Hard disk 1"
    QString source; // "[datastore1] vm/vm.vmdk"
    qint64 capacity = 0;
    QString target;          // path or volume
    QString format;          // raw | qcow2
    qint64 bytesFetched = 0; // in this run
    qint64 bytesZero = 0;    // fetched bytes that were zero and became holes
    qint64 bytesResumed = 0; // skipped because an earlier run had them (--resume)
    // Interrupted and kept (--keep-partial, --resume, a pause): bytes on the target that
    // its resume journal holds, which a later --resume does not fetch again. 0 otherwise.
    qint64 bytesKept = 0;
    QString sha256; // of the whole virtual disk as written
    double seconds = 0;
    bool verified = false; // --verify read it back and every chunk matched
    int retries = 0;
    int responses503 = 0;
    QString bottleneck; // what limited the copy most of the time: source-per-connection, source, target, cpu, unknown
    QList<VerifyMismatch> mismatches;
    QString error; // empty when the disk was copied

    QJsonObject toJson() const;
};

} // namespace Ferry
