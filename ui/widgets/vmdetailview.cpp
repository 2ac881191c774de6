#include "vmdetailview.h"

#include "base/bytesize.h"
#include "vsphere/inventory.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString row(const QStringList &cells, bool header = false)
{
    const QString tag = header ? u"th"_s : u"td"_s;
    QString out = u"<tr>"_s;
    for (const QString &cell : cells)
        out += u"<%1 align=\"left\">%2</%1>"_s.arg(tag, escaped(cell));
    return out + u"</tr>"_s;
}

QString orNone(const QString &text)
{
    return text.isEmpty() ? VmDetailView::tr("none") : text;
}

QString powerText(PowerState state)
{
    switch (state) {
    case PowerState::PoweredOn:
        return VmDetailView::tr("Powered on");
    case PowerState::Suspended:
        return VmDetailView::tr("Suspended");
    case PowerState::PoweredOff:
        break;
    }
    return VmDetailView::tr("Powered off");
}

// "pvscsi 0:1": the controller kind, its bus and the disk's unit, as vSphere names the slot.
QString controllerText(const DiskInfo &disk)
{
    return u"%1 %2:%3"_s.arg(disk.controllerType).arg(disk.controllerBus).arg(disk.unitNumber);
}

QString disksTable(const VmInfo &vm)
{
    if (vm.disks.isEmpty())
        return u"<p>"_s + escaped(VmDetailView::tr("No disks.")) + u"</p>"_s;
    QString out = u"<table cellspacing=\"0\" cellpadding=\"2\">"_s
        + row({VmDetailView::tr("Disk"), VmDetailView::tr("Capacity"), VmDetailView::tr("Datastore path"), VmDetailView::tr("Controller")},
              true);
    for (const DiskInfo &disk : vm.disks)
        out += row({disk.label, formatByteSize(disk.capacity) + u' ' + (disk.thin ? VmDetailView::tr("thin") : VmDetailView::tr("thick")),
                    disk.fileName, controllerText(disk)});
    return out + u"</table>"_s;
}

QString nicsTable(const VmInfo &vm)
{
    if (vm.nics.isEmpty())
        return u"<p>"_s + escaped(VmDetailView::tr("No network adapters.")) + u"</p>"_s;
    QString out = u"<table cellspacing=\"0\" cellpadding=\"2\">"_s
        + row({VmDetailView::tr("Adapter"), VmDetailView::tr("Model"), VmDetailView::tr("MAC address"), VmDetailView::tr("Network")}, true);
    for (const NicInfo &nic : vm.nics) {
        const QString network = nic.connected ? nic.network : VmDetailView::tr("%1 (not connected)").arg(nic.network);
        out += row({nic.label, nic.model, nic.macAddress, network});
    }
    return out + u"</table>"_s;
}

} // namespace

VmDetailView::VmDetailView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(u"vmDetailView"_s);
    setOpenLinks(false);
    showVm(nullptr);
}

void VmDetailView::showVm(const VmInfo *vm)
{
    if (!vm) {
        setPlainText(tr("Select a row to see the VM's disks, network adapters and where it runs."));
        return;
    }
    setHtml(html(*vm));
}

QString VmDetailView::html(const VmInfo &vm)
{
    const QString guest = vm.guestFullName.isEmpty() ? vm.guestId : vm.guestFullName;
    const QString firmware = vm.firmware == Firmware::Bios ? tr("BIOS") : vm.secureBoot ? tr("UEFI, Secure Boot") : tr("UEFI");
    QString out = u"<p><b>%1</b><br>%2</p><table cellspacing=\"0\" cellpadding=\"1\">"_s.arg(escaped(vm.name), escaped(vm.inventoryPath()));
    const std::pair<QString, QString> facts[] = {
        {tr("Datacenter:"), orNone(vm.datacenterPath)},
        {tr("Cluster:"), orNone(vm.cluster)},
        {tr("Host:"), orNone(vm.host)},
        {tr("Folder:"), vm.folder.isEmpty() ? tr("(top level)") : vm.folder},
        {tr("Power:"), powerText(vm.powerState)},
        {tr("Guest OS:"), orNone(guest)},
        {tr("Firmware:"), firmware},
    };
    // Two facts a row: the disks and NICs fit below them in a small pane.
    for (std::size_t i = 0; i < std::size(facts); i += 2) {
        out += u"<tr>"_s;
        for (std::size_t j = i; j < i + 2 && j < std::size(facts); ++j)
            out += u"<td><b>%1</b>&nbsp;</td><td>%2&nbsp;&nbsp;&nbsp;</td>"_s.arg(escaped(facts[j].first), escaped(facts[j].second));
        out += u"</tr>"_s;
    }
    out += u"</table><p><b>%1</b>&nbsp;%2</p><p><b>"_s.arg(escaped(tr("VMX file:")), escaped(orNone(vm.vmxPath))) + escaped(tr("Disks"))
        + u"</b></p>"_s + disksTable(vm);
    return out + u"<p><b>"_s + escaped(tr("Network adapters")) + u"</b></p>"_s + nicsTable(vm);
}

} // namespace Ferry
