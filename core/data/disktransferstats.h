#pragma once

#include <QMetaType>
#include <QString>

namespace Ferry {

// What copying one disk took, for report.json and the summary line.
struct DiskTransferStats
{
    qint64 bytesFetched = 0; // body bytes received in this run (resumed chunks excluded)
    qint64 bytesZero = 0;    // bytes of fetched chunks that were zero and became holes
    double seconds = 0;      // from the first request for the disk to its last chunk
    int retries = 0;         // range attempts that failed and were retried
    int responses503 = 0;    // "503 Service Unavailable" answers (server busy)
    QString bottleneck;      // what limited the copy most of the time (Bottleneck::idOf), or empty

    bool operator==(const DiskTransferStats &other) const = default;
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::DiskTransferStats)
