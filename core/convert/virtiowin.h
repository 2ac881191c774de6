#pragma once

#include "base/error.h"

#include <QString>

namespace Ferry::VirtioWin {

// Checks a virtio-win driver source for converting Windows guests (--virtio-win, the
// wizard's file picker): a readable ISO 9660 image (virtio-win.iso, "CD001" at sector 16)
// or a readable directory of drivers (an unpacked ISO: viostor/, NetKVM/, ...). Returns
// the absolute path virt-v2v gets in its VIRTIO_WIN environment variable, or a Usage error
// that says what is wrong with the path.
Result<QString> check(const QString &path);

// What to tell the admin about a Windows guest that was copied without virtio drivers: it
// keeps SATA and e1000e, and how to add the drivers later. reportDir is the directory that
// holds the VM's report.json (empty: "DIR").
QString missingAdvice(const QString &reportDir);

} // namespace Ferry::VirtioWin
