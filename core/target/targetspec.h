#pragma once

#include "base/error.h"

#include <QString>

namespace Ferry {

// Where migrated VMs go, as written on the command line or in a profile:
//   dir:PATH                       disks + <vm>.xml + report.json under PATH/<vm>/
//   qemu:///system, qemu+ssh://h/system, test:///default, ...   a libvirt connection URI
struct TargetSpec
{
    enum class Kind { Directory, Libvirt };

    Kind kind = Kind::Directory;
    QString path; // absolute, for Directory
    QString uri;  // for Libvirt

    static Result<TargetSpec> parse(const QString &text);
    QString toString() const;
};

} // namespace Ferry
