#include "truststore.h"

#include "tlstrust.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
constexpr qint64 maxFileSize = 4 * 1024 * 1024;
}

TrustStore::TrustStore(QString filePath)
    : m_filePath(filePath.isEmpty() ? defaultPath() : std::move(filePath))
{
}

QString TrustStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/trusted-hosts.json"_s;
}

QString TrustStore::hostKey(const QUrl &url)
{
    return url.host().toLower() + u':' + QString::number(url.port(443));
}

QString TrustStore::filePath() const
{
    return m_filePath;
}

Result<void> TrustStore::load()
{
    m_fingerprints.clear();
    QFile file(m_filePath);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, u"cannot read the trusted hosts file %1"_s.arg(m_filePath), file.errorString());
    if (file.size() > maxFileSize)
        return fail(ErrorCode::Io, u"the trusted hosts file %1 is larger than 4 MiB; remove or fix it"_s.arg(m_filePath));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return fail(ErrorCode::Io, u"the trusted hosts file %1 is not valid JSON; remove or fix it"_s.arg(m_filePath),
                    parseError.errorString());
    const QJsonObject hosts = document.object().value(u"hosts"_s).toObject();
    for (auto it = hosts.begin(); it != hosts.end(); ++it) {
        const QString fingerprint = TlsTrust::normalizeFingerprint(it.value().toString());
        if (!fingerprint.isEmpty())
            m_fingerprints.insert(it.key(), fingerprint);
    }
    return {};
}

Result<void> TrustStore::save() const
{
    const QFileInfo info(m_filePath);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(ErrorCode::Io, u"cannot create the directory %1"_s.arg(info.absolutePath()));
    QJsonObject hosts;
    for (auto it = m_fingerprints.begin(); it != m_fingerprints.end(); ++it)
        hosts.insert(it.key(), it.value());
    const QJsonObject root{{u"version"_s, 1}, {u"hosts"_s, hosts}};
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, u"cannot write the trusted hosts file %1"_s.arg(m_filePath), file.errorString());
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return fail(ErrorCode::Io, u"cannot write the trusted hosts file %1"_s.arg(m_filePath), file.errorString());
    return {};
}

QString TrustStore::fingerprint(const QString &hostKey) const
{
    return m_fingerprints.value(hostKey);
}

Result<void> TrustStore::setFingerprint(const QString &hostKey, const QString &fingerprint)
{
    const QString normalized = TlsTrust::normalizeFingerprint(fingerprint);
    if (normalized.isEmpty())
        return fail(ErrorCode::Usage, u"'%1' is not a SHA-256 fingerprint"_s.arg(fingerprint.left(100)));
    if (hostKey.isEmpty())
        return fail(ErrorCode::Usage, u"a trusted certificate needs a host"_s);
    m_fingerprints.insert(hostKey, normalized);
    return {};
}

void TrustStore::remove(const QString &hostKey)
{
    m_fingerprints.remove(hostKey);
}

QStringList TrustStore::hosts() const
{
    return m_fingerprints.keys();
}

} // namespace Ferry
