#pragma once

#include "base/error.h"
#include "target/domainbuilder.h"
#include "target/libvirtconnection.h"
#include "vsphere/inventory.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace Ferry {

class LibvirtVolumeSink;

// The libvirt side of a migration, for the runner: checks before anything is copied, one
// LibvirtVolumeSink per disk, and at the end the domain built from the inventory, validated,
// defined and optionally started. One instance per target URI, shared by all VMs of a batch.
//
// Rollback: a disk's sink removes its volume on discard(false) (also after commit), so a
// VM whose copy or definition failed is rolled back by abandoning its DiskCopy objects;
// defineVm() itself leaves nothing defined when it fails.
//
// Threads: every call blocks on libvirt RPC (and validation runs virt-xml-validate);
// call from the runner's worker thread, never the GUI thread.
class LibvirtTarget
{
public:
    struct Options
    {
        QString uri;
        LibvirtConnection::Credentials credentials;
        QString pool = QStringLiteral("default");
        QMap<QString, QString> diskPools;             // "<vm>/<disk number from 1>" -> pool; others use pool
        QString format = QStringLiteral("raw");       // "raw" or "qcow2"
        QMap<QString, QString> networkMap;            // source network -> libvirt network/bridge
        QString virtType;                             // empty: the host's preferred type
        QString stagingDirectory;                     // for staged uploads; empty: $TMPDIR or /var/tmp
        int maxWriters = 8;                           // qcow2 sinks: the engine's connections
        const std::atomic<bool> *cancelled = nullptr; // aborts uploads
    };

    ~LibvirtTarget();
    Q_DISABLE_COPY_MOVE(LibvirtTarget)

    // Connects and checks the pool exists and is active.
    static Result<std::unique_ptr<LibvirtTarget>> open(Options options);

    // Before copying a VM: refuses (Usage) when a domain with its name or UUID, or a
    // volume with one of its disks' names, exists; refuses when the pool cannot hold the
    // thick disks; returns warnings (thin disks whose full size exceeds the free space).
    Result<QStringList> preflight(const VmInfo &vm) const;
    // The sink for the VM's disk at diskIndex (source order), volume
    // "<vm>-disk<N>.<format>", with its placement chosen (so target() is its local path)
    // but not opened yet: DiskCopy::prepare opens it.
    Result<std::unique_ptr<LibvirtVolumeSink>> createSink(const VmInfo &vm, int diskIndex) const;
    // After every disk committed: builds the domain XML (firmware from the host's domain
    // capabilities, bridges recognised in the network map), validates it, defines it.
    // Fails without leaving a domain behind.
    // guest: bus and NIC choices from inspection; absent, they follow the guest id.
    // consoleLog: a file on the target host that logs the serial console (for the boot check).
    Result<DomainXml> defineVm(const VmInfo &vm, const QList<const LibvirtVolumeSink *> &sinks, const QString &description = {},
                               const std::optional<GuestProfile> &guest = {}, const QString &consoleLog = {});
    // Starts a defined domain; on failure the domain stays defined (the disks are complete)
    // and the error says how to start it by hand.
    Result<void> startVm(const QString &domainName);

    // The pool of the VM's disk number (from 1): its diskPools entry, else pool. Pure.
    static QString poolForDisk(const Options &options, const QString &vmName, int diskNumber);
    // pool and every pool diskPools names, each once.
    static QStringList poolsInUse(const Options &options);

    LibvirtConnection &connection();
    const Options &options() const;

private:
    explicit LibvirtTarget(Options options, std::shared_ptr<LibvirtConnection> connection);
    // Every NIC's target must exist as a libvirt network (or be a bridge); inactive
    // networks only warn, since the admin may start them before the domain.
    Result<void> checkNetworks(const VmInfo &vm, QStringList &warnings) const;
    // Volume name clashes and free space, per pool with the sum of that pool's disks.
    Result<void> checkVolumes(const VmInfo &vm, QStringList &warnings) const;
    Result<DomainOptions> domainOptions(const VmInfo &vm, const QString &description, const std::optional<GuestProfile> &guest,
                                        const QString &consoleLog) const;

    Options m_options;
    std::shared_ptr<LibvirtConnection> m_connection;
};

} // namespace Ferry
