#include "labcollector.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

constexpr qsizetype maxViews = 1024;
constexpr qsizetype maxTokens = 256;
constexpr int maxTraversalDepth = 32;

SoapFault notFound(const QString &moref)
{
    return SoapFault{"ManagedObjectNotFound", u"The object '%1' has already been deleted or has not been completely created"_s.arg(moref),
                     "<obj type=\"ManagedEntity\">" + SoapWriter::escape(moref) + "</obj>"};
}

SoapFault invalidArgument(const QString &name)
{
    return SoapFault{"InvalidArgument", u"A specified parameter was not correct: %1"_s.arg(name),
                     "<invalidProperty>" + SoapWriter::escape(name) + "</invalidProperty>"};
}

bool isTrue(const XmlNode *node)
{
    return node && node->text.trimmed() == u"true";
}

// Every named TraversalSpec in a spec, so a SelectionSpec can refer to it by name.
void collectNamed(const XmlNode &node, QHash<QString, const XmlNode *> &named, int depth = 0)
{
    if (depth > maxTraversalDepth)
        return;
    for (const XmlNode *select : node.childrenNamed(u"selectSet")) {
        if (select->child(u"path") && !select->childText(u"name").isEmpty())
            named.insert(select->childText(u"name"), select);
        collectNamed(*select, named, depth + 1);
    }
}

} // namespace

LabCollector::LabCollector(const ObjectTable &objects, int maxObjectsCap, const LabPower *power)
    : m_objects(objects)
    , m_maxObjectsCap(maxObjectsCap)
    , m_power(power)
{
}

LabCollector::Answer<QString> LabCollector::createView(const QString &container, const QList<QByteArray> &types, bool recursive)
{
    if (!m_objects.object(container))
        return std::unexpected(notFound(container));
    const QStringList members = m_objects.contents(container, types, recursive);
    // hostd names views after the session; a UUID keeps them unique across sessions.
    const QString view = u"session[%1]%2"_s.arg(QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                QUuid::createUuid().toString(QUuid::WithoutBraces));
    std::lock_guard lock(m_mutex);
    if (m_views.size() >= maxViews)
        m_views.erase(m_views.begin()); // a leaking client must not grow us without bound
    m_views.insert(view, members);
    return view;
}

bool LabCollector::destroyView(const QString &view)
{
    std::lock_guard lock(m_mutex);
    return m_views.remove(view) > 0;
}

QByteArray LabCollector::typeOf(const QString &moref) const
{
    if (const LabObject *object = m_objects.object(moref))
        return object->type;
    if (QByteArray type = m_power ? m_power->typeOf(moref) : QByteArray(); !type.isEmpty())
        return type;
    std::lock_guard lock(m_mutex);
    return m_views.contains(moref) ? QByteArray("ContainerView") : QByteArray();
}

QStringList LabCollector::referencesOf(const QString &moref, const QString &path) const
{
    if (m_objects.object(moref))
        return m_objects.references(moref, path);
    std::lock_guard lock(m_mutex);
    return path == u"view" ? m_views.value(moref) : QStringList();
}

void LabCollector::traverse(const QString &moref, const QList<const XmlNode *> &selectSet, const QHash<QString, const XmlNode *> &named,
                            QStringList &found, QSet<QString> &visited, int depth) const
{
    if (depth > maxTraversalDepth)
        return;
    const QByteArray type = typeOf(moref);
    for (const XmlNode *select : selectSet) {
        const XmlNode *spec = select->child(u"path") ? select : named.value(select->childText(u"name"));
        if (!spec || !ObjectTable::isA(type, spec->childText(u"type").toLatin1()))
            continue;
        const QString key = moref + u'\n' + spec->childText(u"name") + u'\n' + spec->childText(u"path");
        if (visited.contains(key))
            continue;
        visited.insert(key);
        const bool skip = isTrue(spec->child(u"skip"));
        for (const QString &next : referencesOf(moref, spec->childText(u"path"))) {
            if (!skip && !found.contains(next))
                found.append(next);
            traverse(next, spec->childrenNamed(u"selectSet"), named, found, visited, depth + 1);
        }
    }
}

LabCollector::Answer<QList<QByteArray>> LabCollector::collectSpec(const XmlNode &spec) const
{
    QHash<QString, const XmlNode *> named;
    QStringList found;
    QSet<QString> visited;
    for (const XmlNode *objectSet : spec.childrenNamed(u"objectSet"))
        collectNamed(*objectSet, named);
    for (const XmlNode *objectSet : spec.childrenNamed(u"objectSet")) {
        const QString moref = objectSet->childText(u"obj");
        if (typeOf(moref).isEmpty())
            return std::unexpected(notFound(moref));
        if (!isTrue(objectSet->child(u"skip")) && !found.contains(moref))
            found.append(moref);
        traverse(moref, objectSet->childrenNamed(u"selectSet"), named, found, visited, 0);
    }
    const QList<const XmlNode *> propSets = spec.childrenNamed(u"propSet");
    QList<QByteArray> objects;
    for (const QString &moref : std::as_const(found)) {
        const QByteArray type = typeOf(moref);
        QList<const XmlNode *> matching;
        for (const XmlNode *propSet : propSets) {
            if (ObjectTable::isA(type, propSet->childText(u"type").toLatin1()))
                matching.append(propSet);
        }
        if (!matching.isEmpty())
            objects.append(render(moref, matching));
    }
    return objects;
}

