// VmTableModel over a hand-made inventory: texts, numeric sorting and filtering
// through a plain QSortFilterProxyModel, checkbox selection in inventory order, and
// preflight status that follows the crash-consistent option; a vCenter estate's
// location columns, datacenter filter (VmFilterProxy), same-named VMs and the detail
// pane's text (VmDetailView).
#include "models/vmfilterproxy.h"
#include "models/vmtablemodel.h"
#include "widgets/vmdetailview.h"

#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

constexpr qint64 gib = 1024LL * 1024 * 1024;

DiskInfo disk(const QString &vm, qint64 capacity, DiskBacking backing = DiskBacking::Flat)
{
    DiskInfo disk;
    disk.label = u"Hard disk 1"_s;
    disk.fileName = u"[datastore1] %1/%1.vmdk"_s.arg(vm);
    disk.capacity = capacity;
    disk.backing = backing;
    disk.diskMode = u"persistent"_s;
    return disk;
}

VmInfo vm(const QString &name, int cpus, qint64 memoryMB, const QString &guest)
{
    VmInfo vm;
    vm.name = name;
    vm.numCpu = cpus;
    vm.memoryMB = memoryMB;
    vm.guestFullName = guest;
    vm.disks = {disk(name, 10 * gib)};
    NicInfo nic;
    nic.label = u"Network adapter 1"_s;
    nic.model = u"vmxnet3"_s;
    nic.network = u"VM Network"_s;
    vm.nics = {nic, nic};
    return vm;
}

// alpha: clean; beta: powered on; gamma: one snapshot, a known used size; delta: an RDM disk.
QList<VmInfo> handMadeVms()
{
    VmInfo alpha = vm(u"alpha"_s, 2, 2048, u"Debian GNU/Linux 12 (64-bit)"_s);
    VmInfo beta = vm(u"beta"_s, 16, 512, u"Microsoft Windows Server 2022 (64-bit)"_s);
    beta.powerState = PowerState::PoweredOn;
    beta.disks.append(disk(u"beta"_s, 100 * gib));
    VmInfo gamma = vm(u"gamma"_s, 8, 65536, u"Red Hat Enterprise Linux 9 (64-bit)"_s);
    gamma.disks = {disk(u"gamma"_s, 20 * gib)};
    gamma.snapshotCount = 1;
    gamma.committedBytes = 5 * gib + gib / 2;
    gamma.currentSnapshot = u"before-upgrade"_s;
    gamma.firmware = Firmware::Efi;
    gamma.secureBoot = true;
    VmInfo delta = vm(u"delta"_s, 1, 1024, u"Debian GNU/Linux 11 (64-bit)"_s);
    delta.disks = {disk(u"delta"_s, 1 * gib, DiskBacking::Rdm)};
    delta.nics.clear();
    return {alpha, beta, gamma, delta};
}

// Two datacenters as a vCenter shows them: web01 in both (DC-East in a cluster, DC-West
// on a standalone host in folder Prod/Web), db01 only in DC-East.
QList<VmInfo> vcenterVms()
{
    VmInfo east = vm(u"web01"_s, 2, 2048, u"Debian GNU/Linux 12 (64-bit)"_s);
    east.datacenter = east.datacenterPath = u"DC-East"_s;
    east.cluster = u"Gold"_s;
    east.host = u"esx-e1.example.com"_s;
    east.vmxPath = u"[ssd-east] web01/web01.vmx"_s;
    east.disks.first().controllerType = u"pvscsi"_s;
    east.disks.first().unitNumber = 1;
    east.nics.first().macAddress = u"00:50:56:aa:bb:01"_s;
    east.nics.first().network = u"dvpg-frontend"_s;
    VmInfo west = vm(u"web01"_s, 2, 2048, u"Debian GNU/Linux 12 (64-bit)"_s);
    west.datacenter = u"DC-West"_s;
    west.datacenterPath = u"Europe/DC-West"_s;
    west.host = u"esx-w7.example.com"_s;
    west.folder = u"Prod/Web"_s;
    VmInfo db = vm(u"db01"_s, 4, 8192, u"Red Hat Enterprise Linux 9 (64-bit)"_s);
    db.datacenter = db.datacenterPath = u"DC-East"_s;
    db.cluster = u"Gold"_s;
    db.host = u"esx-e2.example.com"_s;
    return {east, west, db};
}

