#include "packagesource.h"

#include "formats/digestingbytesource.h"
#include "formats/filebytesource.h"
#include "formats/manifest.h"
#include "formats/ovaarchive.h"
#include "formats/ovfreader.h"
#include "formats/rawdiskstream.h"
#include "formats/sparsevmdkreader.h"
#include "formats/streamoptimizedvmdkreader.h"
#include "formats/vmdkdescriptor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <optional>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

Finding finding(Finding::Severity severity, const QString &code, const QString &message, const QString &details = {})
{
    return Finding{severity, code, message, details};
}

// A file of the package read as a stream, checked against its manifest entry when the
// manifest lists it. Owns the file source of an OVF directory; an OVA entry stream belongs
// to the archive.
class CheckedFile
{
public:
    CheckedFile(std::unique_ptr<ByteSource> owned, ByteSource *source, const Manifest::Entry *expected)
        : m_owned(std::move(owned))
    {
        m_source = m_owned ? m_owned.get() : source;
        if (expected)
            m_digesting.emplace(*m_source, *expected);
    }
    ByteSource &source() { return m_digesting ? static_cast<ByteSource &>(*m_digesting) : *m_source; }
    Result<void> finish() { return m_digesting ? m_digesting->finish() : Result<void>(); }

private:
    std::unique_ptr<ByteSource> m_owned;
    ByteSource *m_source = nullptr;
    std::optional<DigestingByteSource> m_digesting;
};

class StreamReader final : public PackageDiskReader
{
public:
    StreamReader(std::unique_ptr<CheckedFile> file, std::unique_ptr<DiskStream> stream)
        : m_file(std::move(file))
        , m_stream(std::move(stream))
    {
    }
    ~StreamReader() override { m_stream.reset(); } // the decoder reads the file: it goes first
    DiskStream &stream() override { return *m_stream; }
    Result<void> finish() override { return m_file->finish(); }

private:
    std::unique_ptr<CheckedFile> m_file;
    std::unique_ptr<DiskStream> m_stream;
};

struct FlatExtent
{
    QString file; // package file name (relative to the package, like the descriptor's href)
    qint64 capacity = 0;
};

// The one extent of a flat VMDK descriptor (FLAT, or VMFS as ESXi writes it) that holds the
// disk byte for byte, named as a file of the package next to the descriptor.
Result<FlatExtent> flatExtentOf(QByteArrayView text, const QString &href)
{
    auto descriptor = VmdkDescriptor::parse(text);
    if (!descriptor)
        return std::unexpected(descriptor.error().prefixed(href));
    const QList<VmdkDescriptor::Extent> &extents = descriptor->extents;
    if (extents.size() != 1 || (extents.first().type != u"FLAT"_s && extents.first().type != u"VMFS"_s) || extents.first().offset != 0
        || descriptor->hasParent() || extents.first().fileName.contains(u'/') || extents.first().fileName.contains(u".."_s))
        return fail(ErrorCode::Unsupported,
                    u"%1 is not a single flat extent without a parent; Ferry reads only that kind of flat VMDK"_s.arg(href));
    const QString directory = QFileInfo(href).path();
    const QString &name = extents.first().fileName;
    return FlatExtent{directory == u"."_s ? name : directory + u'/' + name, descriptor->capacityBytes()};
}

} // namespace

struct PackageSource::Private
{
    QString path;
    Kind kind = Kind::Ova;
    QString directory; // OVF directory: where the files are
    std::unique_ptr<OvaArchive> archive;
    OvfPackage package;
    std::optional<Manifest> manifest;
    Inventory inventory;
    QList<Finding> packageFindings;
    QHash<QString, QList<Finding>> vmFindings;

    bool hasFile(const QString &href) const
    {
        if (archive)
            return archive->entry(href) != nullptr;
        return QFileInfo(QDir(directory).filePath(href)).isFile();
    }
    Result<QByteArray> readSmall(const QString &name) const;
    Result<std::unique_ptr<CheckedFile>> openFile(const QString &href);
    Result<void> readDescriptor();
    Result<void> readManifest();
    void checkDisks();
};

