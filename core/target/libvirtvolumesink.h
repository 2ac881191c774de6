#pragma once

#include "data/sink.h"
#include "target/domainbuilder.h"

#include <atomic>
#include <memory>

namespace Ferry {

class LibvirtConnection;

// A disk written into a libvirt storage volume.
//
// Two placements, chosen at open():
//  - Direct: the pool is a file pool (dir, fs, netfs) on this machine and its directory is
//    writable here. The disk is written straight into <pool path>/<volume> by the usual
//    positional sinks (RawFileSink for raw, NbdSink for qcow2), and the pool is refreshed
//    so libvirt lists the new file as a volume. Nothing is copied twice.
//  - Staged: any other pool (remote URIs, LVM, iSCSI, RBD, a directory this user cannot
//    write). libvirt's upload stream is sequential while the transfer engine writes
//    positionally and out of order, so the disk is first written into a local staging
//    file (raw or qcow2, sparse) and uploaded at commit() with virStorageVolUpload and a
//    sparse stream: zero regions travel as hole markers, not bytes. This costs local disk
//    space (the allocated size of the disk) and a second pass, but keeps the engine's
//    reorder-free writes and memory bounds intact, and --resume works on the staging file.
//    The volume is created at open(), so a full pool or a name clash fails before the copy.
//
// Either way an existing volume of the same name is refused at open() (Create). discard(false)
// removes everything this sink created (file, volume, staging file), even after a
// successful commit(): that is how a caller rolls the disk back when defining the domain
// fails. discard(true) keeps it all for --resume.
// Digests and --verify read the local file (the volume itself when Direct); the upload is
// trusted to libvirt's stream protocol.
//
// target() is a local path once the placement is chosen (the volume file when Direct, the
// staging file when Staged): DiskCopy keeps its resume journal next to it. volumePath()
// names the volume on the target host, for the report.
//
// Threads: open(), commit() and discard() block (qemu-nbd, libvirt RPC, the upload); call
// them off the GUI thread. createWriter()/createReader() are thread-safe.
class LibvirtVolumeSink final : public Sink
{
public:
    enum class Placement { Auto, Direct, Staged };

    struct Options
    {
        QString pool;
        QString volume;                         // the volume (and file) name, "web01-disk1.qcow2"
        QString format = QStringLiteral("raw"); // "raw" or "qcow2"
        Placement placement = Placement::Auto;
        // Staged only: where the private ferry-staging-XXXXXX directory (mode 0700) holding
        // the staging file and its journal is made; empty: $TMPDIR, else /var/tmp.
        QString stagingDirectory;
        int maxWriters = 8;                           // qcow2: NBD connections for the engine's writers
        const std::atomic<bool> *cancelled = nullptr; // aborts the upload in commit()
    };

    LibvirtVolumeSink(std::shared_ptr<LibvirtConnection> connection, Options options);
    ~LibvirtVolumeSink() override; // like discard(true) if still open

    QString description() const override;
    QString target() const override;
    QString format() const override;
    Result<void> open(qint64 capacity, OpenMode mode) override;
    Result<std::unique_ptr<SinkWriter>> createWriter() override;
    Result<std::unique_ptr<SinkReader>> createReader() override;
    Result<void> commit() override;
    void discard(bool keepPartial) override;

    // Decides Direct or Staged (one libvirt call) and so the local path target() returns.
    // open() does it too; call it first when target() is needed before open(), as
    // DiskCopy does (its resume journal lives next to target()). Idempotent.
    Result<void> choosePlacement();
    // Valid after choosePlacement() or open(): whether the copy goes through a staging file.
    bool isStaged() const;
    // The volume's path on the target host, known after open().
    QString volumePath() const;
    // How the domain XML refers to this disk: the file itself when Direct, pool and volume
    // when Staged (valid on the remote host).
    DomainDisk domainDisk() const;

    // "<vm>-disk<N>.<format>" with the VM name made safe as a file name, as in the output
    // directory target.
    static QString volumeNameFor(const QString &vmName, int diskNumber, const QString &format);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace Ferry
