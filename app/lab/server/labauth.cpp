#include "labauth.h"

#include "httprequest.h"
#include "labstats.h"
#include "sessionstore.h"

#include <openssl/crypto.h>

namespace Ferry::Lab {

LabAuth::LabAuth(QString user, QString password, bool anyPassword, SessionStore &sessions, LabStats &stats)
    : m_user(std::move(user))
    , m_password(std::move(password))
    , m_anyPassword(anyPassword)
    , m_sessions(sessions)
    , m_stats(stats)
{
}

bool LabAuth::checkPassword(const QString &user, const QString &password) const
{
    if (user != m_user)
        return false;
    if (m_anyPassword)
        return true;
    const QByteArray given = password.toUtf8();
    const QByteArray expected = m_password.toUtf8();
    return given.size() == expected.size() && CRYPTO_memcmp(given.constData(), expected.constData(), size_t(given.size())) == 0;
}

LabAuth::Outcome LabAuth::authorize(const HttpRequest &request, QByteArray *newCookie) const
{
    const QByteArray cookie = SessionStore::cookieFromHeader(request.header("Cookie"));
    const SessionStore::Lookup lookup = m_sessions.touch(cookie);
    if (lookup == SessionStore::Lookup::Valid)
        return Outcome::Session;
    const QByteArray authorization = request.header("Authorization");
    if (authorization.startsWith("Basic ")) {
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const qsizetype colon = decoded.indexOf(':');
        if (colon > 0 && checkPassword(QString::fromUtf8(decoded.left(colon)), QString::fromUtf8(decoded.mid(colon + 1)))) {
            *newCookie = m_sessions.create(m_user);
            return Outcome::Basic;
        }
    }
    ++m_stats.responses401;
    return lookup == SessionStore::Lookup::Expired ? Outcome::ExpiredSession : Outcome::Denied;
}

SessionStore &LabAuth::sessions() const
{
    return m_sessions;
}

} // namespace Ferry::Lab
