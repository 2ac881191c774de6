#include "inspectionreport.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

void insertIfSet(QJsonObject &object, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        object.insert(key, value);
}

void insertFilesystem(QJsonObject &object, const FilesystemInfo &fs)
{
    object.insert(u"filesystem"_s, fs.type);
    object.insert(u"label"_s, fs.label);
    object.insert(u"uuid"_s, fs.uuid);
}

QJsonObject kernelJson(const KernelInfo &kernel)
{
    QJsonObject object{{u"version"_s, kernel.version},
                       {u"image"_s, kernel.image},
                       {u"modules"_s, kernel.modules},
                       {u"initramfs"_s, kernel.initramfs},
                       {u"virtio_modules"_s, QJsonArray::fromStringList(kernel.virtioModules)},
                       {u"virtio_builtin"_s, QJsonArray::fromStringList(kernel.builtinVirtio)}};
    object.insert(u"virtio_in_initramfs"_s, kernel.virtioInInitramfs ? QJsonValue(*kernel.virtioInInitramfs) : QJsonValue());
    return object;
}

QJsonObject osJson(const OsInfo &os)
{
    QJsonArray kernels;
    for (const KernelInfo &kernel : os.kernels)
        kernels.append(kernelJson(kernel));
    QJsonObject object{{u"family"_s, os.family}, {u"distribution"_s, os.distribution},
                       {u"name"_s, os.name},     {u"version"_s, os.version},
                       {u"arch"_s, os.arch},     {u"hostname"_s, os.hostname},
                       {u"kernels"_s, kernels},  {u"vmware_tools"_s, os.vmwareTools}};
    if (!os.virtioDrivers.isEmpty() || os.family == u"windows")
        object.insert(u"virtio_drivers"_s, QJsonArray::fromStringList(os.virtioDrivers));
    if (!os.heuristics.isEmpty())
        object.insert(u"heuristics"_s, QJsonArray::fromStringList(os.heuristics));
    return object;
}

QJsonObject partitionJson(const PartitionEntry &partition)
{
    QJsonObject object{{u"number"_s, partition.number}, {u"disk"_s, partition.disk}, {u"start"_s, partition.start},
                       {u"size"_s, partition.size},     {u"type"_s, partition.type}, {u"type_name"_s, partition.typeName},
                       {u"name"_s, partition.name}};
    insertIfSet(object, u"partuuid"_s, partition.partUuid);
    if (partition.bootable)
        object.insert(u"bootable"_s, true);
    insertFilesystem(object, partition.filesystem);
    insertIfSet(object, u"mounted_as"_s, partition.mountedAs);
    return object;
}

QJsonObject lvmJson(const LvmVolume &volume)
{
    QJsonObject object{{u"vg"_s, volume.vg},
                       {u"name"_s, volume.name},
                       {u"device"_s, volume.path()},
                       {u"size"_s, volume.size},
                       {u"segment_type"_s, volume.segmentType},
                       {u"mapped"_s, volume.mapped}};
    insertFilesystem(object, volume.filesystem);
    insertIfSet(object, u"mounted_as"_s, volume.mountedAs);
    return object;
}

QJsonObject bootJson(const BootInfo &boot)
{
    return {{u"mbr_boot_code"_s, boot.mbrBootCode},
            {u"bios_boot_partition"_s, boot.biosBootPartition},
            {u"esp"_s, boot.espPresent},
            {u"efi_binaries"_s, QJsonArray::fromStringList(boot.efiBinaries)},
            {u"efi_fallback_loader"_s, boot.efiFallbackLoader}};
}

} // namespace

QString LvmVolume::path() const
{
    return u"/dev/%1/%2"_s.arg(vg, name);
}

QJsonObject DeviceRecommendation::toJson() const
{
    return {{u"disk_bus"_s, diskBus}, {u"nic_model"_s, nicModel}, {u"reason"_s, reason}};
}

QJsonObject InspectionReport::toJson() const
{
    QJsonArray partitionArray;
    for (const PartitionEntry &partition : partitions)
        partitionArray.append(partitionJson(partition));
    QJsonArray lvmArray;
    for (const LvmVolume &volume : lvm)
        lvmArray.append(lvmJson(volume));
    QJsonArray fstabArray;
    for (const FstabEntry &entry : fstab)
        fstabArray.append(QJsonObject{
            {u"spec"_s, entry.spec}, {u"mount_point"_s, entry.mountPoint}, {u"type"_s, entry.type}, {u"options"_s, entry.options}});
    QJsonArray networkArray;
    for (const NetworkConfig &config : network)
        networkArray.append(QJsonObject{
            {u"interface"_s, config.interfaceName}, {u"mac"_s, config.mac}, {u"source"_s, config.source}, {u"kind"_s, config.kind}});
    QJsonArray findingArray;
    for (const Finding &item : findings)
        findingArray.append(item.toJson());
    QJsonArray diskArray;
    for (const InspectedDisk &disk : disks)
        diskArray.append(QJsonObject{{u"size"_s, disk.size},
                                     {u"partition_table"_s, QJsonObject{{u"type"_s, disk.partitionTable}, {u"id"_s, disk.diskId}}}});
    return {{u"os"_s, osJson(os)},
            {u"disk_size"_s, diskSize},
            {u"disks"_s, diskArray},
            {u"partition_table"_s, QJsonObject{{u"type"_s, partitionTable}, {u"id"_s, diskId}}},
            {u"partitions"_s, partitionArray},
            {u"lvm"_s, lvmArray},
            {u"firmware"_s, boot.firmware},
            {u"boot"_s, bootJson(boot)},
            {u"fstab"_s, fstabArray},
            {u"network"_s, networkArray},
            {u"findings"_s, findingArray},
            {u"recommendation"_s, recommendation.toJson()}};
}

const Finding *InspectionReport::finding(const QString &code) const
{
    for (const Finding &item : findings) {
        if (item.code == code)
            return &item;
    }
    return nullptr;
}

} // namespace Ferry
