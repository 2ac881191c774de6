#pragma once

#include "base/error.h"

#include <QProcess>
#include <QString>

#include <memory>

namespace Ferry {
class LibvirtConnection;
}

// Makes sure a system libvirt daemon answers qemu:///system while a test runs. When one is
// already running (systemd, an admin, another test), it is used as is. Otherwise virtlogd
// (QEMU's log daemon, needed to start domains) and libvirtd are started as foreground
// children of the test and stopped (SIGTERM, then SIGKILL after 10 s) and reaped when this
// object is destroyed. Needs root, like qemu:///system itself.
class LibvirtDaemon
{
public:
    LibvirtDaemon();
    ~LibvirtDaemon();
    LibvirtDaemon(const LibvirtDaemon &) = delete;
    LibvirtDaemon &operator=(const LibvirtDaemon &) = delete;

    Ferry::Result<void> ensureRunning(int timeoutMs = 30000);
    // ensureRunning(), then a connection to qemu:///system.
    Ferry::Result<std::unique_ptr<Ferry::LibvirtConnection>> connectSystem();
    bool startedHere() const;
    // What the daemons this object started printed, for a failing test's log.
    QString log();

private:
    Ferry::Result<void> start(std::unique_ptr<QProcess> &process, const QString &program);
    void stop(std::unique_ptr<QProcess> &process);

    std::unique_ptr<QProcess> m_virtlogd;
    std::unique_ptr<QProcess> m_libvirtd;
};
