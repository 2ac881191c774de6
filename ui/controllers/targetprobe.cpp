#include "targetprobe.h"

#include <QThread>

namespace Ferry {

TargetProbe::TargetProbe(QObject *parent)
    : QObject(parent)
{
}

TargetProbe::~TargetProbe()
{
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
}

void TargetProbe::probe(const QString &uri)
{
    run(uri, {});
}

void TargetProbe::createPool(const QString &uri, const QString &name, const QString &path)
{
    run(uri, [name, path](LibvirtConnection &connection) {
        auto created = connection.createDirectoryPool(name, path);
        return created ? QString() : created.error().message();
    });
}

void TargetProbe::run(const QString &uri, std::function<QString(LibvirtConnection &)> before)
{
    m_latestUri = uri;
    QThread *thread = QThread::create([this, uri, before] {
        TargetOffer offer;
        offer.uri = uri;
        auto connection = LibvirtConnection::open(uri);
        if (!connection) {
            offer.error = connection.error().message();
        } else {
            if (before)
                offer.actionError = before(**connection);
            list(**connection, offer);
        }
        QThread *self = QThread::currentThread();
        QMetaObject::invokeMethod(
            this, [this, self, offer] { finish(self, offer); }, Qt::QueuedConnection);
    });
    m_threads.append(thread);
    thread->start();
}

bool TargetProbe::isRunning() const
{
    return !m_threads.isEmpty();
}

void TargetProbe::list(LibvirtConnection &connection, TargetOffer &offer)
{
    auto pools = connection.pools();
    auto networks = connection.networks();
    auto bridges = connection.bridges();
    if (!pools)
        offer.error = pools.error().message();
    else if (!networks)
        offer.error = networks.error().message();
    offer.pools = pools.value_or(QList<StoragePoolInfo>{});
    offer.networks = networks.value_or(QList<NetworkTargetInfo>{});
    offer.bridges = bridges.value_or(QStringList{}); // bridges are a convenience: no error
}

void TargetProbe::finish(QThread *thread, const TargetOffer &offer)
{
    thread->wait();
    m_threads.removeOne(thread);
    delete thread;
    if (offer.uri == m_latestUri)
        Q_EMIT probed(offer);
}

} // namespace Ferry
