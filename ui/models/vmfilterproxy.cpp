#include "vmfilterproxy.h"

#include "vmtablemodel.h"

namespace Ferry {

VmFilterProxy::VmFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(VmTableModel::SortRole);
    setFilterRole(VmTableModel::SearchRole);
    setFilterKeyColumn(VmTableModel::NameColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void VmFilterProxy::setDatacenter(const QString &path)
{
    if (path == m_datacenter)
        return;
    m_datacenter = path;
    invalidateFilter();
}

QString VmFilterProxy::datacenter() const
{
    return m_datacenter;
}

bool VmFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_datacenter.isEmpty()) {
        const QModelIndex index = sourceModel()->index(sourceRow, VmTableModel::NameColumn, sourceParent);
        if (index.data(VmTableModel::DatacenterRole).toString() != m_datacenter)
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace Ferry
