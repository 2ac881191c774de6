#pragma once

#include "inspect/blkidprobe.h"
#include "inspectsource.h"

#include <QHash>
#include <QString>

#include <mutex>
#include <optional>

namespace Ferry {

// Remembers the partition layout and the libblkid results of image files, keyed by
// (path, size, mtime): inspecting an unchanged image again skips probing, and any write
// to it (new size or mtime) invalidates the entry. NBD and source targets are never cached
// (nothing tells whether they changed). Bounded to kMaxEntries images; thread-safe.
class InspectCache
{
public:
    struct Key
    {
        QString path;
        qint64 size = 0;
        qint64 mtimeNs = 0;
        bool operator==(const Key &other) const = default;
    };

    struct Entry
    {
        BlkidProbe::Layout layout;
        QHash<qint64, FilesystemInfo> filesystems; // by absolute byte offset
    };

    static constexpr int kMaxEntries = 64;

    // The key of an image target as it is now; nothing for other targets or a missing file.
    static std::optional<Key> keyFor(const InspectSource &target);
    // The entry stored for this exact key. An entry for the same path with another size
    // or mtime is dropped (the disk changed) and counted as a miss.
    std::optional<Entry> lookup(const Key &key);
    void store(const Key &key, const Entry &entry);
    int hits() const;
    int misses() const;
    int invalidations() const;

private:
    mutable std::mutex m_mutex;
    QHash<QString, std::pair<Key, Entry>> m_entries;
    int m_hits = 0;
    int m_misses = 0;
    int m_invalidations = 0;
};

} // namespace Ferry
