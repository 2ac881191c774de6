#include "flatvmdk.h"

#include "filebytesource.h"
#include "rawdiskstream.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Ferry {

Result<std::unique_ptr<DiskStream>> FlatVmdk::open(const QString &descriptorPath)
{
    auto file = FileByteSource::open(descriptorPath);
    if (!file)
        return std::unexpected(file.error());
    if ((*file)->size() > 1 << 20)
        return fail(ErrorCode::Unsupported, u"'%1' is not a flat VMDK descriptor (larger than 1 MiB)"_s.arg(descriptorPath));
    auto text = (*file)->readAll(1 << 20, u"VMDK descriptor"_s);
    if (!text)
        return std::unexpected(text.error());
    auto descriptor = VmdkDescriptor::parse(*text);
    if (!descriptor)
        return std::unexpected(descriptor.error().prefixed(u"'%1'"_s.arg(descriptorPath)));
    if (descriptor->hasParent())
        return fail(ErrorCode::Unsupported,
                    u"'%1' is a snapshot delta (it has a parent disk); export the consolidated disk"_s.arg(descriptorPath));
    // "FLAT" (hosted, monolithicFlat) or "VMFS" (a descriptor copied off an ESXi datastore): both a plain extent file.
    const bool flat = descriptor->extents.size() == 1
        && (descriptor->extents[0].type == u"FLAT"_s || descriptor->extents[0].type == u"VMFS"_s);
    if (!flat || descriptor->extents[0].offset != 0)
        return fail(ErrorCode::Unsupported,
                    u"'%1' is not a flat VMDK with one extent (createType '%2')"_s.arg(descriptorPath, descriptor->createType.left(40)));
    const VmdkDescriptor::Extent &extent = descriptor->extents[0];
    if (extent.fileName.contains(u'/') || extent.fileName.contains(u'\\') || extent.fileName == u".."_s || extent.fileName.isEmpty())
        return fail(ErrorCode::Unsupported,
                    u"'%1' names the extent file '%2' outside its directory"_s.arg(descriptorPath, extent.fileName.left(80)));
    const QString extentPath = QFileInfo(descriptorPath).dir().filePath(extent.fileName);
    auto data = FileByteSource::open(extentPath);
    if (!data)
        return std::unexpected(data.error());
    const qint64 capacity = extent.sectors * 512;
    if ((*data)->size() != capacity)
        return fail(ErrorCode::Integrity,
                    u"'%1' holds %2 bytes, its descriptor says %3"_s.arg(extentPath).arg((*data)->size()).arg(capacity));
    return std::unique_ptr<DiskStream>(new RawDiskStream(std::move(*data), capacity));
}

} // namespace Ferry
