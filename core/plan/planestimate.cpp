#include "planestimate.h"

namespace Ferry {

PlanEstimate estimatePlan(const QList<VmInfo> &vms, int connections, const QMap<int, double> &rates)
{
    PlanEstimate estimate;
    estimate.vms = int(vms.size());
    for (const VmInfo &vm : vms) {
        estimate.disks += int(vm.disks.size());
        for (const DiskInfo &disk : vm.disks)
            estimate.capacityBytes += disk.capacity;
    }
    if (rates.isEmpty())
        return estimate;
    auto chosen = rates.upperBound(connections); // first count above connections
    if (chosen != rates.begin())
        --chosen;
    estimate.bytesPerSecond = chosen.value();
    if (estimate.bytesPerSecond > 0)
        estimate.seconds = double(estimate.capacityBytes) / estimate.bytesPerSecond;
    return estimate;
}

} // namespace Ferry
