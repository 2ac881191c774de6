#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace Ferry::Lab {

// A parsed SOAP request as a small element tree (names without prefixes). Bounded:
// deep or huge documents are refused, so a hostile client cannot exhaust memory.
struct XmlNode
{
    QString name;                       // local name
    QString xsiType;                    // xsi:type without prefix, if any
    QHash<QString, QString> attributes; // attributes without a namespace ("type")
    QString text;
    QList<XmlNode> children;

    const XmlNode *child(QStringView childName) const;
    QList<const XmlNode *> childrenNamed(QStringView childName) const;
    QString childText(QStringView childName) const;

    static Result<XmlNode> parse(const QByteArray &xml);
};

} // namespace Ferry::Lab
