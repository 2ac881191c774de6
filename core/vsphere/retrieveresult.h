#pragma once

#include "base/error.h"
#include "managedobjectref.h"
#include "xmlelement.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace Ferry {

// One object of a RetrievePropertiesEx answer: its moref and the <val> element of
// each property path that came back. A path the server could not read (an unset
// config, a missing snapshot) is simply absent, or listed in missingPaths.
struct ObjectContent
{
    ManagedObjectRef obj;
    QHash<QString, XmlElement> properties;
    QStringList missingPaths;

    // The <val> element of a property path, or nullptr when it did not come back.
    const XmlElement *property(const QString &path) const;
};

// One page of RetrievePropertiesEx / ContinueRetrievePropertiesEx.
struct RetrieveResult
{
    QList<ObjectContent> objects;
    QString token; // empty on the last page

    // Reads the <...Response> element; no <returnval> means no objects matched.
    static Result<RetrieveResult> fromResponse(const XmlElement &response);
};

} // namespace Ferry
