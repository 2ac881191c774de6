#pragma once

#include "base/error.h"

#include <QByteArray>

namespace Ferry {

// One piece of a virtual disk as a DiskStream produces it: data bytes, or a run of zeros
// (data empty, length > 0) that the sink turns into a hole / NBD zero request.
struct DiskExtent
{
    qint64 offset = 0;
    qint64 length = 0; // 0 only for the end marker
    QByteArray data;   // length bytes, or empty for a zero run

    bool isZero() const { return data.isEmpty() && length > 0; }
    bool isEnd() const { return length == 0; }
};

// A virtual disk read front to back, for sources that are not random access (a VMDK inside
// an OVA streams out of the archive). The contract every implementation keeps, so the
// consumer needs no checks of its own:
//  - extents come in order and are contiguous: the first starts at 0, each next one
//    starts where the previous ended, the last ends exactly at capacity();
//  - a data extent holds at most maxExtentBytes bytes (memory stays bounded);
//  - after the last extent next() returns an end marker (isEnd()), again on every call;
//  - any error (corrupt input, truncated input, I/O) is one line and final.
// A data extent may still contain zero blocks; the sink pipeline's zero detection finds
// them. Used from one thread; an implementation may use worker threads internally.
class DiskStream
{
public:
    static constexpr qint64 maxExtentBytes = 4ll << 20;

    virtual ~DiskStream() = default;
    // Bytes of the virtual disk, checked against DiskCapacity before the first extent.
    virtual qint64 capacity() const = 0;
    virtual Result<DiskExtent> next() = 0;
};

} // namespace Ferry
