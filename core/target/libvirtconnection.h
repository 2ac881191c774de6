#pragma once

#include "base/error.h"
#include "target/firmwarecapabilities.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace Ferry {

struct StoragePoolInfo
{
    QString name;
    QString type; // "dir", "fs", "netfs", "logical", "disk", "iscsi", "rbd", ...
    QString path; // <target><path>, empty for pools without one (rbd, gluster)
    bool active = false;
    qint64 capacity = 0; // bytes, 0 while inactive
    qint64 allocation = 0;
    qint64 available = 0;
};

struct NetworkTargetInfo
{
    QString name;
    bool active = false;
    QString bridge; // the bridge libvirt made for it, if any
};

struct VolumeInfo
{
    QString pool;
    QString name;
    QString path;   // as the target host sees it
    QString format; // "raw", "qcow2", ... (empty when libvirt does not say)
    qint64 capacity = 0;
    qint64 allocation = 0;
};

// One connection to a libvirt daemon: qemu:///system, qemu:///session,
// qemu+ssh://host/system, test:///default, ... Wraps the C API at the edge: every failing
// call's virGetLastError() is read right after it, on the calling thread, into an Error.
//
// Credentials (user and password for SASL/TLS/libssh transports) go through libvirt's
// auth callback, never argv. For qemu+ssh, the ssh program authenticates on its own (keys
// or an agent).
//
// Threads: libvirt connections are thread-safe, and so is this class; calls block (RPC to
// the daemon), so keep them off the GUI thread. The connection is closed on destruction.
class LibvirtConnection
{
public:
    struct Credentials
    {
        QString user;
        QString password; // handed to libvirt only from inside the auth callback
    };
    // 0..1 progress of an upload; called on the uploading thread.
    using ProgressFunction = std::function<void(qint64 sent, qint64 total)>;

    ~LibvirtConnection();
    LibvirtConnection(const LibvirtConnection &) = delete;
    LibvirtConnection &operator=(const LibvirtConnection &) = delete;

    // Connects read-write. Fails with ErrorCode::Auth when the credentials are missing or
    // rejected, otherwise ErrorCode::Target; the message names the URI and what to check.
    static Result<std::unique_ptr<LibvirtConnection>> open(const QString &uri, const Credentials &credentials = {});

    QString uri() const; // the canonical URI libvirt reports
    // True when the hypervisor runs on this machine (no host in the URI), so pool paths
    // are paths this process can open.
    bool isLocal() const;

    Result<QList<StoragePoolInfo>> pools() const;
    Result<StoragePoolInfo> poolInfo(const QString &pool) const;
    // Usage error naming the pool, the need and what is free when the pool has less than
    // bytes available; a pool that is not active is refused too.
    Result<void> checkFreeSpace(const QString &pool, qint64 bytes) const;
    Result<QList<NetworkTargetInfo>> networks() const;
    // Bridges on the target host: libvirt's interface list (type bridge), or, on a local
    // host without an interface backend, /sys/class/net/*/bridge.
    Result<QStringList> bridges() const;
    // The best domain type for x86_64 guests on this host: "kvm" when the host offers
    // hardware virtualization, else "qemu" (TCG emulation); "test" on the test driver.
    Result<QString> preferredVirtType() const;
    // UEFI firmware for a q35 x86_64 domain of virtType ("kvm" or "qemu").
    Result<FirmwareCapabilities> firmwareCapabilities(const QString &virtType = QStringLiteral("kvm")) const;

    // True when a domain with this name, or with this UUID (if not empty), is defined.
    Result<bool> domainExists(const QString &name, const QString &uuid = {}) const;
    // Defines a persistent domain after libvirt validated it against its schema. Refuses
    // (Usage) when a domain of the same name or UUID exists: defining over it would
    // silently replace its configuration.
    Result<void> defineDomain(const QString &xml);
    Result<void> startDomain(const QString &name);
    // "running", "shut off", ... for tests and the report.
    Result<QString> domainState(const QString &name) const;
    // The guest's host name as its QEMU guest agent tells it (virDomainGetHostname with
    // the agent as the source): fails while no agent answers. For the boot check.
    Result<QString> agentHostname(const QString &name) const;
    // Stops the domain if running and undefines it with its NVRAM and managed save.
    Result<void> undefineDomain(const QString &name);

    Result<bool> volumeExists(const QString &pool, const QString &name) const;
    // Creates a sparse volume of capacity bytes in format "raw" or "qcow2". Refuses
    // (Usage) when a volume of that name exists.
    Result<VolumeInfo> createVolume(const QString &pool, const QString &name, qint64 capacity, const QString &format);
    Result<VolumeInfo> volumeInfo(const QString &pool, const QString &name) const;
    Result<QString> volumePath(const QString &pool, const QString &name) const;
    Result<void> deleteVolume(const QString &pool, const QString &name);
    // Rescans the pool, so files written into its directory become volumes.
    Result<void> refreshPool(const QString &pool);
    // Defines a persistent directory pool at path (as virt-manager makes "default" at
    // /var/lib/libvirt/images), builds the directory, starts it and marks it autostart.
    // Refuses (Usage) when a pool of that name exists.
    Result<StoragePoolInfo> createDirectoryPool(const QString &name, const QString &path);
    // Uploads a local file into the volume with a sparse stream: holes in the file (found
    // with SEEK_DATA/SEEK_HOLE) travel as hole markers, not as zeros. Blocks until the
    // daemon confirmed the whole stream; cancelled (ErrorCode::Cancelled, the stream
    // aborted) when *cancelled becomes true.
    Result<void> uploadVolume(const QString &pool, const QString &name, const QString &localFile,
                              const std::atomic<bool> *cancelled = nullptr, const ProgressFunction &progress = {});

private:
    class Private;
    explicit LibvirtConnection(std::unique_ptr<Private> impl);
    std::unique_ptr<Private> d;
};

} // namespace Ferry
