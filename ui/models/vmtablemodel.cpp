#include "vmtablemodel.h"

#include "base/bytesize.h"

#include <QBrush>
#include <QColor>
#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

qint64 provisionedBytes(const VmInfo &vm)
{
    qint64 total = 0;
    for (const DiskInfo &disk : vm.disks)
        total += std::max<qint64>(disk.capacity, 0);
    return total;
}

QStringList networkNames(const VmInfo &vm)
{
    QStringList names;
    for (const NicInfo &nic : vm.nics) {
        if (!names.contains(nic.network))
            names.append(nic.network);
    }
    return names;
}

// "2 disks, 40.0 GiB (12.3 GiB used)"; the used part only when the source reported
// summary.storage.committed (committedBytes >= 0).
QString disksText(const VmInfo &vm)
{
    const int count = int(vm.disks.size());
    const QString provisioned = formatByteSize(provisionedBytes(vm));
    if (vm.committedBytes < 0)
        return VmTableModel::tr("%n disk(s), %1", nullptr, count).arg(provisioned);
    return VmTableModel::tr("%n disk(s), %1 (%2 used)", nullptr, count).arg(provisioned, formatByteSize(vm.committedBytes));
}

// A blocker for a VM whose name other VMs share: the plan, the output folder, the
// domain and the report all know a VM by its name.
Finding duplicateNameFinding(const VmInfo &vm, const QList<VmInfo> &vms)
{
    QStringList places;
    for (const VmInfo &other : vms) {
        if (other.name == vm.name)
            places << other.inventoryPath();
    }
    Finding finding;
    finding.severity = Finding::Severity::Blocker;
    finding.code = u"duplicate-name"_s;
    finding.message = VmTableModel::tr("%n VMs are named “%1” (%2). Ferry names output folders and domains after the VM: "
                                       "rename all but one in vSphere, then connect again.",
                                       nullptr, int(places.size()))
                          .arg(vm.name, places.join(u", "_s));
    finding.details = places.join(u'\n');
    return finding;
}

int countOf(const QList<Finding> &findings, Finding::Severity severity)
{
    return int(
        std::count_if(findings.begin(), findings.end(), [severity](const Finding &finding) { return finding.severity == severity; }));
}

} // namespace

VmTableModel::VmTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void VmTableModel::setVms(const QList<VmInfo> &vms)
{
    beginResetModel();
    m_vms = vms;
    m_selected = QList<bool>(vms.size(), false);
    recomputeFindings();
    endResetModel();
    Q_EMIT selectionChanged();
}

void VmTableModel::setPreflightOptions(const PreflightOptions &options)
{
    m_options = options;
    recomputeFindings();
    if (!m_vms.isEmpty())
        Q_EMIT dataChanged(index(0, StatusColumn), index(rowCount() - 1, StatusColumn));
    Q_EMIT selectionChanged(); // what blocks the selection may have changed
}

void VmTableModel::recomputeFindings()
{
    m_findings.clear();
    m_findings.reserve(m_vms.size());
    QHash<QString, int> names;
    for (const VmInfo &vm : m_vms)
        ++names[vm.name];
    for (const VmInfo &vm : m_vms) {
        QList<Finding> findings = preflight(vm, m_options);
        if (names.value(vm.name) > 1)
            findings.prepend(duplicateNameFinding(vm, m_vms));
        m_findings.append(findings);
    }
}

bool VmTableModel::hasHierarchy() const
{
    const bool placed = std::any_of(m_vms.begin(), m_vms.end(),
                                    [](const VmInfo &vm) { return !vm.cluster.isEmpty() || !vm.folder.isEmpty(); });
    return placed || datacenterPaths().size() > 1;
}

QStringList VmTableModel::datacenterPaths() const
{
    QStringList paths;
    for (const VmInfo &vm : m_vms) {
        if (!paths.contains(vm.datacenterPath))
            paths << vm.datacenterPath;
    }
    paths.sort();
    return paths;
}

const VmInfo &VmTableModel::vm(int row) const
{
    return m_vms.at(row);
}

const QList<Finding> &VmTableModel::findings(int row) const
{
    return m_findings.at(row);
}

int VmTableModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_vms.size(); ++row) {
        if (m_vms.at(row).name == name)
            return row;
    }
    return -1;
}

bool VmTableModel::isSelected(int row) const
{
    return m_selected.value(row, false);
}

void VmTableModel::setSelected(const QList<int> &rows, bool selected)
{
    bool changed = false;
    for (int row : rows) {
        if (row < 0 || row >= m_selected.size() || m_selected.at(row) == selected)
            continue;
        m_selected[row] = selected;
        changed = true;
        Q_EMIT dataChanged(index(row, SelectedColumn), index(row, SelectedColumn), {Qt::CheckStateRole});
    }
    if (changed)
        Q_EMIT selectionChanged();
}

QStringList VmTableModel::selectNames(const QStringList &names)
{
    QList<int> rows;
    QStringList missing;
    for (const QString &name : names) {
        const int row = rowOf(name);
        if (row < 0)
            missing.append(name);
        else
            rows.append(row);
    }
    QList<int> others;
    for (int row = 0; row < m_vms.size(); ++row) {
        if (!rows.contains(row))
            others.append(row);
    }
    setSelected(others, false);
    setSelected(rows, true);
    return missing;
}

QStringList VmTableModel::selectedNames() const
{
    QStringList names;
    for (int row = 0; row < m_vms.size(); ++row) {
        if (m_selected.at(row))
            names.append(m_vms.at(row).name);
    }
    return names;
}

QList<int> VmTableModel::selectedRows() const
{
    QList<int> rows;
    for (int row = 0; row < m_vms.size(); ++row) {
        if (m_selected.at(row))
            rows.append(row);
    }
    return rows;
}

int VmTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_vms.size());
}

int VmTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VmTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_vms.size())
        return {};
    const int row = index.row();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case Qt::CheckStateRole:
        return column == SelectedColumn ? QVariant(int(m_selected.at(row) ? Qt::Checked : Qt::Unchecked)) : QVariant();
    case SortRole:
        return sortValue(row, column);
    case SearchRole: {
        const VmInfo &vm = m_vms.at(row);
        return QStringList{vm.name, vm.guestFullName, vm.guestId, vm.datacenterPath, vm.cluster, vm.host, vm.folder}.join(u' ');
    }
    case DatacenterRole:
        return m_vms.at(row).datacenterPath;
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::TextAlignmentRole:
        if (column == CpuColumn || column == MemoryColumn || column == SnapshotsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (column == StatusColumn && statusRank(row) == 2)
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        return {};
    default:
        return {};
    }
}

QVariant VmTableModel::display(int row, int column) const
{
    const VmInfo &vm = m_vms.at(row);
    switch (column) {
    case NameColumn:
        return vm.name;
    case DatacenterColumn:
        return vm.datacenterPath;
    case ClusterColumn:
        return vm.cluster;
    case HostColumn:
        return vm.host;
    case FolderColumn:
        return vm.folder;
    case PowerColumn:
        switch (vm.powerState) {
        case PowerState::PoweredOff:
            return tr("Powered off");
        case PowerState::PoweredOn:
            return tr("Powered on");
        case PowerState::Suspended:
            return tr("Suspended");
        }
        return {};
    case GuestOsColumn:
        return vm.guestFullName.isEmpty() ? vm.guestId : vm.guestFullName;
    case FirmwareColumn:
        if (vm.firmware == Firmware::Bios)
            return tr("BIOS");
        return vm.secureBoot ? tr("UEFI, Secure Boot") : tr("UEFI");
    case CpuColumn:
        return vm.numCpu;
    case MemoryColumn:
        return formatByteSize(vm.memoryMB * 1024 * 1024);
    case DisksColumn:
        return disksText(vm);
    case NicsColumn:
        return vm.nics.isEmpty() ? tr("none") : networkNames(vm).join(u", "_s);
    case SnapshotsColumn:
        return vm.snapshotCount;
    case StatusColumn:
        return statusText(row);
    default:
        return {};
    }
}

