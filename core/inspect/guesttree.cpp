#include "guesttree.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int kMaxLinks = 40;

QStringList split(const QString &path)
{
    return path.split(u'/', Qt::SkipEmptyParts);
}

// lstat without following the last component; 0 = missing.
mode_t linkMode(const QString &hostPath)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(hostPath).constData(), &st) != 0)
        return 0;
    return st.st_mode;
}

// The raw link text: QFile::symLinkTarget would resolve it against the host's root.
QString readLink(const QString &hostPath)
{
    QByteArray buffer(4096, Qt::Uninitialized);
    const ssize_t n = ::readlink(QFile::encodeName(hostPath).constData(), buffer.data(), size_t(buffer.size()));
    return n > 0 ? QFile::decodeName(buffer.left(n)) : QString();
}

} // namespace

GuestTree::GuestTree(const QString &hostRoot, bool caseInsensitive)
{
    addMount(u"/"_s, hostRoot, caseInsensitive);
}

void GuestTree::addMount(const QString &guestPath, const QString &hostDir, bool caseInsensitive)
{
    m_mounts.append(Mount{split(guestPath), hostDir, caseInsensitive});
    std::stable_sort(m_mounts.begin(), m_mounts.end(),
                     [](const Mount &a, const Mount &b) { return a.guestComponents.size() > b.guestComponents.size(); });
}

bool GuestTree::isValid() const
{
    return !m_mounts.isEmpty();
}

const GuestTree::Mount *GuestTree::mountFor(const QStringList &guestComponents, qsizetype *depth) const
{
    for (const Mount &mount : m_mounts) {
        const qsizetype n = mount.guestComponents.size();
        if (n <= guestComponents.size() && guestComponents.mid(0, n) == mount.guestComponents) {
            *depth = n;
            return &mount;
        }
    }
    return nullptr;
}

bool GuestTree::isMountPoint(const QStringList &guestComponents) const
{
    for (const Mount &mount : m_mounts) {
        if (mount.guestComponents == guestComponents)
            return true;
    }
    return false;
}

QString GuestTree::matchCase(const QString &hostDir, const QString &name) const
{
    const QStringList entries = QDir(hostDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        if (entry.compare(name, Qt::CaseInsensitive) == 0)
            return entry;
    }
    return name;
}

// Host path of already-resolved guest components (no symlinks left to follow).
QString GuestTree::hostPathOf(const QStringList &guestComponents) const
{
    qsizetype depth = 0;
    const Mount *mount = mountFor(guestComponents, &depth);
    if (!mount)
        return {};
    QString host = mount->hostDir;
    for (qsizetype i = depth; i < guestComponents.size(); ++i)
        host += u'/' + guestComponents.at(i);
    return host;
}

// The host path and lstat mode of `name` inside the resolved guest directory `done`;
// mode 0 when it does not exist. May correct the case of name on FAT/NTFS.
QString GuestTree::hostChild(const QStringList &done, QString &name, mode_t *mode) const
{
    qsizetype depth = 0;
    const Mount *mount = mountFor(done, &depth);
    const QString parentHost = hostPathOf(done);
    *mode = 0;
    if (!mount || parentHost.isEmpty())
        return {};
    QString host = parentHost + u'/' + name;
    *mode = linkMode(host);
    if (*mode == 0 && mount->caseInsensitive) {
        name = matchCase(parentHost, name);
        host = parentHost + u'/' + name;
        *mode = linkMode(host);
    }
    return host;
}

std::optional<QStringList> GuestTree::resolveComponents(const QString &guestPath) const
{
    QStringList done;
    QStringList todo = split(guestPath);
    int links = 0;
    while (!todo.isEmpty()) {
        QString name = todo.takeFirst();
        if (name == u"." || name == u"..") {
            if (name == u".." && !done.isEmpty())
                done.removeLast();
            continue;
        }
        if (isMountPoint(done + QStringList{name})) { // the mount hides what lies beneath, even nothing
            done << name;
            continue;
        }
        mode_t mode = 0;
        const QString host = hostChild(done, name, &mode);
        if (mode == 0)
            return std::nullopt;
        if (S_ISLNK(mode)) {
            const QString target = readLink(host);
            if (++links > kMaxLinks || target.isEmpty())
                return std::nullopt;
            if (target.startsWith(u'/'))
                done.clear();
            todo = split(target) + todo;
            continue;
        }
        done << name;
    }
    return done;
}

QString GuestTree::resolve(const QString &guestPath) const
{
    if (m_mounts.isEmpty())
        return {};
    const auto components = resolveComponents(guestPath);
    return components ? hostPathOf(*components) : QString();
}

bool GuestTree::exists(const QString &guestPath) const
{
    return !resolve(guestPath).isEmpty();
}

bool GuestTree::isDirectory(const QString &guestPath) const
{
    const QString host = resolve(guestPath);
    return !host.isEmpty() && S_ISDIR(linkMode(host));
}

Result<QByteArray> GuestTree::read(const QString &guestPath, qint64 maxBytes) const
{
    const QString host = resolve(guestPath);
    if (host.isEmpty())
        return fail(ErrorCode::NotFound, u"The guest has no file %1."_s.arg(guestPath));
    if (!S_ISREG(linkMode(host)))
        return fail(ErrorCode::Io, u"The guest's %1 is not a regular file."_s.arg(guestPath));
    QFile file(host);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, u"Cannot read the guest's %1."_s.arg(guestPath), file.errorString());
    return file.read(maxBytes);
}

QStringList GuestTree::list(const QString &guestPath, const QStringList &nameFilters) const
{
    const QString host = resolve(guestPath);
    if (host.isEmpty())
        return {};
    QDir dir(host);
    dir.setFilter(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    dir.setSorting(QDir::Name);
    if (!nameFilters.isEmpty())
        dir.setNameFilters(nameFilters);
    return dir.entryList();
}

QStringList GuestTree::glob(const QString &pattern) const
{
    QStringList matches{u""_s};
    for (const QString &component : split(pattern)) {
        QStringList next;
        const bool wild = component.contains(u'*') || component.contains(u'?') || component.contains(u'[');
        for (const QString &base : std::as_const(matches)) {
            if (!wild) {
                next << base + u'/' + component;
                continue;
            }
            for (const QString &name : list(base.isEmpty() ? u"/"_s : base, {component}))
                next << base + u'/' + name;
        }
        matches = next;
    }
    matches.removeIf([this](const QString &path) { return !exists(path); });
    return matches;
}

} // namespace Ferry
