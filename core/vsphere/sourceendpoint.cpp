#include "sourceendpoint.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QUrl baseUrl(const QUrl &url)
{
    QUrl base;
    base.setScheme(url.scheme().isEmpty() ? u"https"_s : url.scheme());
    base.setHost(url.host());
    if (url.port() > 0)
        base.setPort(url.port());
    return base;
}

// Percent-encodes everything but unreserved characters, as ESXi's /folder handler expects.
QString encodeComponent(const QString &text, const QByteArray &keep = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, keep));
}

} // namespace

QUrl SourceEndpoint::sdkUrl() const
{
    QUrl sdk = baseUrl(url);
    sdk.setPath(u"/sdk"_s);
    return sdk;
}

QUrl SourceEndpoint::folderUrl(const QString &datacenter, const QString &datastore, const QString &path) const
{
    // Built from encoded text so that QUrl neither decodes nor double-encodes it.
    const QUrl base = baseUrl(url);
    const QString text = base.toString(QUrl::FullyEncoded) + u"/folder/" + encodeComponent(path, "/") + u"?dcPath="
        + encodeComponent(datacenter) + u"&dsName=" + encodeComponent(datastore);
    return QUrl::fromEncoded(text.toLatin1(), QUrl::StrictMode);
}

QByteArray SourceEndpoint::basicAuthorization() const
{
    return "Basic " + (user + u':' + password).toUtf8().toBase64();
}

} // namespace Ferry
