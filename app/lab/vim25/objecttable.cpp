#include "objecttable.h"

namespace Ferry::Lab {

namespace {
constexpr int maxDepth = 32;
}

LabObject &LabObject::set(const QString &name, DataNode value)
{
    properties.append({name, std::move(value)});
    return *this;
}

const DataNode *LabObject::find(const QString &path) const
{
    const qsizetype dot = path.indexOf(u'.');
    const QStringView head = dot < 0 ? QStringView(path) : QStringView(path).left(dot);
    for (const auto &[name, value] : properties) {
        if (name == head)
            return value.find(dot < 0 ? QStringView() : QStringView(path).mid(dot + 1));
    }
    return nullptr;
}

void ObjectTable::add(LabObject object)
{
    const QString moref = object.moref;
    m_objects.insert(moref, std::move(object));
}

const LabObject *ObjectTable::object(const QString &moref) const
{
    auto it = m_objects.constFind(moref);
    return it == m_objects.cend() ? nullptr : &*it;
}

bool ObjectTable::isA(const QByteArray &type, const QByteArray &wanted)
{
    if (type == wanted)
        return true;
    static const QList<QByteArray> entities = {"Folder",  "Datacenter", "VirtualMachine",  "Datastore",
                                               "Network", "HostSystem", "ComputeResource", "ResourcePool"};
    if (wanted == "ManagedEntity")
        return entities.contains(type);
    return false;
}

QStringList ObjectTable::contents(const QString &container, const QList<QByteArray> &types, bool recursive) const
{
    QStringList out;
    collect(container, types, recursive, out, 0);
    return out;
}

void ObjectTable::collect(const QString &container, const QList<QByteArray> &types, bool recursive, QStringList &out, int depth) const
{
    const LabObject *parent = object(container);
    if (!parent || depth > maxDepth)
        return;
    for (const QString &moref : parent->children) {
        const LabObject *child = object(moref);
        if (!child)
            continue;
        const bool wanted = types.isEmpty()
            || std::any_of(types.begin(), types.end(), [child](const QByteArray &type) { return isA(child->type, type); });
        if (wanted && !out.contains(moref))
            out.append(moref);
        if (recursive)
            collect(moref, types, true, out, depth + 1);
    }
}

QStringList ObjectTable::references(const QString &moref, const QString &path) const
{
    const LabObject *owner = object(moref);
    const DataNode *value = owner ? owner->find(path) : nullptr;
    if (!value)
        return {};
    return value->referenceValues();
}

} // namespace Ferry::Lab
