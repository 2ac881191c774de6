#pragma once

#include "base/error.h"

#include <QString>
#include <QStringList>

#include <atomic>

namespace Ferry {

// Lists the files in an initramfs (early uncompressed cpio segments followed by a gzip,
// zstd, xz, lz4 or bzip2 compressed cpio, as initramfs-tools and dracut write them) with
// lsinitramfs from initramfs-tools-core. Blocking; output bounded to 64 MiB.
class InitramfsLister
{
public:
    static Result<QStringList> list(const QString &hostPath, const std::atomic<bool> *cancel);
    // Which of virtio_blk, virtio_scsi, virtio_net appear as kernel modules (.ko, .ko.xz,
    // .ko.zst, .ko.gz) in a list of paths.
    static QStringList virtioModules(const QStringList &paths);
};

} // namespace Ferry