QStringList namesInProxyOrder(const QSortFilterProxyModel &proxy)
{
    QStringList names;
    for (int row = 0; row < proxy.rowCount(); ++row)
        names << proxy.index(row, VmTableModel::NameColumn).data().toString();
    return names;
}

} // namespace

class TestVmTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void texts();
    void sortsNumbersByValue_data();
    void sortsNumbersByValue();
    void filtersByNameAndGuest_data();
    void filtersByNameAndGuest();
    void selectionKeepsInventoryOrder();
    void selectNamesReportsMissing();
    void statusFollowsPreflightOptions();
    void locationColumns();
    void filtersByDatacenterAndLocation_data();
    void filtersByDatacenterAndLocation();
    void sameNamedVmsBlocked();
    void detailViewListsDisksAndNics();
};

void TestVmTableModel::texts()
{
    VmTableModel model;
    model.setVms(handMadeVms());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(VmTableModel::ColumnCount));
    auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(text(0, VmTableModel::NameColumn), u"alpha"_s);
    QCOMPARE(text(1, VmTableModel::PowerColumn), u"Powered on"_s);
    QCOMPARE(text(2, VmTableModel::FirmwareColumn), u"UEFI, Secure Boot"_s);
    QCOMPARE(text(0, VmTableModel::MemoryColumn), u"2.0 GiB"_s);
    // %n plurals read "disk(s)" until an English numerus translation is loaded.
    QVERIFY(text(1, VmTableModel::DisksColumn).startsWith(u"2 disk"_s));
    QVERIFY(text(1, VmTableModel::DisksColumn).endsWith(u", 110.0 GiB"_s)); // used size unknown: not shown
    QVERIFY2(text(2, VmTableModel::DisksColumn).endsWith(u", 20.0 GiB (5.5 GiB used)"_s), qPrintable(text(2, VmTableModel::DisksColumn)));
    const QString gammaDisks = model.index(2, VmTableModel::DisksColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(gammaDisks.contains(u"20.0 GiB provisioned"_s) && gammaDisks.contains(u"5.5 GiB"_s), qPrintable(gammaDisks));
    QVERIFY(!model.index(1, VmTableModel::DisksColumn).data(Qt::ToolTipRole).toString().contains(u"Used"_s));
    QCOMPARE(text(0, VmTableModel::NicsColumn), u"VM Network"_s);
    QCOMPARE(text(3, VmTableModel::NicsColumn), u"none"_s);
    QCOMPARE(text(0, VmTableModel::StatusColumn), u"Ready"_s);
    QVERIFY(text(2, VmTableModel::StatusColumn).startsWith(u"Blocked"_s));
    QVERIFY(model.index(2, VmTableModel::SnapshotsColumn).data(Qt::ToolTipRole).toString().contains(u"before-upgrade"_s));
    QVERIFY(model.flags(model.index(0, VmTableModel::SelectedColumn)) & Qt::ItemIsUserCheckable);
    QVERIFY(!(model.flags(model.index(0, VmTableModel::NameColumn)) & Qt::ItemIsUserCheckable));
}

void TestVmTableModel::sortsNumbersByValue_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending");
    // As text "16" < "2" < "8" and "1.0 GiB" < "2.0 GiB" < "512.0 MiB" < "64.0 GiB": wrong.
    QTest::newRow("cpus") << int(VmTableModel::CpuColumn) << QStringList{u"delta"_s, u"alpha"_s, u"gamma"_s, u"beta"_s};
    QTest::newRow("memory") << int(VmTableModel::MemoryColumn) << QStringList{u"beta"_s, u"delta"_s, u"alpha"_s, u"gamma"_s};
    QTest::newRow("disk bytes") << int(VmTableModel::DisksColumn) << QStringList{u"delta"_s, u"alpha"_s, u"gamma"_s, u"beta"_s};
    QTest::newRow("name") << int(VmTableModel::NameColumn) << QStringList{u"alpha"_s, u"beta"_s, u"delta"_s, u"gamma"_s};
}

