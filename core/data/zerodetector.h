#pragma once

#include <QByteArrayView>
#include <QList>

namespace Ferry {

// Granularity of zero detection: a 64 KiB block that is entirely zero becomes a hole
// (raw file) or an NBD write-zeroes request (qcow2) instead of a data write. 64 KiB is
// the default qcow2 cluster size, so a zero block maps onto whole clusters.
inline constexpr qsizetype kZeroBlock = 64 * 1024;

// One maximal run of blocks of the same kind inside a buffer. Offsets are relative to
// the start of the buffer handed to ZeroDetector.
struct ZeroRun
{
    qsizetype offset = 0;
    qsizetype length = 0;
    bool zero = false;

    bool operator==(const ZeroRun &) const = default;
};

// Pure functions, callable from any thread.
class ZeroDetector
{
public:
    // True when every byte of data is zero. An empty view counts as zero.
    static bool isZero(QByteArrayView data);

    // The maximal run that starts at `from` (a multiple of kZeroBlock): consecutive
    // kZeroBlock blocks, on a grid anchored at data[0], that are all zero or all
    // non-zero. The last block may be shorter than kZeroBlock. Allocates nothing, so
    // hot paths iterate with it: for (from = 0; from < size; from += run.length).
    static ZeroRun runAt(QByteArrayView data, qsizetype from);

    // Every run of data, in order, for callers that prefer a list.
    static QList<ZeroRun> splitRuns(QByteArrayView data);
};

} // namespace Ferry
