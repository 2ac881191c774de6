#include "toolrunner.h"

#include "process/childprocess.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>

#include <optional>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int kSliceMs = 50;
constexpr qsizetype kStderrKeep = 4096;

void appendBounded(QByteArray &buffer, const QByteArray &data, qsizetype keepTail)
{
    buffer += data;
    if (buffer.size() > keepTail)
        buffer = buffer.right(keepTail);
}

void killAndReap(QProcess &process)
{
    process.kill();
    process.waitForFinished(-1);
}

} // namespace

QString ToolRunner::Output::describe() const
{
    const QByteArray text = err.trimmed().isEmpty() ? out.trimmed() : err.trimmed();
    const QList<QByteArray> lines = text.split('\n');
    QString last = lines.isEmpty() ? QString() : QString::fromLocal8Bit(lines.last()).trimmed();
    return u"exit status %1%2"_s.arg(exitCode).arg(last.isEmpty() ? QString() : u": "_s + last.left(300));
}

QString ToolRunner::find(const QString &program)
{
    if (program.startsWith(u'/'))
        return program;
    QString path = QStandardPaths::findExecutable(program);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(program, {u"/usr/sbin"_s, u"/sbin"_s, u"/usr/bin"_s, u"/bin"_s});
    return path;
}

Result<ToolRunner::Output> ToolRunner::run(const QString &program, const QStringList &arguments, const Options &options)
{
    const QString path = find(program);
    if (path.isEmpty())
        return fail(ErrorCode::Process, u"%1 is not installed; run installer/deps.sh."_s.arg(program));
    QProcess process;
    ChildProcess::prepare(process);
    QProcessEnvironment environment = process.processEnvironment();
    environment.insert(u"LC_ALL"_s, u"C"_s);
    environment.insert(u"LVM_SUPPRESS_FD_WARNINGS"_s, u"1"_s); // LVM lists our inherited fds otherwise
    process.setProcessEnvironment(environment);
    process.start(path, arguments);
    if (!process.waitForStarted(10000))
        return fail(ErrorCode::Process, u"Cannot start %1: %2"_s.arg(program, process.errorString()));
    if (!options.input.isEmpty())
        process.write(options.input);
    process.closeWriteChannel();
    auto output = collect(process, program, arguments, options);
    if (output && process.exitStatus() == QProcess::CrashExit)
        return fail(ErrorCode::Process, u"%1 crashed."_s.arg(program), QString::fromLocal8Bit(output->err));
    return output;
}

// Reads the child's output in slices until it exits, enforcing the deadline, the cancel
// flag and the output bound; the child is killed and reaped whenever it is abandoned.
Result<ToolRunner::Output> ToolRunner::collect(QProcess &process, const QString &program, const QStringList &arguments,
                                               const Options &options)
{
    Output output;
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        const bool finished = process.waitForFinished(kSliceMs) || process.state() == QProcess::NotRunning;
        output.out += process.readAllStandardOutput();
        appendBounded(output.err, process.readAllStandardError(), kStderrKeep);
        std::optional<Error> abandon;
        if (output.out.size() > options.maxOutputBytes)
            abandon = Error(ErrorCode::Io, u"%1 printed more than %2 bytes."_s.arg(program).arg(options.maxOutputBytes));
        else if (finished)
            break;
        else if (options.cancel && options.cancel->load())
            abandon = Error(ErrorCode::Cancelled, u"Inspection was cancelled."_s, program);
        else if (timer.elapsed() > options.timeoutMs)
            abandon = Error(ErrorCode::Timeout, u"%1 did not finish within %2 s."_s.arg(program).arg(options.timeoutMs / 1000),
                            arguments.join(u' '));
        if (abandon) {
            killAndReap(process);
            return std::unexpected(*abandon);
        }
    }
    output.exitCode = process.exitCode();
    return output;
}

Result<ToolRunner::Output> ToolRunner::runChecked(const QString &program, const QStringList &arguments, const Options &options)
{
    auto output = run(program, arguments, options);
    if (output && output->exitCode != 0)
        return fail(ErrorCode::Process, u"%1 failed (%2)."_s.arg(program, output->describe()), arguments.join(u' '));
    return output;
}

} // namespace Ferry