void TestVmTableModel::sortsNumbersByValue()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);
    VmTableModel model;
    model.setVms(handMadeVms());
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(VmTableModel::SortRole);
    proxy.sort(column, Qt::AscendingOrder);
    QCOMPARE(namesInProxyOrder(proxy), ascending);
    proxy.sort(column, Qt::DescendingOrder);
    std::reverse(ascending.begin(), ascending.end());
    QCOMPARE(namesInProxyOrder(proxy), ascending);
}

void TestVmTableModel::filtersByNameAndGuest_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("shown");
    QTest::newRow("name") << u"gam"_s << QStringList{u"gamma"_s};
    QTest::newRow("guest, any case") << u"debian"_s << QStringList{u"alpha"_s, u"delta"_s};
    QTest::newRow("windows") << u"Windows"_s << QStringList{u"beta"_s};
    QTest::newRow("nothing") << u"solaris"_s << QStringList{};
    QTest::newRow("empty shows all") << QString() << QStringList{u"alpha"_s, u"beta"_s, u"gamma"_s, u"delta"_s};
}

void TestVmTableModel::filtersByNameAndGuest()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, shown);
    VmTableModel model;
    model.setVms(handMadeVms());
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterRole(VmTableModel::SearchRole);
    proxy.setFilterKeyColumn(VmTableModel::NameColumn);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setFilterFixedString(filter);
    QCOMPARE(namesInProxyOrder(proxy), shown);
}