QByteArray LabCollector::render(const QString &moref, const QList<const XmlNode *> &propSets) const
{
    const QByteArray type = typeOf(moref);
    QByteArray out = "<objects>" + SoapWriter::reference("obj", type, moref);
    const LabObject *object = m_objects.object(moref);
    QStringList paths;
    for (const XmlNode *propSet : propSets) {
        if (isTrue(propSet->child(u"all")) && object) {
            for (const auto &property : object->properties)
                paths.append(property.first);
        }
        for (const XmlNode *path : propSet->childrenNamed(u"pathSet"))
            paths.append(path->text.trimmed());
    }
    paths.removeDuplicates();
    for (const QString &path : std::as_const(paths)) {
        QByteArray val;
        if (const auto changed = m_power ? m_power->property(moref, path) : std::nullopt) {
            val = changed->renderVal();
        } else if (object) {
            const DataNode *value = object->find(path);
            if (value && !value->isEmptyArray())
                val = value->renderVal();
        } else if (path == u"view") {
            val = "<val xsi:type=\"ArrayOfManagedObjectReference\">";
            for (const QString &member : referencesOf(moref, path))
                val += SoapWriter::reference("ManagedObjectReference", typeOf(member), member);
            val += "</val>";
        }
        if (!val.isEmpty())
            out += "<propSet><name>" + SoapWriter::escape(path) + "</name>" + val + "</propSet>";
    }
    return out + "</objects>";
}

LabCollector::Answer<QList<QByteArray>> LabCollector::collect(const XmlNode &call) const
{
    const QList<const XmlNode *> specs = call.childrenNamed(u"specSet");
    if (specs.isEmpty())
        return std::unexpected(invalidArgument(u"specSet"_s));
    QList<QByteArray> objects;
    for (const XmlNode *spec : specs) {
        auto part = collectSpec(*spec);
        if (!part)
            return std::unexpected(part.error());
        objects += *part;
    }
    return objects;
}

QByteArray LabCollector::pageOut(QList<QByteArray> objects, qsizetype pageSize)
{
    if (objects.isEmpty())
        return {};
    QByteArray out;
    if (pageSize > 0 && objects.size() > pageSize) {
        std::lock_guard lock(m_mutex);
        const QString token = QString::number(m_nextId++);
        m_tokens.insert(token, Page{objects.mid(pageSize), pageSize});
        m_tokenOrder.append(token);
        if (m_tokenOrder.size() > maxTokens)
            m_tokens.remove(m_tokenOrder.takeFirst());
        out += "<token>" + token.toLatin1() + "</token>";
        objects = objects.first(pageSize);
    }
    for (const QByteArray &object : std::as_const(objects))
        out += object;
    return out;
}

LabCollector::Answer<QByteArray> LabCollector::retrieveEx(const XmlNode &call)
{
    auto objects = collect(call);
    if (!objects)
        return std::unexpected(objects.error());
    bool ok = false;
    const XmlNode *options = call.child(u"options");
    qsizetype pageSize = options ? options->childText(u"maxObjects").toInt(&ok) : 0;
    if (!ok || pageSize < 0)
        pageSize = 0;
    if (m_maxObjectsCap > 0)
        pageSize = pageSize > 0 ? std::min<qsizetype>(pageSize, m_maxObjectsCap) : m_maxObjectsCap;
    return pageOut(*objects, pageSize);
}

LabCollector::Answer<QByteArray> LabCollector::continueEx(const QString &token)
{
    Page page;
    {
        std::lock_guard lock(m_mutex);
        if (!m_tokens.contains(token))
            return std::unexpected(invalidArgument(u"token"_s));
        page = m_tokens.take(token);
        m_tokenOrder.removeAll(token);
    }
    return pageOut(page.objects, page.pageSize);
}

void LabCollector::cancel(const QString &token)
{
    std::lock_guard lock(m_mutex);
    m_tokens.remove(token);
    m_tokenOrder.removeAll(token);
}

LabCollector::Answer<QByteArray> LabCollector::retrieve(const XmlNode &call)
{
    auto objects = collect(call);
    if (!objects)
        return std::unexpected(objects.error());
    QByteArray out;
    for (QByteArray object : std::as_const(*objects)) {
        // RetrieveProperties returns each ObjectContent as its own <returnval>.
        object.replace(0, int(sizeof "<objects>") - 1, "<returnval>");
        object.chop(int(sizeof "</objects>") - 1);
        out += object + "</returnval>";
    }
    return out;
}

} // namespace Ferry::Lab
