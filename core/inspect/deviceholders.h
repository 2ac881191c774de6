#pragma once

#include "base/error.h"

#include <QString>
#include <QStringList>

namespace Ferry {

// Device-mapper devices stacked on a block device, found through sysfs
// (/sys/block/<device>/holders/dm-N, and the holders of those).
//
// Ferry never activates a guest's LVM (LvmScanner runs with activation disabled), but the
// host may, behind its back: Debian's 69-lvm.rules runs `pvscan --autoactivation event`
// for every loop device that appears with a PV on it, so the guest's volume groups get
// activated on Ferry's read-only loop devices. Those dm devices keep the loop device busy
// (losetup -d fails) and take /dev/mapper names a host VG of the same name may want.
// LoopDevice::detach removes them first, and only them: a dm device is removed only when
// it is stacked on the loop device being detached, so the host's own VGs are never touched.
//
// Blocking (dmsetup); worker threads only.
class DeviceHolders
{
public:
    // The dm names ("rhel-root") of every device stacked on `device` ("/dev/loop5"), holders
    // of holders included, topmost first: the order they can be removed in. Empty when
    // nothing holds it. `sysfs` is the sysfs mount point (a directory tree in tests).
    static QStringList mapped(const QString &device, const QString &sysfs = QStringLiteral("/sys"));
    // dmsetup remove for each of mapped(device), topmost first. Fails (Io) naming the dm
    // device that could not be removed (still open: mounted by someone else).
    static Result<void> remove(const QString &device);
};

} // namespace Ferry