QVariant VmTableModel::sortValue(int row, int column) const
{
    const VmInfo &vm = m_vms.at(row);
    switch (column) {
    case SelectedColumn:
        return m_selected.at(row) ? 1 : 0;
    case CpuColumn:
        return vm.numCpu;
    case MemoryColumn:
        return vm.memoryMB;
    case DisksColumn:
        return provisionedBytes(vm);
    case NicsColumn:
        return int(vm.nics.size());
    case SnapshotsColumn:
        return vm.snapshotCount;
    case StatusColumn:
        return statusRank(row);
    default:
        return display(row, column).toString().toLower();
    }
}

QVariant VmTableModel::toolTip(int row, int column) const
{
    const VmInfo &vm = m_vms.at(row);
    switch (column) {
    case NameColumn:
        return vm.inventoryPath();
    case ClusterColumn:
        return vm.cluster.isEmpty() && !vm.host.isEmpty() ? tr("A standalone host, not in a cluster") : QVariant();
    case CpuColumn:
        return tr("%1 virtual CPUs, %2 cores per socket").arg(vm.numCpu).arg(vm.coresPerSocket);
    case DisksColumn: {
        QStringList lines;
        for (const DiskInfo &disk : vm.disks)
            lines << tr("%1: %2, %3 provisioned (%4)")
                         .arg(disk.label, disk.fileName, formatByteSize(disk.capacity), disk.thin ? tr("thin") : tr("thick"));
        if (vm.committedBytes >= 0)
            lines << tr("Used on the datastores: %1 (disks, snapshots and other files of the VM)").arg(formatByteSize(vm.committedBytes));
        return lines.join(u'\n');
    }
    case NicsColumn: {
        QStringList lines;
        for (const NicInfo &nic : vm.nics)
            lines << tr("%1: %2 on %3").arg(nic.label, nic.model, nic.network);
        return lines.join(u'\n');
    }
    case SnapshotsColumn:
        return vm.currentSnapshot.isEmpty() ? QVariant() : tr("Current snapshot: %1").arg(vm.currentSnapshot);
    case StatusColumn: {
        QStringList lines;
        for (const Finding &finding : m_findings.at(row))
            lines << finding.message;
        return lines.join(u'\n');
    }
    default:
        return {};
    }
}

// 2 blocked, 1 warnings only, 0 ready.
int VmTableModel::statusRank(int row) const
{
    const QList<Finding> &findings = m_findings.at(row);
    if (hasBlocker(findings))
        return 2;
    return countOf(findings, Finding::Severity::Warning) > 0 ? 1 : 0;
}

QString VmTableModel::statusText(int row) const
{
    const QList<Finding> &findings = m_findings.at(row);
    const int blockers = countOf(findings, Finding::Severity::Blocker);
    const int warnings = countOf(findings, Finding::Severity::Warning);
    if (blockers > 0)
        return tr("Blocked (%n problem(s))", nullptr, blockers);
    if (warnings > 0)
        return tr("Ready, %n warning(s)", nullptr, warnings);
    return tr("Ready");
}

QVariant VmTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[ColumnCount] = {nullptr,
                                                    QT_TR_NOOP("Name"),
                                                    QT_TR_NOOP("Datacenter"),
                                                    QT_TR_NOOP("Cluster"),
                                                    QT_TR_NOOP("Host"),
                                                    QT_TR_NOOP("Folder"),
                                                    QT_TR_NOOP("Power"),
                                                    QT_TR_NOOP("Guest OS"),
                                                    QT_TR_NOOP("Firmware"),
                                                    QT_TR_NOOP("CPUs"),
                                                    QT_TR_NOOP("Memory"),
                                                    QT_TR_NOOP("Disks"),
                                                    QT_TR_NOOP("Networks"),
                                                    QT_TR_NOOP("Snapshots"),
                                                    QT_TR_NOOP("Status")};
    if (section < 0 || section >= ColumnCount)
        return {};
    return section == SelectedColumn ? QString() : tr(titles[section]);
}

Qt::ItemFlags VmTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == SelectedColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool VmTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != SelectedColumn || role != Qt::CheckStateRole)
        return false;
    setSelected({index.row()}, value.toInt() == Qt::Checked);
    return true;
}

} // namespace Ferry
