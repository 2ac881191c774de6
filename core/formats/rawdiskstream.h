#pragma once

#include "bytesource.h"
#include "diskstream.h"

#include <memory>

namespace Ferry {

// A raw disk image read sequentially (a raw file or the -flat.vmdk of a flat VMDK in an
// OVF directory, or such a file inside an OVA): data extents of up to 1 MiB. The source
// must hold exactly capacity bytes: fewer is an Integrity error (truncated), more too.
class RawDiskStream : public DiskStream
{
public:
    RawDiskStream(std::unique_ptr<ByteSource> source, qint64 capacity);
    RawDiskStream(ByteSource &source, qint64 capacity); // not owned, must outlive this

    qint64 capacity() const override;
    Result<DiskExtent> next() override;

private:
    std::unique_ptr<ByteSource> m_owned;
    ByteSource &m_source;
    qint64 m_capacity = 0;
    qint64 m_offset = 0;
    bool m_checkedEnd = false;
};

} // namespace Ferry
