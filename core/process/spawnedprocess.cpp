#include "spawnedprocess.h"

#include "process/childprocess.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <sys/wait.h>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcSpawned, "ferry.nbd.process", QtInfoMsg)

namespace {

constexpr int kPollIntervalMs = 5;
constexpr qint64 kStderrTail = 2048;

} // namespace

Result<std::unique_ptr<SpawnedProcess>> SpawnedProcess::start(const QString &program, const QStringList &arguments, const QString &logPath,
                                                              const QString &name)
{
    std::unique_ptr<SpawnedProcess> process(new SpawnedProcess());
    process->m_program = program;
    process->m_name = name.isEmpty() ? QFileInfo(program).fileName() : name;
    process->m_logPath = logPath;
    const auto pid = ChildProcess::spawn({program, arguments, logPath});
    if (!pid)
        return std::unexpected(pid.error());
    process->m_pid = *pid;
    qCDebug(lcSpawned) << "started" << program << "pid" << *pid;
    return process;
}

SpawnedProcess::~SpawnedProcess()
{
    if (const auto stopped = stop(); !stopped)
        qCWarning(lcSpawned) << stopped.error().toString();
}

qint64 SpawnedProcess::pid() const
{
    return m_pid;
}

std::optional<int> SpawnedProcess::poll()
{
    if (m_status)
        return m_status;
    if (m_pid <= 0)
        return std::nullopt;
    int status = 0;
    const pid_t done = ::waitpid(static_cast<pid_t>(m_pid), &status, WNOHANG);
    if (done == m_pid || (done < 0 && errno == ECHILD)) {
        m_pid = 0;
        m_status = done < 0 ? 0 : status;
    }
    return m_status;
}

QString SpawnedProcess::stderrTail() const
{
    QFile file(m_logPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > kStderrTail)
        file.seek(file.size() - kStderrTail);
    QString text = QString::fromLocal8Bit(file.readAll()).trimmed();
    return text.replace(u'\n', u"; "_s);
}

QString SpawnedProcess::describeStatus(int status)
{
    if (WIFEXITED(status))
        return u"exit status %1"_s.arg(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return u"killed by signal %1"_s.arg(WTERMSIG(status));
    return u"status %1"_s.arg(status);
}

Result<void> SpawnedProcess::stop(int graceMs)
{
    if (m_stopResult)
        return *m_stopResult;
    if (m_pid <= 0 && !m_status) { // never started: kill(0, ...) would signal our own group
        m_stopResult = Result<void>();
        return *m_stopResult;
    }
    const QString &name = m_name;
    const bool exitedEarly = poll().has_value();
    bool killed = false;
    if (!exitedEarly) {
        ::kill(static_cast<pid_t>(m_pid), SIGTERM);
        for (int waited = 0; !poll() && waited < graceMs; waited += kPollIntervalMs)
            QThread::msleep(kPollIntervalMs);
        if (!poll()) {
            ::kill(static_cast<pid_t>(m_pid), SIGKILL);
            killed = true;
            while (!poll())
                QThread::msleep(kPollIntervalMs);
        }
    }
    const int status = *m_status;
    const bool clean = (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        || (!exitedEarly && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    if (killed)
        m_stopResult = fail(ErrorCode::Process, u"%1 did not stop within %2 ms and was killed."_s.arg(name).arg(graceMs), stderrTail());
    else if (!clean)
        m_stopResult = fail(ErrorCode::Process, u"%1 failed (%2)."_s.arg(name, describeStatus(status)), stderrTail());
    else
        m_stopResult = Result<void>();
    return *m_stopResult;
}

} // namespace Ferry
