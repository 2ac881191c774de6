#include "keyringpassword.h"

#include <qt6keychain/keychain.h>

#include <QUrl>

#include <utility>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
const QString serviceName = u"Ferry"_s;
}

KeyringPassword::KeyringPassword(QObject *parent)
    : QObject(parent)
{
}

QString KeyringPassword::keyFor(const QString &user, const QUrl &url)
{
    return user + u'@' + url.host().toLower() + u':' + QString::number(url.port(443));
}

void KeyringPassword::read(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName, this);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, key] {
        if (job->error() == QKeychain::NoError) {
            Q_EMIT passwordRead(key, job->textData());
            return;
        }
        if (job->error() != QKeychain::EntryNotFound && !std::exchange(m_readFailureReported, true))
            Q_EMIT unavailable(failureMessage(job, false));
        Q_EMIT passwordMissing(key);
    });
    job->start();
}

void KeyringPassword::write(const QString &key, const QString &password)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName, this);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, job, key] {
        if (job->error() == QKeychain::NoError)
            Q_EMIT passwordWritten(key);
        else
            Q_EMIT failed(failureMessage(job, true));
    });
    job->start();
}

void KeyringPassword::remove(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName, this);
    job->setInsecureFallback(false);
    job->setKey(key);
    job->start();
}

QString KeyringPassword::failureMessage(const QKeychain::Job *job, bool writing) const
{
    const QString reason = job->errorString();
    if (job->error() == QKeychain::NoBackendAvailable || job->error() == QKeychain::NotImplemented)
        return writing ? tr("The password was not remembered: no system keyring is available (%1).").arg(reason)
                       : tr("No system keyring is available (%1); enter the password.").arg(reason);
    return writing ? tr("The password was not remembered: the system keyring is not available or refused it (%1).").arg(reason)
                   : tr("The system keyring could not be read (%1); enter the password.").arg(reason);
}

} // namespace Ferry
