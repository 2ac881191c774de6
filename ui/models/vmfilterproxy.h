#pragma once

#include <QSortFilterProxyModel>

namespace Ferry {

// The VMs page's proxy over VmTableModel: sorts by SortRole, matches the filter text
// against SearchRole (name, guest OS, datacenter, cluster, host, folder) and, when a
// datacenter is chosen, keeps only that datacenter's VMs (DatacenterRole).
class VmFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit VmFilterProxy(QObject *parent = nullptr);

    // A datacenter path ("F0/DC1"); empty shows every datacenter.
    void setDatacenter(const QString &path);
    QString datacenter() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_datacenter;
};

} // namespace Ferry
