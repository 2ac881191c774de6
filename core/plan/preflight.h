#pragma once

#include "base/finding.h"
#include "vsphere/inventory.h"

#include <QList>

namespace Ferry {

struct PreflightOptions
{
    // A running VM's flat file changes under the copy; the result is only
    // crash-consistent. Allowed only when the admin says so.
    bool allowCrashConsistent = false;
    // A powered-on VM is shut down before its copy (MigrationPlan::shutdownSource): not a
    // blocker then, only a note. A suspended VM is never shut down.
    bool shutdownSource = false;
};

// Decides, from the inventory alone, whether a VM's disks can be copied correctly
// through their -flat.vmdk files. Pure: no I/O, so the CLI, the wizard and tests
// share it.
QList<Finding> preflight(const VmInfo &vm, const PreflightOptions &options = {});

// True when any finding is a blocker.
bool hasBlocker(const QList<Finding> &findings);

} // namespace Ferry
