#pragma once

#include <QList>
#include <QString>

namespace Ferry::Test {

// Direct children of this test process (zombies included), read from /proc, so tests can
// check that every qemu-nbd was stopped and reaped.
class ChildProcesses
{
public:
    struct Child
    {
        qint64 pid = 0;
        QString name;
        char state = '?';
    };

    static QList<Child> list();
    // "1234 qemu-nbd (S), ..." for failure messages.
    static QString describe(const QList<Child> &children);
};

} // namespace Ferry::Test
