#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

#include <mutex>

namespace Ferry::Lab {

class LabStats;

// The sessions behind vmware_soap_session cookies. Thread-safe (one mutex).
// A session expires after idleTimeout seconds without use, as hostd's do; using a
// session refreshes it. The number of sessions is bounded: the least recently used
// one is dropped when the store is full.
class SessionStore
{
public:
    enum class Lookup { Valid, Expired, Unknown };

    struct Session
    {
        QString key; // the UserSession key Login returns
        QString userName;
        QDateTime loginTime;
        QDateTime lastActive;
    };

    SessionStore(int idleTimeoutSeconds, LabStats &stats);

    // Creates a session and returns its cookie value (40 hex digits, no quotes).
    QByteArray create(const QString &userName);
    // Looks a cookie value up and refreshes it when valid; an expired one is removed.
    Lookup touch(const QByteArray &cookie, Session *session = nullptr);
    void remove(const QByteArray &cookie);

    // The cookie value in a "Cookie:" header, or empty.
    static QByteArray cookieFromHeader(const QByteArray &header);
    // The Set-Cookie header value for a session.
    static QByteArray setCookieValue(const QByteArray &cookie);

private:
    void evictOldestLocked();

    const qint64 m_idleMsecs;
    LabStats &m_stats;
    std::mutex m_mutex;
    QHash<QByteArray, Session> m_sessions;
};

} // namespace Ferry::Lab
