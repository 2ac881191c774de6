#pragma once

#include "base/error.h"

#include <QList>
#include <QString>

namespace Ferry {

// One element of a parsed vim25 response: an owned, immutable-after-parse tree.
// Names are local names (namespace prefixes dropped), because vim25 servers spell
// prefixes differently (govmomi writes "XMLSchema-instance:type" where ESXi writes
// "xsi:type"); xsiType() is the local part of the xsi:type attribute ("VirtualDisk",
// "string" for "xsd:string"). Built by XmlTreeReader.
class XmlElement
{
public:
    XmlElement() = default;
    explicit XmlElement(QString name, QString text = {});

    QString name() const;
    QString xsiType() const;
    // Raw character data directly inside this element (not of its children).
    QString text() const;
    // Value of the attribute with this local name, empty when absent.
    QString attribute(QStringView localName) const;
    const QList<XmlElement> &children() const;

    // The first child with this local name, or nullptr.
    const XmlElement *child(QStringView name) const;
    // All children with this local name, in document order.
    QList<const XmlElement *> childrenNamed(QStringView name) const;
    // Text of the first child with this name; empty when there is none.
    QString childText(QStringView name) const;
    // Follows a dotted path of child names ("backing.port.portgroupKey"); nullptr if absent.
    const XmlElement *find(QStringView dottedPath) const;

    // Typed reads of the text. A Protocol error names the element and the bad value,
    // so a lying server gets a clear message instead of a silent zero.
    Result<qint64> toInteger() const;
    Result<bool> toBool() const;
    // The same for a child: fallback when the child is absent, an error when it is garbage.
    Result<qint64> childInteger(QStringView name, qint64 fallback) const;
    Result<bool> childBool(QStringView name, bool fallback) const;

    // Builders, used by XmlTreeReader and by tests that compose trees.
    void setXsiType(const QString &type);
    void addAttribute(const QString &localName, const QString &value);
    void appendText(QStringView text);
    XmlElement &appendChild(XmlElement child);

private:
    QString m_name;
    QString m_xsiType;
    QString m_text;
    QList<std::pair<QString, QString>> m_attributes;
    QList<XmlElement> m_children;
};

} // namespace Ferry
