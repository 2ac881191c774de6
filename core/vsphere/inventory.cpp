#include "inventory.h"

using namespace Qt::StringLiterals;

namespace Ferry {

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

QString toString(ApiType type)
{
    return type == ApiType::VirtualCenter ? u"VirtualCenter"_s : u"HostAgent"_s;
}

QString toString(PowerState state)
{
    switch (state) {
    case PowerState::PoweredOn:
        return u"poweredOn"_s;
    case PowerState::Suspended:
        return u"suspended"_s;
    case PowerState::PoweredOff:
        break;
    }
    return u"poweredOff"_s;
}

QString toString(Firmware firmware)
{
    return firmware == Firmware::Efi ? u"efi"_s : u"bios"_s;
}

QString toString(DiskBacking backing)
{
    switch (backing) {
    case DiskBacking::Flat:
        return u"flat"_s;
    case DiskBacking::Sparse:
        return u"sparse"_s;
    case DiskBacking::SeSparse:
        return u"seSparse"_s;
    case DiskBacking::Rdm:
        return u"rdm"_s;
    case DiskBacking::Other:
        break;
    }
    return u"other"_s;
}

} // namespace Ferry
