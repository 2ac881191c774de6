#pragma once

#include "base/error.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Ferry {

// A long-running helper daemon (nbdkit, qemu-storage-daemon) as a direct child: stdin
// and stdout on /dev/null, stderr into a log file the caller names (inside a private
// directory), signals reset to their defaults; set up by ChildProcess::spawn (no secrets
// in its environment, its own process group, SIGTERM when Ferry dies).
//
// Lifetime: stop() (or the destructor) sends SIGTERM, waits up to the grace period,
// then SIGKILL, and always reaps the child. Threads: any thread may stop it; the child
// is managed with fork/exec/waitpid, not QProcess, so no event loop is involved.
class SpawnedProcess
{
public:
    // name: what error messages call the child ("qemu-nbd for disk.img"); empty means
    // the program's file name.
    static Result<std::unique_ptr<SpawnedProcess>> start(const QString &program, const QStringList &arguments, const QString &logPath,
                                                         const QString &name = {});
    ~SpawnedProcess();
    SpawnedProcess(const SpawnedProcess &) = delete;
    SpawnedProcess &operator=(const SpawnedProcess &) = delete;

    qint64 pid() const;
    // Reaps the child if it has exited; returns its wait status then, nothing while it runs.
    std::optional<int> poll();
    // The last 2 KiB of the log, newlines folded to "; ".
    QString stderrTail() const;
    // Stops and reaps the child. Fails (Process) when it exited with an error status
    // before being asked to stop, or had to be killed. Later calls return the first outcome.
    Result<void> stop(int graceMs = 5000);
    // "exit status 1", "killed by signal 9"
    static QString describeStatus(int status);

private:
    SpawnedProcess() = default;

    QString m_program;
    QString m_name;
    QString m_logPath;
    qint64 m_pid = 0;
    std::optional<int> m_status;
    std::optional<Result<void>> m_stopResult;
};

} // namespace Ferry