Result<QByteArray> PackageSource::Private::readSmall(const QString &name) const
{
    if (archive)
        return archive->descriptorData(name);
    QFile file(QDir(directory).filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::NotFound, u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
    if (file.size() > OvfReader::maxSize)
        return fail(ErrorCode::Protocol,
                    u"%1 is larger than %2 bytes; not an OVF descriptor or manifest"_s.arg(file.fileName()).arg(OvfReader::maxSize));
    return file.readAll();
}

Result<std::unique_ptr<CheckedFile>> PackageSource::Private::openFile(const QString &href)
{
    const Manifest::Entry *expected = manifest ? manifest->find(href) : nullptr;
    if (archive) {
        auto stream = archive->entryStream(href);
        if (!stream)
            return std::unexpected(stream.error());
        return std::make_unique<CheckedFile>(nullptr, *stream, expected);
    }
    auto file = FileByteSource::open(QDir(directory).filePath(href));
    if (!file)
        return std::unexpected(file.error());
    return std::make_unique<CheckedFile>(std::move(*file), nullptr, expected);
}

Result<void> PackageSource::Private::readDescriptor()
{
    QString name;
    if (archive) {
        const QStringList names = archive->descriptorNames();
        if (names.isEmpty())
            return fail(ErrorCode::Protocol, u"%1 holds no .ovf descriptor; it is not an OVA package"_s.arg(path));
        name = names.first();
        if (names.size() > 1)
            packageFindings << finding(Finding::Severity::Warning, u"package-several-ovf"_s,
                                       u"the package holds %1 .ovf descriptors; Ferry reads the first, %2"_s.arg(names.size()).arg(name));
    } else {
        name = QFileInfo(path).fileName();
    }
    auto xml = readSmall(name);
    if (!xml)
        return std::unexpected(xml.error());
    auto package = OvfReader::read(*xml);
    if (!package)
        return std::unexpected(package.error().prefixed(name));
    this->package = std::move(*package);
    inventory = this->package.toInventory(QFileInfo(path).fileName());
    packageFindings << this->package.findings;
    for (const OvfVirtualSystem &system : std::as_const(this->package.systems))
        vmFindings[system.vm.name] << system.findings;
    return {};
}

Result<void> PackageSource::Private::readManifest()
{
    QString base = QFileInfo(path).completeBaseName();
    QStringList manifests;
    QStringList certificates;
    if (archive) {
        for (const OvaArchive::Entry &entry : archive->entries()) {
            if (entry.name.endsWith(u".mf"_s, Qt::CaseInsensitive))
                manifests << entry.name;
            else if (entry.name.endsWith(u".cert"_s, Qt::CaseInsensitive))
                certificates << entry.name;
        }
    } else {
        const QDir dir(directory);
        if (dir.exists(base + u".mf"_s))
            manifests << base + u".mf"_s;
        if (dir.exists(base + u".cert"_s))
            certificates << base + u".cert"_s;
    }
    for (const QString &certificate : std::as_const(certificates))
        packageFindings << finding(Finding::Severity::Warning, u"package-signature-unverified"_s,
                                   u"the package is signed (%1); Ferry does not verify the signature, only the manifest"_s.arg(
                                       certificate));
    if (manifests.isEmpty()) {
        packageFindings << finding(Finding::Severity::Warning, u"manifest-missing"_s,
                                   u"the package has no manifest (.mf): its files cannot be checked for corruption"_s);
        return {};
    }
    if (manifests.size() > 1)
        return fail(ErrorCode::Protocol,
                    u"the package holds %1 manifests (%2); Ferry cannot tell which one to trust"_s.arg(manifests.size())
                        .arg(manifests.join(u", "_s)));
    auto text = readSmall(manifests.first());
    if (!text)
        return std::unexpected(text.error());
    auto parsed = Manifest::parse(*text);
    if (!parsed)
        return std::unexpected(parsed.error().prefixed(manifests.first()));
    manifest = std::move(*parsed);
    return {};
}

void PackageSource::Private::checkDisks()
{
    for (const OvfVirtualSystem &system : std::as_const(package.systems)) {
        QList<Finding> &findings = vmFindings[system.vm.name];
        for (qsizetype i = 0; i < system.vm.disks.size(); ++i) {
            const DiskInfo &disk = system.vm.disks.at(i);
            const OvfFile *file = package.fileForDisk(system, i);
            const OvfDisk *ovfDisk = i < system.diskIds.size() ? package.disk(system.diskIds.at(i)) : nullptr;
            if (!file || !ovfDisk) {
                findings << finding(Finding::Severity::Blocker, u"package-blank-disk"_s,
                                    u"%1 has no file in the package (a blank disk); Ferry cannot create it yet"_s.arg(disk.label));
                continue;
            }
            if (!hasFile(file->href)) {
                findings << finding(Finding::Severity::Blocker, u"package-file-missing"_s,
                                    u"the OVF names %1 for %2, but the package does not hold it"_s.arg(file->href, disk.label));
                continue;
            }
            if (!file->compression.isEmpty() || file->chunkSize > 0) {
                findings << finding(Finding::Severity::Blocker, u"package-file-unsupported"_s,
                                    u"%1 is stored %2; Ferry reads only whole, uncompressed disk files"_s.arg(
                                        file->href, file->chunkSize > 0 ? u"in chunks"_s : u"compressed (%1)"_s.arg(file->compression)));
                continue;
            }
            const bool readable = ovfDisk->format == OvfDiskFormat::StreamOptimizedVmdk || ovfDisk->format == OvfDiskFormat::Raw
                || ovfDisk->format == OvfDiskFormat::FlatVmdk || (ovfDisk->format == OvfDiskFormat::MonolithicSparseVmdk && !archive);
            if (!readable && ovfDisk->format != OvfDiskFormat::Unknown) // Unknown: OvfReader's own blocker
                findings << finding(
                    Finding::Severity::Blocker, u"package-disk-format"_s,
                    u"%1 is a %2 disk; Ferry reads streamOptimized, flat and (in an OVF directory) monolithicSparse VMDK and raw disks"_s
                        .arg(file->href, toString(ovfDisk->format)));
            if (manifest && !manifest->find(file->href))
                findings << finding(Finding::Severity::Warning, u"manifest-unlisted"_s,
                                    u"the manifest does not list %1: it is copied unchecked"_s.arg(file->href));
        }
    }
}

PackageSource::PackageSource(std::unique_ptr<Private> d)
    : d(std::move(d))
{
}

PackageSource::~PackageSource() = default;

bool PackageSource::looksLikePackage(const QString &text)
{
    return text.startsWith(u"file:"_s, Qt::CaseInsensitive) || text.endsWith(u".ova"_s, Qt::CaseInsensitive)
        || text.endsWith(u".ovf"_s, Qt::CaseInsensitive);
}

QString PackageSource::pathFrom(const QString &text)
{
    const QString local = text.startsWith(u"file:"_s, Qt::CaseInsensitive) ? QUrl(text).toLocalFile() : text;
    return local.isEmpty() ? QString() : QFileInfo(local).absoluteFilePath();
}

QUrl PackageSource::diskUrl(const QString &packagePath, const QString &href)
{
    QUrl url = QUrl::fromLocalFile(packagePath);
    url.setFragment(href);
    return url;
}

Result<std::unique_ptr<PackageSource>> PackageSource::open(const QString &path)
{
    auto d = std::make_unique<Private>();
    d->path = QFileInfo(path).absoluteFilePath();
    const QFileInfo info(d->path);
    if (!info.isFile())
        return fail(ErrorCode::NotFound, u"%1 is not a file; --source takes an .ova file or the .ovf of an OVF directory"_s.arg(d->path));
    if (d->path.endsWith(u".ovf"_s, Qt::CaseInsensitive)) {
        d->kind = Kind::OvfDirectory;
        d->directory = info.absolutePath();
    } else {
        auto archive = OvaArchive::open(d->path);
        if (!archive)
            return std::unexpected(archive.error());
        d->archive = std::move(*archive);
    }
    if (auto read = d->readDescriptor(); !read)
        return std::unexpected(read.error());
    if (auto read = d->readManifest(); !read)
        return std::unexpected(read.error());
    d->checkDisks();
    return std::unique_ptr<PackageSource>(new PackageSource(std::move(d)));
}

QString PackageSource::path() const
{
    return d->path;
}

PackageSource::Kind PackageSource::kind() const
{
    return d->kind;
}

QString PackageSource::kindName() const
{
    return d->kind == Kind::Ova ? u"ova"_s : u"ovf"_s;
}

const Inventory &PackageSource::inventory() const
{
    return d->inventory;
}

QList<Finding> PackageSource::packageFindings() const
{
    return d->packageFindings;
}

QList<Finding> PackageSource::findings(const QString &vmName) const
{
    return d->packageFindings + d->vmFindings.value(vmName);
}

int PackageSource::archiveOrder(const QString &href) const
{
    if (!d->archive)
        return d->hasFile(href) ? 0 : -1;
    const QList<OvaArchive::Entry> &entries = d->archive->entries();
    for (qsizetype i = 0; i < entries.size(); ++i)
        if (entries.at(i).name == href)
            return int(i);
    return -1;
}

Result<QString> PackageSource::rawImagePath(const QString &href) const
{
    const OvfFile *file = d->package.fileByHref(href);
    const OvfDisk *disk = nullptr;
    for (const OvfDisk &candidate : std::as_const(d->package.disks))
        if (file && candidate.fileRef == file->id)
            disk = &candidate;
    if (!disk || d->archive || (disk->format != OvfDiskFormat::Raw && disk->format != OvfDiskFormat::FlatVmdk))
        return fail(ErrorCode::Unsupported,
                    u"%1 can be inspected only once it is copied (it is not a raw file of an OVF directory); "
                    u"migrate it with --no-convert, then run ferry-cli inspect on the copy"_s.arg(href));
    const QString path = QDir(d->directory).filePath(href);
    if (disk->format == OvfDiskFormat::Raw)
        return path;
    QFile descriptorFile(path);
    if (!descriptorFile.open(QIODevice::ReadOnly))
        return fail(ErrorCode::NotFound, u"cannot read %1: %2"_s.arg(path, descriptorFile.errorString()));
    auto extent = flatExtentOf(descriptorFile.read(1 << 20), href);
    if (!extent)
        return std::unexpected(extent.error());
    return QDir(d->directory).filePath(extent->file);
}

Result<std::unique_ptr<PackageDiskReader>> PackageSource::openDisk(const QString &href)
{
    const OvfFile *file = d->package.fileByHref(href);
    const OvfDisk *disk = nullptr;
    for (const OvfDisk &candidate : std::as_const(d->package.disks))
        if (file && candidate.fileRef == file->id)
            disk = &candidate;
    if (!file || !disk)
        return fail(ErrorCode::NotFound, u"the OVF names no disk file %1"_s.arg(href));
    auto opened = d->openFile(href);
    if (!opened)
        return std::unexpected(opened.error());
    std::unique_ptr<CheckedFile> checked = std::move(*opened);
    switch (disk->format) {
    case OvfDiskFormat::StreamOptimizedVmdk: {
        auto stream = StreamOptimizedVmdkReader::open(checked->source());
        if (!stream)
            return std::unexpected(stream.error().prefixed(href));
        return std::make_unique<StreamReader>(std::move(checked), std::move(*stream));
    }
    case OvfDiskFormat::Raw: {
        auto stream = std::make_unique<RawDiskStream>(checked->source(), disk->capacity);
        return std::make_unique<StreamReader>(std::move(checked), std::move(stream));
    }
    case OvfDiskFormat::FlatVmdk: {
        // The small descriptor names the -flat file that holds the bytes.
        auto text = checked->source().readAll(1 << 20, u"VMDK descriptor %1"_s.arg(href));
        if (!text)
            return std::unexpected(text.error());
        if (auto verified = checked->finish(); !verified)
            return std::unexpected(verified.error());
        auto extent = flatExtentOf(*text, href);
        if (!extent)
            return std::unexpected(extent.error());
        if (!d->hasFile(extent->file))
            return fail(ErrorCode::NotFound, u"%1 names the extent %2, which the package does not hold"_s.arg(href, extent->file));
        auto data = d->openFile(extent->file);
        if (!data)
            return std::unexpected(data.error());
        auto stream = std::make_unique<RawDiskStream>((*data)->source(), extent->capacity);
        return std::make_unique<StreamReader>(std::move(*data), std::move(stream));
    }
    case OvfDiskFormat::MonolithicSparseVmdk: {
        if (d->archive)
            break; // its grain directory is random access: only a file of an OVF directory
        // Checked as a whole first (finish() reads it to the end): the reader seeks, so the
        // digest cannot ride along.
        if (auto verified = checked->finish(); !verified)
            return std::unexpected(verified.error());
        auto stream = SparseVmdkReader::open(QDir(d->directory).filePath(href));
        if (!stream)
            return std::unexpected(stream.error().prefixed(href));
        // Already checked: nothing is left for the reader's finish() to check.
        return std::make_unique<StreamReader>(std::make_unique<CheckedFile>(nullptr, nullptr, nullptr), std::move(*stream));
    }
    case OvfDiskFormat::Qcow2:
    case OvfDiskFormat::Unknown:
        break;
    }
    return fail(ErrorCode::Unsupported,
                u"%1 is a %2 disk; Ferry reads streamOptimized, flat and (in an OVF directory) monolithicSparse VMDK and raw disks"_s.arg(
                    href, toString(disk->format)));
}

} // namespace Ferry
