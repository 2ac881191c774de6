#pragma once

#include <QObject>
#include <QString>

class QUrl;

namespace QKeychain {
class Job;
}

namespace Ferry {

// The source password in the system keyring (QtKeychain: Secret Service, KWallet),
// stored under service "Ferry", key "user@host:port".
//
// Never falls back to a file (QtKeychain's insecure fallback stays off): without a
// keyring every job fails and the caller shows a notice; the password then lives in
// memory only. Jobs are asynchronous; each read/write/remove ends in exactly one
// signal, later, on the GUI thread, unless this object is destroyed first.
class KeyringPassword : public QObject
{
    Q_OBJECT

public:
    explicit KeyringPassword(QObject *parent = nullptr);

    static QString keyFor(const QString &user, const QUrl &url);

    void read(const QString &key);
    void write(const QString &key, const QString &password);
    // Forgets the stored password; a missing entry or keyring is not an error.
    void remove(const QString &key);

Q_SIGNALS:
    void passwordRead(const QString &key, const QString &password);
    // No password is stored under key (not an error), or no keyring could be read: a
    // read is only an offer, so its failure is not a notice (the admin asked for
    // nothing); unavailable() says why once.
    void passwordMissing(const QString &key);
    // The first read that failed for another reason than a missing entry: one
    // translated line, for a tooltip.
    void unavailable(const QString &message);
    void passwordWritten(const QString &key);
    // A write failed (the admin asked to remember the password): one translated line,
    // e.g. "the password was not remembered: no system keyring is available (...)".
    void failed(const QString &message);

private:
    QString failureMessage(const QKeychain::Job *job, bool writing) const;

    bool m_readFailureReported = false;
};

} // namespace Ferry