void TestVmTableModel::selectionKeepsInventoryOrder()
{
    VmTableModel model;
    model.setVms(handMadeVms());
    QSignalSpy changed(&model, &VmTableModel::selectionChanged);
    QVERIFY(model.setData(model.index(3, VmTableModel::SelectedColumn), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model.setData(model.index(0, VmTableModel::SelectedColumn), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(model.selectedNames(), (QStringList{u"alpha"_s, u"delta"_s}));
    QCOMPARE(model.index(3, VmTableModel::SelectedColumn).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(!model.setData(model.index(1, VmTableModel::NameColumn), Qt::Checked, Qt::CheckStateRole));
    model.setSelected({0}, true); // no change, no signal
    QCOMPARE(changed.size(), 2);
    model.setSelected(model.selectedRows(), false);
    QCOMPARE(changed.size(), 3);
    QVERIFY(model.selectedNames().isEmpty());
}

void TestVmTableModel::selectNamesReportsMissing()
{
    VmTableModel model;
    model.setVms(handMadeVms());
    model.setSelected({1}, true);
    const QStringList missing = model.selectNames({u"gamma"_s, u"old-vm"_s, u"alpha"_s});
    QCOMPARE(missing, QStringList{u"old-vm"_s});
    QCOMPARE(model.selectedNames(), (QStringList{u"alpha"_s, u"gamma"_s}));
}

void TestVmTableModel::statusFollowsPreflightOptions()
{
    VmTableModel model;
    model.setVms(handMadeVms());
    QVERIFY(hasBlocker(model.findings(1)));
    QVERIFY(model.findings(1).first().message.contains(u"shut it down first"_s));
    QSignalSpy dataChanged(&model, &QAbstractItemModel::dataChanged);
    model.setPreflightOptions(PreflightOptions{true});
    QCOMPARE(dataChanged.size(), 1);
    QCOMPARE(dataChanged.first().at(0).toModelIndex().column(), int(VmTableModel::StatusColumn));
    QVERIFY(!hasBlocker(model.findings(1)));
    QVERIFY(model.index(1, VmTableModel::StatusColumn).data().toString().startsWith(u"Ready, 1 warning"_s));
    QVERIFY(hasBlocker(model.findings(2))); // a snapshot blocks whatever the option
    QVERIFY(hasBlocker(model.findings(3))); // so does an RDM disk
    QCOMPARE(model.index(1, VmTableModel::StatusColumn).data(VmTableModel::SortRole).toInt(), 1);
    QCOMPARE(model.index(3, VmTableModel::StatusColumn).data(VmTableModel::SortRole).toInt(), 2);
}

void TestVmTableModel::locationColumns()
{
    VmTableModel model;
    model.setVms(handMadeVms());
    QVERIFY(!model.hasHierarchy()); // one ESXi host: no location columns
    model.setVms(vcenterVms());
    QVERIFY(model.hasHierarchy());
    auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(text(0, VmTableModel::DatacenterColumn), u"DC-East"_s);
    QCOMPARE(text(0, VmTableModel::ClusterColumn), u"Gold"_s);
    QCOMPARE(text(0, VmTableModel::HostColumn), u"esx-e1.example.com"_s);
    QCOMPARE(text(1, VmTableModel::DatacenterColumn), u"Europe/DC-West"_s);
    QCOMPARE(text(1, VmTableModel::ClusterColumn), QString());
    QCOMPARE(text(1, VmTableModel::FolderColumn), u"Prod/Web"_s);
    QCOMPARE(model.index(1, VmTableModel::NameColumn).data(Qt::ToolTipRole).toString(), u"Europe/DC-West/Prod/Web/web01"_s);
    QCOMPARE(model.datacenterPaths(), (QStringList{u"DC-East"_s, u"Europe/DC-West"_s}));
}

void TestVmTableModel::filtersByDatacenterAndLocation_data()
{
    QTest::addColumn<QString>("datacenter");
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("shown");
    QTest::newRow("all") << QString() << QString() << QStringList{u"web01"_s, u"web01"_s, u"db01"_s};
    QTest::newRow("east") << u"DC-East"_s << QString() << QStringList{u"web01"_s, u"db01"_s};
    QTest::newRow("west") << u"Europe/DC-West"_s << QString() << QStringList{u"web01"_s};
    QTest::newRow("east, name") << u"DC-East"_s << u"db"_s << QStringList{u"db01"_s};
    QTest::newRow("cluster text") << QString() << u"gold"_s << QStringList{u"web01"_s, u"db01"_s};
    QTest::newRow("host text") << QString() << u"esx-w7"_s << QStringList{u"web01"_s};
    QTest::newRow("folder text") << QString() << u"prod/web"_s << QStringList{u"web01"_s};
    QTest::newRow("west, cluster text") << u"Europe/DC-West"_s << u"gold"_s << QStringList{};
}

void TestVmTableModel::filtersByDatacenterAndLocation()
{
    QFETCH(QString, datacenter);
    QFETCH(QString, filter);
    QFETCH(QStringList, shown);
    VmTableModel model;
    model.setVms(vcenterVms());
    VmFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setDatacenter(datacenter);
    proxy.setFilterFixedString(filter);
    QCOMPARE(namesInProxyOrder(proxy), shown);
    // Which rows: the datacenter column tells the two web01 apart.
    for (int row = 0; row < proxy.rowCount() && !datacenter.isEmpty(); ++row)
        QCOMPARE(proxy.index(row, VmTableModel::DatacenterColumn).data().toString(), datacenter);
}

void TestVmTableModel::sameNamedVmsBlocked()
{
    VmTableModel model;
    model.setVms(vcenterVms());
    for (int row : {0, 1}) {
        QVERIFY(hasBlocker(model.findings(row)));
        const Finding &finding = model.findings(row).first();
        QCOMPARE(finding.code, u"duplicate-name"_s);
        QVERIFY2(finding.message.contains(u"DC-East/web01"_s) && finding.message.contains(u"Europe/DC-West/Prod/Web/web01"_s),
                 qPrintable(finding.message));
    }
    QVERIFY(!hasBlocker(model.findings(2)));
}

void TestVmTableModel::detailViewListsDisksAndNics()
{
    const VmInfo east = vcenterVms().first();
    VmDetailView view;
    view.showVm(&east);
    const QString text = view.toPlainText();
    for (const QString &expected : {u"DC-East/web01"_s, u"Gold"_s, u"esx-e1.example.com"_s, u"[ssd-east] web01/web01.vmx"_s,
                                    u"[datastore1] web01/web01.vmdk"_s, u"10.0 GiB"_s, u"pvscsi 0:1"_s, u"00:50:56:aa:bb:01"_s,
                                    u"dvpg-frontend"_s, u"vmxnet3"_s, u"Powered off"_s, u"Debian GNU/Linux 12 (64-bit)"_s, u"BIOS"_s})
        QVERIFY2(text.contains(expected), qPrintable(expected + u" missing from:\n"_s + text));
    view.showVm(nullptr);
    QVERIFY(!view.toPlainText().contains(u"web01"_s));
}

QTEST_MAIN(TestVmTableModel)
#include "tst_vmtablemodel.moc"
