#pragma once

#include <QString>
#include <QStringList>

namespace Ferry {

// Cleans up after a Ferry that was killed (kill -9, a crash, power to the terminal cut)
// before it could unwind: its private directories (PrivateDirectory names them with the
// owner's pid) whose owner no longer runs, the mounts under them, the loop devices backed
// by files in them or by a kernel NBD device serving them, those NBD devices, and any
// process still serving one of them. A running Ferry's directories are never touched.
//
// Blocking (runs losetup and qemu-nbd); called once at start by ferry-cli and the GUI.
// Needs root for mounts and devices; without it, what cannot be undone is reported.
class StaleSweep
{
public:
    struct Outcome
    {
        QStringList done;     // "unmounted /tmp/ferry-inspect-123-abcdef/p1", ...
        QStringList failures; // one line each; the directory is then left in place
    };

    // roots: where private directories are looked for (default: the temp path and /tmp).
    static Outcome run(const QStringList &roots = {});
    static QStringList staleDirectories(const QStringList &roots = {});
};

} // namespace Ferry
