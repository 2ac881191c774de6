#pragma once

#include "labvmspec.h"
#include "objecttable.h"

namespace Ferry::Lab {

// The VirtualMachine managed object of a lab VM: name, parent, config (hardware,
// devices, files, firmware), runtime, summary, snapshot, layoutEx, datastore, network.
class VmObject
{
public:
    // datastoreRoot: where the VM's files are, for layoutEx file sizes.
    static LabObject build(const LabVmSpec &vm, const QString &moref, const QString &datastoreRoot);

private:
    static DataNode config(const LabVmSpec &vm, const QString &moref);
    static DataNode runtime(const LabVmSpec &vm);
    static DataNode summary(const LabVmSpec &vm, const QString &moref, const QString &datastoreRoot);
    static DataNode snapshot(const LabVmSpec &vm, const QString &moref);
    static DataNode layoutEx(const LabVmSpec &vm, const QString &moref, const QString &datastoreRoot);
};

} // namespace Ferry::Lab
