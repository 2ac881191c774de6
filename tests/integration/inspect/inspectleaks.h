#pragma once

#include <QString>
#include <QStringList>

namespace Ferry::Test {

// What inspection could leave behind on this host: mounts under its private directories,
// loop devices backed by its FUSE exports, device-mapper devices the host stacked on those, direct child processes, and the daemons that
// detach from us (ntfs-3g, fusefat, qemu-storage-daemon, nbdkit, qemu-nbd) still serving
// one of its directories. Snapshot before a case, compare after: other tests running at
// the same time keep their own resources out of the difference.
class InspectLeaks
{
public:
    static InspectLeaks snapshot();
    // Resources present now that were not in `before`, one line each; empty when clean.
    QStringList newSince(const InspectLeaks &before) const;

private:
    QStringList m_items;
};

} // namespace Ferry::Test
