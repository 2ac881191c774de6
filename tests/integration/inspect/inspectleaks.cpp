#include "inspectleaks.h"

#include "testsupport.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

namespace {

bool ours(const QString &text)
{
    return text.contains(u"ferry-inspect-"_s) || text.contains(u"ferry-fuse-"_s) || text.contains(u"ferry-nbd-"_s)
        || text.contains(u"ferry-curl-"_s);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

InspectLeaks InspectLeaks::snapshot()
{
    InspectLeaks leaks;
    for (const QByteArray &line : readAll(u"/proc/mounts"_s).split('\n')) {
        if (ours(QString::fromLocal8Bit(line)))
            leaks.m_items << u"mount: "_s + QString::fromLocal8Bit(line);
    }
    for (const QString &loop : QDir(u"/sys/block"_s).entryList({u"loop*"_s}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString backing = QString::fromLocal8Bit(readAll(u"/sys/block/%1/loop/backing_file"_s.arg(loop))).trimmed();
        if (!backing.isEmpty() && ours(backing))
            leaks.m_items << u"loop device: /dev/%1 on %2"_s.arg(loop, backing);
    }
    // Device-mapper devices the host stacked on one of our loop devices (LVM autoactivation).
    for (const QString &dm : QDir(u"/sys/block"_s).entryList({u"dm-*"_s}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        for (const QString &slave :
             QDir(u"/sys/block/%1/slaves"_s.arg(dm)).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)) {
            const QString backing = QString::fromLocal8Bit(readAll(u"/sys/block/%1/loop/backing_file"_s.arg(slave))).trimmed();
            if (!backing.isEmpty() && ours(backing))
                leaks.m_items << u"device-mapper: %1 on /dev/%2"_s.arg(
                    QString::fromLocal8Bit(readAll(u"/sys/block/%1/dm/name"_s.arg(dm))).trimmed(), slave);
        }
    }
    for (const qint64 pid : childPids()) {
        const QString comm = QString::fromLocal8Bit(readAll(u"/proc/%1/comm"_s.arg(pid))).trimmed();
        leaks.m_items << u"child process: %1 %2"_s.arg(pid).arg(comm);
    }
    for (const QString &entry : QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (!entry.front().isDigit())
            continue;
        QByteArray cmdline = readAll(u"/proc/%1/cmdline"_s.arg(entry));
        cmdline.replace('\0', ' ');
        const QString text = QString::fromLocal8Bit(cmdline);
        if (ours(text) && !text.contains(u"tst_inspect"_s))
            leaks.m_items << u"process: %1 %2"_s.arg(entry, text.left(200));
    }
    leaks.m_items.sort();
    return leaks;
}

QStringList InspectLeaks::newSince(const InspectLeaks &before) const
{
    QStringList added;
    for (const QString &item : m_items) {
        if (!before.m_items.contains(item))
            added << item;
    }
    return added;
}

} // namespace Ferry::Test
