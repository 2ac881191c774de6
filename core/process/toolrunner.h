#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>

class QProcess;

namespace Ferry {

// Runs the short-lived system tools inspection needs (losetup, lvs, lsinitramfs,
// ntfs-3g, ...) to completion with LC_ALL=C, a deadline, a cancel flag and bounded
// output. Blocking: call from a worker thread. The child is killed and reaped on
// timeout, cancel and output overflow, so none outlives the call.
class ToolRunner
{
public:
    struct Options
    {
        int timeoutMs = 60000;
        qint64 maxOutputBytes = 16 * 1024 * 1024; // stdout; stderr keeps its last 4 KiB
        const std::atomic<bool> *cancel = nullptr;
        QByteArray input; // written to stdin, then closed
    };

    struct Output
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        // "program: last stderr line" for error details.
        QString describe() const;
    };

    // Fails (Process) when the program is missing or crashed, (Timeout), (Cancelled),
    // (Io) when stdout exceeds maxOutputBytes. A non-zero exit is NOT a failure here:
    // callers decide what the exit code means.
    static Result<Output> run(const QString &program, const QStringList &arguments, const Options &options);
    // run() that also fails (Process) on a non-zero exit status, with stderr as details.
    static Result<Output> runChecked(const QString &program, const QStringList &arguments, const Options &options);
    // The absolute path of a tool, also searching /usr/sbin and /sbin (not on every PATH).
    static QString find(const QString &program);

private:
    static Result<Output> collect(QProcess &process, const QString &program, const QStringList &arguments, const Options &options);
};

} // namespace Ferry
