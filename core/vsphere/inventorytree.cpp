#include "inventorytree.h"

#include "xmlelement.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Folder nesting deeper than this is a loop in the parent chain.
constexpr int maxDepth = 64;

} // namespace

InventoryTree::InventoryTree(const QList<ObjectContent> &objects)
{
    for (const ObjectContent &object : objects) {
        const XmlElement *name = object.property(u"name"_s);
        m_nodes.insert(object.obj.value,
                       Node{object.obj.type, name ? name->text() : QString(), ManagedObjectRef::fromElement(object.property(u"parent"_s))});
    }
}

VmPlacement InventoryTree::placement(const ManagedObjectRef &parentFolder, const ManagedObjectRef &host) const
{
    VmPlacement out;
    out.folder = folderPath(parentFolder);
    const auto hostNode = m_nodes.constFind(host.value);
    if (hostNode == m_nodes.constEnd())
        return out;
    out.host = hostNode->name;
    const auto compute = m_nodes.constFind(hostNode->parent.value);
    // A standalone host's parent is a plain ComputeResource named like the host.
    if (compute != m_nodes.constEnd() && compute->type == u"ClusterComputeResource")
        out.cluster = compute->name;
    return out;
}

// The folder names from the datacenter's vm folder (not included) down to folder.
QString InventoryTree::folderPath(const ManagedObjectRef &folder) const
{
    QStringList parts;
    ManagedObjectRef current = folder;
    for (int depth = 0; depth < maxDepth && !current.isNull(); ++depth) {
        const auto node = m_nodes.constFind(current.value);
        if (node == m_nodes.constEnd() || node->type != u"Folder")
            return {};
        // The datacenter's own vm folder has the datacenter as its parent.
        if (node->parent.type == u"Datacenter")
            return parts.join(u'/');
        parts.prepend(node->name);
        current = node->parent;
    }
    return {};
}

} // namespace Ferry
