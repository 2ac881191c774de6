#include "libvirtdaemon.h"

#include "target/libvirtconnection.h"

#include <QLocalSocket>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

bool systemDaemonAnswers()
{
    return bool(LibvirtConnection::open(u"qemu:///system"_s));
}

bool socketAnswers(const QString &path)
{
    QLocalSocket socket;
    socket.connectToServer(path);
    return socket.waitForConnected(1000);
}

} // namespace

LibvirtDaemon::LibvirtDaemon() = default;

LibvirtDaemon::~LibvirtDaemon()
{
    // libvirtd first: it holds connections to virtlogd for running domains.
    stop(m_libvirtd);
    stop(m_virtlogd);
}

Result<void> LibvirtDaemon::start(std::unique_ptr<QProcess> &process, const QString &program)
{
    const QString path = QStandardPaths::findExecutable(program, {u"/usr/sbin"_s, u"/sbin"_s, u"/usr/bin"_s});
    if (path.isEmpty())
        return fail(ErrorCode::Process, u"%1 is not installed (package libvirt-daemon-system)."_s.arg(program));
    process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(path, {});
    if (!process->waitForStarted(10000))
        return fail(ErrorCode::Process, u"%1 did not start: %2"_s.arg(program, process->errorString()));
    return {};
}

void LibvirtDaemon::stop(std::unique_ptr<QProcess> &process)
{
    if (!process)
        return;
    if (process->state() != QProcess::NotRunning) {
        process->terminate();
        if (!process->waitForFinished(10000)) {
            process->kill();
            process->waitForFinished(-1);
        }
    }
    process.reset();
}

Result<void> LibvirtDaemon::ensureRunning(int timeoutMs)
{
    if (systemDaemonAnswers())
        return {};
    if (!socketAnswers(u"/run/libvirt/virtlogd-sock"_s)) {
        if (auto started = start(m_virtlogd, u"virtlogd"_s); !started)
            return started;
    }
    if (auto started = start(m_libvirtd, u"libvirtd"_s); !started)
        return started;
    // Another test may start its own daemon at the same moment; whichever wins, wait
    // until qemu:///system answers.
    if (!QTest::qWaitFor(systemDaemonAnswers, timeoutMs))
        return fail(ErrorCode::Timeout, u"libvirtd did not answer on qemu:///system within %1 s."_s.arg(timeoutMs / 1000), log());
    return {};
}

Result<std::unique_ptr<LibvirtConnection>> LibvirtDaemon::connectSystem()
{
    if (auto running = ensureRunning(); !running)
        return std::unexpected(running.error());
    return LibvirtConnection::open(u"qemu:///system"_s);
}

bool LibvirtDaemon::startedHere() const
{
    return m_libvirtd && m_libvirtd->state() == QProcess::Running;
}

QString LibvirtDaemon::log()
{
    QString text;
    for (QProcess *process : {m_virtlogd.get(), m_libvirtd.get()})
        if (process)
            text += QString::fromLocal8Bit(process->readAll());
    return text;
}
