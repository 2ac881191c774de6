#pragma once

#include "base/error.h"
#include "base/finding.h"
#include "formats/diskstream.h"
#include "vsphere/inventory.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <memory>

namespace Ferry {

class PackageDiskReader;

// An OVA file or an OVF directory opened as the source of a migration: its inventory (the
// VMs of the OVF, mapped onto the vSphere model so preflight, mapping and the domain
// builder work unchanged), what the package holds that Ferry did not map (findings), and
// the disks as streams, each checked against the manifest while it is read.
//
// open() refuses a bad package with one line before anything is written (OvaArchive's
// entry checks, OvfReader's limits). A disk file the OVF names but the package does not
// hold, or a disk format Ferry cannot read, is a Blocker finding on that VM; a package
// without a manifest, a disk file the manifest does not list and a signature (.cert,
// not verified) are warnings.
//
// Not thread-safe: opened on one thread, then used by one thread at a time (the import's).
// An OVA streams its entries in order: one disk reader at a time, and reading disks in
// archiveOrder() reads the archive once.
class PackageSource
{
public:
    enum class Kind { Ova, OvfDirectory };

    // True for what --source takes as a package: a file:// URL, or a path ending in .ova
    // or .ovf (any case).
    static bool looksLikePackage(const QString &text);
    // The local path of a --source text that looksLikePackage(), made absolute.
    static QString pathFrom(const QString &text);
    // file:///abs/path.ova#<href>: a disk's address in resume journals and messages.
    static QUrl diskUrl(const QString &packagePath, const QString &href);

    static Result<std::unique_ptr<PackageSource>> open(const QString &path);
    ~PackageSource();
    PackageSource(const PackageSource &) = delete;
    PackageSource &operator=(const PackageSource &) = delete;

    QString path() const;
    Kind kind() const;
    // "ova" or "ovf", for report.json's source.kind.
    QString kindName() const;
    const Inventory &inventory() const;
    // The package's findings and those of the VM with this name.
    QList<Finding> findings(const QString &vmName) const;
    QList<Finding> packageFindings() const;
    // Where the file sits in the archive (0 first); -1 when it is not there. An OVF
    // directory has no order: 0 for every file.
    int archiveOrder(const QString &href) const;

    // The local file that holds the disk href byte for byte (a raw disk or the -flat file
    // of a flat VMDK of an OVF directory), for inspecting it before the copy; Unsupported
    // for a disk inside an OVA (streamOptimized, inside an archive) and other formats.
    Result<QString> rawImagePath(const QString &href) const;
    // Opens the disk held by the file href (DiskInfo::path of a package VM). For an OVA
    // this ends the previous reader's stream.
    Result<std::unique_ptr<PackageDiskReader>> openDisk(const QString &href);

private:
    struct Private;
    explicit PackageSource(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

// One disk of a package as a stream. finish() after the last extent: it reads what the
// decoder left of the file (padding) and checks every file the disk came from against the
// manifest; a mismatch is an Integrity error and the disk must not be used.
class PackageDiskReader
{
public:
    virtual ~PackageDiskReader() = default;
    virtual DiskStream &stream() = 0;
    virtual Result<void> finish() = 0;
};

} // namespace Ferry
