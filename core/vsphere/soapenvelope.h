#pragma once

#include "managedobjectref.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Ferry {

// Builds vim25 request XML. Arguments are appended in the order the caller gives,
// which must be the XSD sequence of the method (vim25 servers reject reordering).
// Text is escaped here, so a password with '<' or '&' travels intact.
class SoapEnvelope
{
public:
    // The whole request: Envelope/Body/<method xmlns="urn:vim25"><_this .../>args</method>.
    static QByteArray build(const QString &method, const ManagedObjectRef &thisRef, const QByteArray &argumentsXml);

    // <name>escaped text</name>
    static QByteArray element(const QString &name, const QString &text);
    // <name type="T">value</name>
    static QByteArray moref(const QString &name, const ManagedObjectRef &ref);
    // <name>true|false</name>
    static QByteArray boolean(const QString &name, bool value);
    // Escapes &, <, >, " and ' and drops characters XML 1.0 cannot carry at all.
    static QByteArray escape(QStringView text);
};

} // namespace Ferry
