#include "sessionstore.h"

#include "labstats.h"

#include <QRandomGenerator>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {
constexpr qsizetype maxSessions = 4096;
}

SessionStore::SessionStore(int idleTimeoutSeconds, LabStats &stats)
    : m_idleMsecs(qint64(idleTimeoutSeconds) * 1000)
    , m_stats(stats)
{
}

QByteArray SessionStore::create(const QString &userName)
{
    quint32 words[5];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray cookie = QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // hostd session keys are UUID-shaped and start with 52.
    QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
    key.replace(0, 2, u"52"_s);
    std::lock_guard lock(m_mutex);
    if (m_sessions.size() >= maxSessions)
        evictOldestLocked();
    m_sessions.insert(cookie, Session{key, userName, now, now});
    return cookie;
}

SessionStore::Lookup SessionStore::touch(const QByteArray &cookie, Session *session)
{
    if (cookie.isEmpty())
        return Lookup::Unknown;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    std::lock_guard lock(m_mutex);
    auto it = m_sessions.find(cookie);
    if (it == m_sessions.end())
        return Lookup::Unknown;
    if (m_idleMsecs > 0 && it->lastActive.msecsTo(now) > m_idleMsecs) {
        m_sessions.erase(it);
        ++m_stats.sessionExpiries;
        return Lookup::Expired;
    }
    it->lastActive = now;
    if (session)
        *session = *it;
    return Lookup::Valid;
}

void SessionStore::remove(const QByteArray &cookie)
{
    std::lock_guard lock(m_mutex);
    m_sessions.remove(cookie);
}

void SessionStore::evictOldestLocked()
{
    auto oldest = m_sessions.begin();
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if (it->lastActive < oldest->lastActive)
            oldest = it;
    }
    if (oldest != m_sessions.end())
        m_sessions.erase(oldest);
}

QByteArray SessionStore::cookieFromHeader(const QByteArray &header)
{
    for (QByteArray part : header.split(';')) {
        part = part.trimmed();
        if (!part.startsWith("vmware_soap_session="))
            continue;
        QByteArray value = part.mid(int(sizeof "vmware_soap_session=") - 1);
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

QByteArray SessionStore::setCookieValue(const QByteArray &cookie)
{
    return "vmware_soap_session=\"" + cookie + "\"; Path=/; HttpOnly; Secure";
}

} // namespace Ferry::Lab
