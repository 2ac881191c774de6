#include "childprocesses.h"

#include <QDir>
#include <QFile>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

QList<ChildProcesses::Child> ChildProcesses::list()
{
    QList<Child> children;
    const qint64 self = ::getpid();
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(u"/proc/%1/stat"_s.arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid ...": comm may contain spaces and parentheses.
        const QByteArray line = stat.readAll();
        const qsizetype open = line.indexOf('(');
        const qsizetype close = line.lastIndexOf(')');
        if (open < 0 || close < 0)
            continue;
        const QList<QByteArray> rest = line.mid(close + 2).split(' ');
        if (rest.size() < 2 || rest[1].toLongLong() != self)
            continue;
        children.append(Child{pid, QString::fromLocal8Bit(line.mid(open + 1, close - open - 1)), rest[0].at(0)});
    }
    return children;
}

QString ChildProcesses::describe(const QList<Child> &children)
{
    QStringList parts;
    for (const Child &child : children)
        parts << u"%1 %2 (%3)"_s.arg(child.pid).arg(child.name).arg(QLatin1Char(child.state));
    return parts.join(u", "_s);
}

} // namespace Ferry::Test
