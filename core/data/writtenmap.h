#pragma once

#include <QtGlobal>

#include <atomic>
#include <memory>

namespace Ferry {

// Which kZeroBlock blocks of a freshly created target have been written in this session.
// A new sparse file or qcow2 image reads as zeros, so a zero request over blocks nobody
// wrote can be skipped (what qemu-img convert does with has_zero_init): for qcow2 this
// avoids allocating L2 tables full of zero flags across a mostly empty disk. A block
// touched by any write still gets its zero request, so a chunk fetched again from scratch
// over earlier data is zeroed for real.
//
// Thread-safe and lock-free. Writers of different chunks never write the same bytes (the
// Sink contract); when two chunks share a block the map errs towards "written", which
// only costs a redundant zero request. Memory: one bit per 64 KiB, 2 MiB for 1 TiB.
class WrittenMap
{
public:
    // capacity must have passed DiskCapacity::check (62 TiB: a 124 MiB map).
    explicit WrittenMap(qint64 capacity);
    ~WrittenMap();

    void markWritten(qint64 offset, qint64 length);
    // True when no byte of [offset, offset + length) lies in a written block.
    bool isUntouched(qint64 offset, qint64 length) const;

private:
    qint64 m_capacity;
    qint64 m_words;
    std::unique_ptr<std::atomic<quint64>[]> m_bits;
};

} // namespace Ferry
