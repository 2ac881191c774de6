#include "inventory.h"

#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

template<typename Enum>
struct EnumName
{
    Enum value;
    QStringView name;
};

// The vSphere name of value. The last entry is the catch-all (poweredOff, other) and also
// names a value missing from the table: unlike a switch, nothing warns about a new
// enumerator, so give each one a row.
template<typename Enum, std::size_t N>
QString nameOf(Enum value, const EnumName<Enum> (&names)[N])
{
    for (const EnumName<Enum> &entry : names) {
        if (entry.value == value)
            return entry.name.toString();
    }
    return names[N - 1].name.toString();
}

} // namespace

QString DiskInfo::flatPath() const
{
    // Only a flat backing keeps its bytes in one "-flat.vmdk" extent that /folder can
    // serve; for any other backing the raw bytes are not in one plain file.
    if (backing != DiskBacking::Flat)
        return {};
    if (path.endsWith(u"-flat.vmdk", Qt::CaseInsensitive))
        return path;
    if (!path.endsWith(u".vmdk", Qt::CaseInsensitive))
        return {};
    return path.chopped(5) + u"-flat.vmdk";
}

const VmInfo *Inventory::findVm(const QString &name) const
{
    for (const VmInfo &vm : vms) {
        if (vm.name == name)
            return &vm;
    }
    return nullptr;
}

int Inventory::countNamed(const QString &name) const
{
    return int(std::count_if(vms.begin(), vms.end(), [&name](const VmInfo &vm) { return vm.name == name; }));
}

Result<const VmInfo *> Inventory::uniqueVm(const QString &name) const
{
    QStringList places;
    for (const VmInfo &vm : vms) {
        if (vm.name == name)
            places << vm.inventoryPath();
    }
    if (places.isEmpty())
        return fail(ErrorCode::NotFound, u"there is no VM named '%1'"_s.arg(name));
    if (places.size() > 1)
        return fail(ErrorCode::Usage,
                    u"%1 VMs are named '%2' (%3); Ferry names output folders and domains after the VM, "
                    u"so rename all but one in vSphere first"_s.arg(places.size())
                        .arg(name, places.join(u", "_s)));
    return findVm(name);
}

QString VmInfo::inventoryPath() const
{
    QStringList parts;
    for (const QString &part : {datacenterPath, folder, name}) {
        if (!part.isEmpty())
            parts << part;
    }
    return parts.join(u'/');
}

QString toString(ApiType type)
{
    return type == ApiType::VirtualCenter ? u"VirtualCenter"_s : u"HostAgent"_s;
}

QString toString(PowerState state)
{
    static constexpr EnumName<PowerState> kNames[] = {{PowerState::PoweredOn, u"poweredOn"},
                                                      {PowerState::Suspended, u"suspended"},
                                                      {PowerState::PoweredOff, u"poweredOff"}};
    return nameOf(state, kNames);
}

QString toString(Firmware firmware)
{
    return firmware == Firmware::Efi ? u"efi"_s : u"bios"_s;
}

QString toString(DiskBacking backing)
{
    static constexpr EnumName<DiskBacking> kNames[] = {{DiskBacking::Flat, u"flat"},
                                                       {DiskBacking::Sparse, u"sparse"},
                                                       {DiskBacking::SeSparse, u"seSparse"},
                                                       {DiskBacking::Rdm, u"rdm"},
                                                       {DiskBacking::Other, u"other"}};
    return nameOf(backing, kNames);
}

} // namespace Ferry
