#include "tlstrust.h"

#include <QCryptographicHash>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
constexpr char refusedProperty[] = "ferryRefusedFingerprint";
}

TlsTrust::TlsTrust(Mode mode, QString fingerprint)
    : m_mode(mode)
    , m_fingerprint(std::move(fingerprint))
{
}

TlsTrust TlsTrust::system()
{
    return TlsTrust(Mode::System, {});
}

TlsTrust TlsTrust::pinned(const QString &fingerprint)
{
    return TlsTrust(Mode::Pinned, normalizeFingerprint(fingerprint));
}

TlsTrust TlsTrust::insecure()
{
    return TlsTrust(Mode::Insecure, {});
}

TlsTrust::Mode TlsTrust::mode() const
{
    return m_mode;
}

QString TlsTrust::pinnedFingerprint() const
{
    return m_fingerprint;
}

bool TlsTrust::accepts(const QSslCertificate &peer, const QList<QSslError> &errors) const
{
    switch (m_mode) {
    case Mode::Insecure:
        return true;
    case Mode::System:
        return errors.isEmpty();
    case Mode::Pinned:
        return !peer.isNull() && !m_fingerprint.isEmpty() && fingerprint(peer) == m_fingerprint;
    }
    return false;
}

void TlsTrust::apply(QNetworkReply *reply) const
{
    const TlsTrust policy = *this;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [policy, reply](const QList<QSslError> &errors) {
        const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
        if (policy.accepts(peer, errors)) {
            reply->ignoreSslErrors(errors);
            return;
        }
        reply->setProperty(refusedProperty, fingerprint(peer));
    });
    // A CA-valid certificate raises no sslErrors, so a pin is also checked once encrypted.
    if (m_mode == Mode::Pinned) {
        QObject::connect(reply, &QNetworkReply::encrypted, reply, [policy, reply] {
            const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
            if (!policy.accepts(peer, {})) {
                reply->setProperty(refusedProperty, fingerprint(peer));
                reply->abort();
            }
        });
    }
}

QString TlsTrust::refusedFingerprint(const QNetworkReply *reply)
{
    return reply->property(refusedProperty).toString();
}

QString TlsTrust::fingerprint(const QSslCertificate &certificate)
{
    const QByteArray digest = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QString out;
    out.reserve(digest.size() * 3 / 2);
    for (qsizetype i = 0; i < digest.size(); i += 2) {
        if (i > 0)
            out += u':';
        out += QLatin1StringView(digest.mid(i, 2));
    }
    return out;
}

QString TlsTrust::normalizeFingerprint(const QString &text)
{
    QString hex;
    for (const QChar c : text) {
        if (c == u':' || c.isSpace())
            continue;
        if (!((c >= u'0' && c <= u'9') || (c.toLower() >= u'a' && c.toLower() <= u'f')))
            return {};
        hex += c.toUpper();
    }
    if (hex.size() != 64)
        return {};
    QString out;
    for (qsizetype i = 0; i < hex.size(); i += 2) {
        if (i > 0)
            out += u':';
        out += QStringView(hex).mid(i, 2);
    }
    return out;
}

} // namespace Ferry
