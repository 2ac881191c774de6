#pragma once

#include <QByteArray>
#include <QString>

namespace Ferry::Lab {

class LabStats;
class SessionStore;
struct HttpRequest;

// Who may do what: the one user, its password (or any password when none was
// configured), Basic authorization and session cookies. Thread-safe (read-only state
// plus the thread-safe session store).
class LabAuth
{
public:
    enum class Outcome { Session, Basic, ExpiredSession, Denied };

    LabAuth(QString user, QString password, bool anyPassword, SessionStore &sessions, LabStats &stats);

    bool checkPassword(const QString &user, const QString &password) const;
    // /folder: a valid session cookie, else valid Basic credentials. With Basic, a new
    // session is created and *newCookie set so the answer can carry Set-Cookie, as ESXi does.
    Outcome authorize(const HttpRequest &request, QByteArray *newCookie) const;
    SessionStore &sessions() const;

private:
    QString m_user;
    QString m_password;
    bool m_anyPassword;
    SessionStore &m_sessions;
    LabStats &m_stats;
};

} // namespace Ferry::Lab
