#include "ovfpackage.h"

using namespace Qt::StringLiterals;

namespace Ferry {

QString toString(OvfDiskFormat format)
{
    switch (format) {
    case OvfDiskFormat::StreamOptimizedVmdk:
        return u"vmdk-streamOptimized"_s;
    case OvfDiskFormat::MonolithicSparseVmdk:
        return u"vmdk-monolithicSparse"_s;
    case OvfDiskFormat::FlatVmdk:
        return u"vmdk-flat"_s;
    case OvfDiskFormat::Raw:
        return u"raw"_s;
    case OvfDiskFormat::Qcow2:
        return u"qcow2"_s;
    case OvfDiskFormat::Unknown:
        break;
    }
    return u"unknown"_s;
}

const OvfFile *OvfPackage::file(const QString &id) const
{
    for (const OvfFile &candidate : files) {
        if (candidate.id == id)
            return &candidate;
    }
    return nullptr;
}

const OvfFile *OvfPackage::fileByHref(const QString &href) const
{
    for (const OvfFile &candidate : files) {
        if (candidate.href == href)
            return &candidate;
    }
    return nullptr;
}

const OvfDisk *OvfPackage::disk(const QString &diskId) const
{
    for (const OvfDisk &candidate : disks) {
        if (candidate.diskId == diskId)
            return &candidate;
    }
    return nullptr;
}

const OvfFile *OvfPackage::fileForDisk(const OvfVirtualSystem &system, qsizetype diskIndex) const
{
    if (diskIndex < 0 || diskIndex >= system.diskIds.size())
        return nullptr;
    const OvfDisk *found = disk(system.diskIds[diskIndex]);
    return found && !found->fileRef.isEmpty() ? file(found->fileRef) : nullptr;
}

Inventory OvfPackage::toInventory(const QString &label) const
{
    Inventory inventory;
    inventory.host.product = u"OVF package"_s;
    inventory.host.fullName = label;
    inventory.host.version = ovfVersion;
    QStringList names;
    auto addNetwork = [&](const QString &name) {
        if (name.isEmpty() || names.contains(name))
            return;
        names.append(name);
        NetworkInfo network;
        network.moref = u"ovf-network:"_s + name;
        network.name = name;
        inventory.networks.append(network);
    };
    for (const OvfNetwork &network : networks)
        addNetwork(network.name);
    for (const OvfVirtualSystem &system : systems) {
        for (const NicInfo &nic : system.vm.nics)
            addNetwork(nic.network);
        inventory.vms.append(system.vm);
    }
    return inventory;
}

} // namespace Ferry
