#pragma once

#include "tlstrust.h"

#include <QString>
#include <QUrl>

namespace Ferry {

// Where and as whom to reach an ESXi host or vCenter. Shared by the SOAP session
// (inventory) and the transfer engine (/folder reads). The password lives only in
// memory: it is never serialised, logged or passed on a command line.
struct SourceEndpoint
{
    QUrl url; // https://host[:port]; path and query are ignored
    QString user;
    QString password;
    TlsTrust trust = TlsTrust::system();

    // https://host:port/sdk
    QUrl sdkUrl() const;
    // https://host:port/folder/<path>?dcPath=<dc>&dsName=<ds>, path and names percent-encoded.
    QUrl folderUrl(const QString &datacenter, const QString &datastore, const QString &path) const;
    // "Basic base64(user:password)"
    QByteArray basicAuthorization() const;
};

} // namespace Ferry
