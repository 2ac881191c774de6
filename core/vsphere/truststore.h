#pragma once

#include "base/error.h"

#include <QMap>
#include <QString>
#include <QUrl>

namespace Ferry {

// Certificates the user accepted, per "host:port": the GUI asks once per host and
// remembers the SHA-256 fingerprint. Stored as JSON
//   {"version": 1, "hosts": {"esxi.example.com:443": "AB:CD:..."}}
// in QStandardPaths::AppConfigLocation/trusted-hosts.json unless a path is given
// (tests). Not thread-safe: one owner, one thread. Writes are atomic (QSaveFile).
class TrustStore
{
public:
    // filePath empty: defaultPath().
    explicit TrustStore(QString filePath = {});

    static QString defaultPath();
    // "host:port" with the host lower-cased and port 443 when the URL has none.
    static QString hostKey(const QUrl &url);

    QString filePath() const;
    // Reads the file; a missing file is an empty store, a corrupt one an Io error.
    // Entries whose fingerprint is not a SHA-256 fingerprint are dropped.
    Result<void> load();
    Result<void> save() const;

    // The accepted fingerprint ("AB:CD:...") or empty.
    QString fingerprint(const QString &hostKey) const;
    // Remembers fingerprint (any accepted spelling); Usage error if it is not SHA-256.
    Result<void> setFingerprint(const QString &hostKey, const QString &fingerprint);
    void remove(const QString &hostKey);
    QStringList hosts() const;

private:
    QString m_filePath;
    QMap<QString, QString> m_fingerprints;
};

} // namespace Ferry
