#pragma once

#include "datastore/datanode.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Ferry::Lab {

// One managed object: its reference, its type and its top-level properties as value
// trees. `children` lists what it contains for container views (Folder.childEntity,
// a datacenter's folders, a compute resource's host).
struct LabObject
{
    QString moref;
    QByteArray type;
    QList<std::pair<QString, DataNode>> properties;
    QStringList children;

    LabObject &set(const QString &name, DataNode value);
    // The value at a property path ("config.hardware.device"), or nullptr when unset.
    const DataNode *find(const QString &path) const;
};

// The lab's managed objects. Built once at start, then read-only and shared by all
// connection threads without locking.
class ObjectTable
{
public:
    void add(LabObject object);
    const LabObject *object(const QString &moref) const;
    // Objects of the wanted types below `container` (direct children unless recursive).
    QStringList contents(const QString &container, const QList<QByteArray> &types, bool recursive) const;
    // The managed object references a property holds (one reference or an array of them).
    QStringList references(const QString &moref, const QString &path) const;

    // vim25 inheritance as far as the lab needs it: isA("Folder", "ManagedEntity") is true.
    static bool isA(const QByteArray &type, const QByteArray &wanted);

private:
    void collect(const QString &container, const QList<QByteArray> &types, bool recursive, QStringList &out, int depth) const;

    QHash<QString, LabObject> m_objects;
};

} // namespace Ferry::Lab
