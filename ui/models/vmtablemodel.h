#pragma once

#include "base/finding.h"
#include "plan/preflight.h"
#include "vsphere/inventory.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace Ferry {

// The inventory's VMs as a table with a selection checkbox per row and each VM's
// preflight findings (blockers and warnings) in the Status column.
//
// Roles beyond the standard ones: SortRole gives numbers for numeric columns (CPUs,
// memory, disk bytes, NIC and snapshot counts, status rank) and lower-case text for
// the others; SearchRole gives "name guest-os datacenter cluster host folder" for
// filtering; DatacenterRole the datacenter path (VmFilterProxy filters on both).
// Where a VM sits (datacenter, cluster, host, folder) has its columns; a VM whose name
// another VM has too (two datacenters of a vCenter) is blocked with a "duplicate-name"
// finding: Ferry names output folders, domains and reports after the VM.
// Rows are in inventory order and stay so; selectedNames() keeps that order.
class VmTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SelectedColumn,
        NameColumn,
        DatacenterColumn,
        ClusterColumn,
        HostColumn,
        FolderColumn,
        PowerColumn,
        GuestOsColumn,
        FirmwareColumn,
        CpuColumn,
        MemoryColumn,
        DisksColumn,
        NicsColumn,
        SnapshotsColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole + 1, SearchRole, DatacenterRole };

    explicit VmTableModel(QObject *parent = nullptr);

    // Replaces the VMs; the selection is cleared.
    void setVms(const QList<VmInfo> &vms);
    // Re-runs preflight on every VM (e.g. after "allow crash-consistent" changed).
    void setPreflightOptions(const PreflightOptions &options);

    const VmInfo &vm(int row) const;
    const QList<Finding> &findings(int row) const;
    int rowOf(const QString &name) const;
    // True when the VMs are in more than one datacenter, a cluster or a VM folder: a
    // vCenter estate whose location columns are worth their width (not one ESXi host).
    bool hasHierarchy() const;
    // The datacenter paths of the VMs, sorted, each once.
    QStringList datacenterPaths() const;

    bool isSelected(int row) const;
    void setSelected(const QList<int> &rows, bool selected);
    // Selects exactly the VMs with these names; returns the names not found.
    QStringList selectNames(const QStringList &names);
    // In inventory order.
    QStringList selectedNames() const;
    QList<int> selectedRows() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void selectionChanged();

private:
    QVariant display(int row, int column) const;
    QVariant sortValue(int row, int column) const;
    QVariant toolTip(int row, int column) const;
    QString statusText(int row) const;
    int statusRank(int row) const;
    void recomputeFindings();

    QList<VmInfo> m_vms;
    QList<QList<Finding>> m_findings;
    QList<bool> m_selected;
    PreflightOptions m_options;
};

} // namespace Ferry
