#include "stalesweep.h"

#include "inspect/loopdevice.h"
#include "process/privatedirectory.h"
#include "process/toolrunner.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <sys/mount.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

bool isRunning(qint64 pid)
{
    return pid == ::getpid() || ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

QByteArray readSmall(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(64 * 1024) : QByteArray();
}

// mountinfo escapes space, tab, newline and backslash in octal.
QString unescapeMountPath(const QByteArray &field)
{
    QByteArray path;
    for (qsizetype i = 0; i < field.size(); ++i) {
        if (field.at(i) == '\\' && i + 3 < field.size()) {
            path.append(char(field.mid(i + 1, 3).toInt(nullptr, 8)));
            i += 3;
        } else {
            path.append(field.at(i));
        }
    }
    return QFile::decodeName(path);
}

QStringList mountPoints()
{
    QStringList points;
    for (const QByteArray &line : readSmall(u"/proc/self/mountinfo"_s).split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() > 4)
            points << unescapeMountPath(fields.at(4));
    }
    return points;
}

bool isInside(const QString &path, const QStringList &directories)
{
    return std::any_of(directories.begin(), directories.end(),
                       [&](const QString &dir) { return path == dir || path.startsWith(dir + u'/'); });
}

QString processCommandLine(qint64 pid)
{
    return QString::fromLocal8Bit(readSmall(u"/proc/%1/cmdline"_s.arg(pid)).replace('\0', ' '));
}

// Kernel NBD devices served by a qemu-nbd --connect daemon whose command line names a
// stale directory (the socket of the server it relays).
QStringList staleNbdDevices(const QStringList &stale)
{
    QStringList devices;
    const QStringList names = QDir(u"/sys/block"_s).entryList({u"nbd*"_s}, QDir::Dirs | QDir::System);
    for (const QString &name : names) {
        const qint64 pid = readSmall(u"/sys/block/%1/pid"_s.arg(name)).trimmed().toLongLong();
        if (pid > 0 && isInside(processCommandLine(pid).section(u"socket="_s, 1).section(u' ', 0, 0), stale))
            devices << u"/dev/"_s + name;
    }
    return devices;
}

QStringList staleLoopDevices(const QStringList &stale, const QStringList &nbdDevices)
{
    QStringList devices;
    const QStringList names = QDir(u"/sys/block"_s).entryList({u"loop*"_s}, QDir::Dirs | QDir::System);
    for (const QString &name : names) {
        const QString backing = QFile::decodeName(readSmall(u"/sys/block/%1/loop/backing_file"_s.arg(name)).trimmed());
        if (!backing.isEmpty() && (isInside(backing, stale) || nbdDevices.contains(backing)))
            devices << u"/dev/"_s + name;
    }
    return devices;
}

void killServers(const QStringList &stale, StaleSweep::Outcome &outcome)
{
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid || pid == ::getpid())
            continue;
        const QString commandLine = processCommandLine(pid);
        if (std::any_of(stale.begin(), stale.end(), [&](const QString &dir) { return commandLine.contains(dir + u'/'); })
            && ::kill(pid_t(pid), SIGKILL) == 0)
            outcome.done << u"killed %1 (%2)"_s.arg(pid).arg(commandLine.section(u' ', 0, 0));
    }
}

void record(StaleSweep::Outcome &outcome, const QString &action, const Result<void> &result)
{
    if (result)
        outcome.done << action;
    else
        outcome.failures << result.error().toString();
}

} // namespace

QStringList StaleSweep::staleDirectories(const QStringList &roots)
{
    QStringList searched = roots.isEmpty() ? QStringList{QDir::tempPath(), u"/tmp"_s} : roots;
    searched.removeDuplicates();
    QStringList stale;
    for (const QString &root : std::as_const(searched)) {
        const QStringList names = QDir(root).entryList({u"ferry-*"_s}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
        for (const QString &name : names) {
            const qint64 owner = PrivateDirectory::ownerOf(name);
            if (owner > 0 && !isRunning(owner))
                stale << QDir(root).filePath(name);
        }
    }
    stale.removeDuplicates();
    return stale;
}

// Order matters: mounts sit on loop devices, loop devices on NBD devices or FUSE
// exports, those on servers; each layer goes before the one under it.
StaleSweep::Outcome StaleSweep::run(const QStringList &roots)
{
    Outcome outcome;
    const QStringList stale = staleDirectories(roots);
    if (stale.isEmpty())
        return outcome;
    QStringList mounts = mountPoints();
    mounts.removeIf([&](const QString &point) { return !isInside(point, stale); });
    std::sort(mounts.begin(), mounts.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &point : std::as_const(mounts)) {
        if (::umount2(QFile::encodeName(point).constData(), MNT_DETACH) == 0)
            outcome.done << u"unmounted "_s + point;
        else
            outcome.failures << u"Cannot unmount %1: %2"_s.arg(point, qt_error_string(errno));
    }
    const QStringList nbdDevices = staleNbdDevices(stale);
    for (const QString &loop : staleLoopDevices(stale, nbdDevices))
        record(outcome, u"detached "_s + loop, LoopDevice::detach(loop));
    for (const QString &device : nbdDevices) {
        const auto done = ToolRunner::runChecked(u"qemu-nbd"_s, {u"--disconnect"_s, device}, {});
        record(outcome, u"disconnected "_s + device, done ? Result<void>() : std::unexpected(done.error()));
    }
    killServers(stale, outcome);
    const QStringList stillMounted = mountPoints();
    for (const QString &dir : stale) {
        // Never recursively through a mount: that would delete what it shows.
        if (std::any_of(stillMounted.begin(), stillMounted.end(), [&](const QString &point) { return isInside(point, {dir}); }))
            outcome.failures << u"Left %1 in place: something is still mounted under it."_s.arg(dir);
        else if (QDir(dir).removeRecursively())
            outcome.done << u"removed "_s + dir;
        else
            outcome.failures << u"Cannot remove %1."_s.arg(dir);
    }
    return outcome;
}

} // namespace Ferry
