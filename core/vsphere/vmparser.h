#pragma once

#include "base/error.h"
#include "inventory.h"
#include "retrieveresult.h"

#include <QHash>
#include <QStringList>

namespace Ferry {

// Turns the RetrievePropertiesEx result of one VirtualMachine into a VmInfo.
// Properties that did not come back keep their defaults: a VM whose config is unset
// (inaccessible, orphaned) is still listed with its name and power state. A value
// of the wrong type is a Protocol error naming the VM and the property.
class VmParser
{
public:
    // The property paths parse() reads; request exactly these.
    static QStringList propertyPaths();
    // portgroupNames: distributed port group key -> name.
    static Result<VmInfo> parse(const ObjectContent &object, const QHash<QString, QString> &portgroupNames);
    // Counts the nodes of rootSnapshotList and names the current one.
    static void readSnapshots(const XmlElement &snapshotInfo, VmInfo &vm);
};

} // namespace Ferry
