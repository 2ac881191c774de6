#pragma once

#include "bottleneck.h"

#include <QList>
#include <QMetaType>

namespace Ferry {

// One reading of the transfer's progress, ~10 per second, for charts and progress bars.
struct ThroughputSample
{
    qint64 elapsedMs = 0;                   // since the meter started
    double bytesPerSecond = 0;              // all connections, over the last interval
    QList<double> connectionBytesPerSecond; // one entry per connection, same interval
    int connections = 0;                    // connections in use (--connections auto changes it)
    double smoothedBytesPerSecond = 0;      // exponentially weighted, ~3 s time constant
    qint64 bytesDone = 0;                   // fetched plus skipped (resumed) bytes
    qint64 bytesTotal = 0;
    double etaSeconds = -1; // -1 while unknown
    Bottleneck bottleneck;  // the last verdict (once a second), Kind::Unknown before the first
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::ThroughputSample)
