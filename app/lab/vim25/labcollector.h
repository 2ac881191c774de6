#pragma once

#include "labpower.h"
#include "objecttable.h"
#include "soapwriter.h"
#include "xmlnode.h"

#include <QHash>
#include <QSet>

#include <expected>
#include <mutex>

namespace Ferry::Lab {

// The PropertyCollector and ViewManager of the lab: container views, RetrieveProperties(Ex)
// with generic TraversalSpec/SelectionSpec walking, and paging with tokens. Answers exactly
// the requested paths; unset or unknown paths are left out. Thread-safe (one mutex for
// views and tokens; the object table is read-only).
class LabCollector
{
public:
    template<typename T>
    using Answer = std::expected<T, SoapFault>;

    // maxObjectsCap: --max-objects, 0 for none. power (may be null) answers for VM power
    // states and its tasks ahead of the object table.
    LabCollector(const ObjectTable &objects, int maxObjectsCap, const LabPower *power = nullptr);

    Answer<QString> createView(const QString &container, const QList<QByteArray> &types, bool recursive);
    bool destroyView(const QString &view);
    // RetrievePropertiesEx: the inner XML of <returnval>, empty when nothing matched.
    Answer<QByteArray> retrieveEx(const XmlNode &call);
    // ContinueRetrievePropertiesEx: the next page of a token.
    Answer<QByteArray> continueEx(const QString &token);
    void cancel(const QString &token);
    // RetrieveProperties: every ObjectContent, each its own <returnval>.
    Answer<QByteArray> retrieve(const XmlNode &call);

private:
    struct Page
    {
        QList<QByteArray> objects;
        qsizetype pageSize = 0;
    };

    Answer<QList<QByteArray>> collect(const XmlNode &call) const;
    Answer<QList<QByteArray>> collectSpec(const XmlNode &spec) const;
    void traverse(const QString &moref, const QList<const XmlNode *> &selectSet, const QHash<QString, const XmlNode *> &named,
                  QStringList &found, QSet<QString> &visited, int depth) const;
    QByteArray typeOf(const QString &moref) const;
    QStringList referencesOf(const QString &moref, const QString &path) const;
    QByteArray render(const QString &moref, const QList<const XmlNode *> &propSets) const;
    QByteArray pageOut(QList<QByteArray> objects, qsizetype pageSize);

    const ObjectTable &m_objects;
    const int m_maxObjectsCap;
    const LabPower *m_power;
    mutable std::mutex m_mutex;
    QHash<QString, QStringList> m_views; // ContainerView moref -> members
    QHash<QString, Page> m_tokens;
    QStringList m_tokenOrder; // oldest first, for eviction
    quint64 m_nextId = 1;
};

} // namespace Ferry::Lab
