#pragma once

#include "target/libvirtconnection.h"

#include <QObject>
#include <QStringList>

#include <functional>

class QThread;

namespace Ferry {

// What a libvirt connection offers the target page: storage pools with free space,
// networks and host bridges.
struct TargetOffer
{
    QString uri;
    QString error; // empty when the connection worked
    QList<StoragePoolInfo> pools;
    QList<NetworkTargetInfo> networks;
    QStringList bridges;
    QString actionError; // createPool() failed: why (the lists are read anyway)
};

// Opens a libvirt connection and lists what the target page needs on a thread of its
// own: libvirt calls block (a remote URI may take seconds, or ask for credentials).
//
// Thread affinity: GUI thread; probed() arrives there. A newer probe supersedes an
// older one, whose answer is dropped. The destructor joins the running probe.
class TargetProbe : public QObject
{
    Q_OBJECT

public:
    explicit TargetProbe(QObject *parent = nullptr);
    ~TargetProbe() override;

    void probe(const QString &uri);
    // Creates a directory pool (libvirt's "default" at /var/lib/libvirt/images, as
    // virt-manager does), then lists again on the same connection: probed() follows.
    void createPool(const QString &uri, const QString &name, const QString &path);
    bool isRunning() const;

Q_SIGNALS:
    void probed(const Ferry::TargetOffer &offer);

private:
    void run(const QString &uri, std::function<QString(LibvirtConnection &)> before);
    static void list(LibvirtConnection &connection, TargetOffer &offer);
    void finish(QThread *thread, const TargetOffer &offer);

    QList<QThread *> m_threads;
    QString m_latestUri;
};

} // namespace Ferry
