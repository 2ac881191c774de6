#pragma once

#include "base/error.h"
#include "vim25/labvmspec.h"

#include <QString>

namespace Ferry::Lab {

// Lays out the lab's data directory:
//   DATA/guests/       guest images from tests/fixtures/guests/make-lab-guests.sh,
//                      rebuilt when the script changes (a stamp file holds its hash)
//   DATA/bench/        the bench disk, when asked for
//   DATA/datastore1/   one directory per VM: .vmx, descriptors, -flat.vmdk hard links
// Idempotent and safe against a second ferry-lab on the same directory (a lock file
// serialises preparation; files are only added or atomically replaced).
class LabDatastore
{
public:
    explicit LabDatastore(QString dataDir);

    Result<void> prepare(const QList<LabVmSpec> &vms, qint64 benchDiskSize);
    QString datastoreRoot() const;

    // Where make-lab-guests.sh is: $FERRY_LAB_GUEST_SCRIPT, next to an installed
    // executable (../share/ferry/), or in the source tree.
    static QString findGuestScript();

private:
    Result<void> ensureGuestImages();
    Result<void> layoutVm(const LabVmSpec &vm);
    Result<void> layoutDisk(const QString &dir, const LabVmSpec &vm, const LabDiskSpec &disk);
    QString imagePath(const QString &image) const;

    QString m_dataDir;
};

} // namespace Ferry::Lab
