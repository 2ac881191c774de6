#pragma once

#include "vsphere/inventory.h"

#include <QList>
#include <QMap>

namespace Ferry {

// What a plan will move, and how long that takes at a measured rate.
struct PlanEstimate
{
    int vms = 0;
    int disks = 0;
    qint64 capacityBytes = 0;  // provisioned size of every disk: the bytes read from the source
    double bytesPerSecond = 0; // the rate the estimate assumes; 0 when nothing was measured
    double seconds = -1;       // -1 when nothing was measured
};

// rates: total bytes/s measured with a connection count (the network check's read
// test). The estimate uses the rate of the largest measured count not above
// connections (more connections than measured are not assumed to be faster), or of
// the smallest measured count when all are above.
PlanEstimate estimatePlan(const QList<VmInfo> &vms, int connections, const QMap<int, double> &rates = {});

} // namespace Ferry
