#include "inspectsource.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace Ferry {

InspectSource InspectSource::fromImage(const QString &path, const QString &format)
{
    InspectSource target;
    target.kind = Kind::Image;
    target.image = path;
    target.format = format;
    return target;
}

InspectSource InspectSource::fromNbdUri(const QString &uri)
{
    InspectSource target;
    target.kind = Kind::Nbd;
    target.nbdUri = uri;
    return target;
}

InspectSource InspectSource::fromSourceDisk(const SourceEndpoint &endpoint, const QString &datacenter, const QString &datastore,
                                            const QString &flatPath, const QByteArray &sessionCookie)
{
    InspectSource target;
    target.kind = Kind::Http;
    target.http.url = endpoint.folderUrl(datacenter, datastore, flatPath);
    target.http.trust = endpoint.trust;
    if (sessionCookie.isEmpty()) {
        target.http.user = endpoint.user;
        target.http.password = endpoint.password;
    } else {
        target.http.cookie = sessionCookie;
    }
    return target;
}

QString InspectSource::displayName() const
{
    switch (kind) {
    case Kind::Image:
        return image;
    case Kind::Nbd:
        return nbdUri;
    case Kind::Http:
        return http.url.toDisplayString(QUrl::RemoveUserInfo);
    }
    return {};
}

QString InspectSource::detectFormat(const QString &path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly) && file.read(4) == QByteArrayView("QFI\xfb", 4))
        return u"qcow2"_s;
    return u"raw"_s;
}

} // namespace Ferry
