#include "zerodetector.h"

#include <algorithm>
#include <cstring>

namespace Ferry {

namespace {
constexpr qsizetype kPrefix = 16;
}

bool ZeroDetector::isZero(QByteArrayView data)
{
    // nbdkit's is_zero trick: check a short prefix by hand, then compare the buffer with
    // itself shifted by that prefix. If the prefix is zero and buffer[i] == buffer[i+16]
    // for all i, everything is zero. glibc's vectorised memcmp does the work, it stops at
    // the first difference (data blocks fail within a few bytes), and no zero page has
    // to be kept hot in the cache.
    const char *p = data.data();
    const qsizetype n = data.size();
    const qsizetype head = std::min(n, kPrefix);
    for (qsizetype i = 0; i < head; ++i) {
        if (p[i] != 0)
            return false;
    }
    if (n <= kPrefix)
        return true;
    return std::memcmp(p, p + kPrefix, size_t(n - kPrefix)) == 0;
}

ZeroRun ZeroDetector::runAt(QByteArrayView data, qsizetype from)
{
    const qsizetype size = data.size();
    if (from >= size)
        return ZeroRun{from, 0, false};
    auto blockIsZero = [&](qsizetype at) { return isZero(data.sliced(at, std::min(kZeroBlock, size - at))); };
    const bool zero = blockIsZero(from);
    qsizetype end = std::min(from + kZeroBlock, size);
    while (end < size && blockIsZero(end) == zero)
        end = std::min(end + kZeroBlock, size);
    return ZeroRun{from, end - from, zero};
}

QList<ZeroRun> ZeroDetector::splitRuns(QByteArrayView data)
{
    QList<ZeroRun> runs;
    for (qsizetype from = 0; from < data.size();) {
        const ZeroRun run = runAt(data, from);
        runs.append(run);
        from += run.length;
    }
    return runs;
}

} // namespace Ferry
