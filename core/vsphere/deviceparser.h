#pragma once

#include "base/error.h"
#include "inventory.h"

#include <QHash>
#include <QList>

namespace Ferry {

class XmlElement;

struct VmDevices
{
    QList<DiskInfo> disks;
    QList<NicInfo> nics;
};

// Reads the disks and NICs of config.hardware.device (ArrayOfVirtualDevice, each
// element typed by xsi:type). Controllers are read first so every disk knows its
// controller type and bus. Devices Ferry does not migrate (CD-ROMs, USB, video) are
// skipped; a number that is not a number is a Protocol error naming the device.
class DeviceParser
{
public:
    // portgroupNames: distributed port group key -> name, to name DVPort-backed NICs.
    static Result<VmDevices> parse(const XmlElement &devices, const QHash<QString, QString> &portgroupNames);

    // "[ds1] dir/x.vmdk" -> {"ds1", "dir/x.vmdk"}; {"", text} when there is no "[...]".
    static std::pair<QString, QString> splitDatastorePath(const QString &fileName);
    // "ParaVirtualSCSIController" -> "pvscsi"; empty for a type that is not a disk controller.
    static QString controllerType(const QString &xsiType);
    // "VirtualVmxnet3" -> "vmxnet3"; empty for a type that is not a network card.
    static QString nicModel(const QString &xsiType);
};

} // namespace Ferry
