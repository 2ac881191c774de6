#include "qemuimg.h"

#include "process/childprocess.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
constexpr int kQuickTimeoutMs = 60000;
constexpr int kCheckTimeoutMs = 30 * 60000; // reads every qcow2 metadata cluster
}

Result<QByteArray> QemuImg::run(const QStringList &arguments, int timeoutMs, ChildProcess::Death death)
{
    const QString program = QStandardPaths::findExecutable(u"qemu-img"_s);
    if (program.isEmpty())
        return fail(ErrorCode::Process, u"qemu-img is not installed; install the qemu-utils package."_s);
    QProcess process;
    ChildProcess::prepare(process, death);
    process.setProgram(program);
    process.setArguments(arguments);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start();
    if (!process.waitForStarted())
        return fail(ErrorCode::Process, u"Cannot start qemu-img: %1"_s.arg(process.errorString()));
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(-1);
        return fail(ErrorCode::Timeout, u"qemu-img %1 did not finish within %2 s."_s.arg(arguments.value(0)).arg(timeoutMs / 1000));
    }
    const QString stderrText = QString::fromLocal8Bit(process.readAllStandardError()).trimmed().replace(u'\n', u"; "_s);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return fail(ErrorCode::Process, u"qemu-img %1 failed (exit code %2)."_s.arg(arguments.value(0)).arg(process.exitCode()),
                    stderrText);
    return process.readAllStandardOutput();
}

Result<void> QemuImg::create(const QString &path, const QString &format, qint64 capacity)
{
    const auto done = run({u"create"_s, u"-q"_s, u"-f"_s, format, path, QString::number(capacity)}, kQuickTimeoutMs);
    if (!done)
        return std::unexpected(done.error().prefixed(u"Cannot create %1"_s.arg(path)));
    return {};
}

Result<QemuImg::Info> QemuImg::info(const QString &path, const QString &format)
{
    const auto output = run({u"info"_s, u"--output=json"_s, u"-f"_s, format, path}, kQuickTimeoutMs);
    if (!output)
        return std::unexpected(output.error().prefixed(u"Cannot read %1"_s.arg(path)));
    const QJsonObject json = QJsonDocument::fromJson(*output).object();
    if (!json.contains(u"virtual-size"_s))
        return fail(ErrorCode::Protocol, u"qemu-img info printed no virtual size for %1."_s.arg(path));
    Info info;
    info.format = json.value(u"format"_s).toString();
    info.virtualSize = json.value(u"virtual-size"_s).toInteger();
    info.actualSize = json.value(u"actual-size"_s).toInteger();
    info.backingFile = json.value(u"backing-filename"_s).toString();
    return info;
}

Result<void> QemuImg::check(const QString &path, const QString &format)
{
    if (format == u"raw"_s)
        return {}; // no metadata to check; qemu-img would fail with "does not support checks"
    const auto done = run({u"check"_s, u"-q"_s, u"-f"_s, format, imageSpec(path, format)}, kCheckTimeoutMs);
    if (!done)
        return fail(ErrorCode::Integrity, u"qemu-img check found problems in %1."_s.arg(path), done.error().toString());
    return {};
}

QString QemuImg::imageSpec(const QString &path, const QString &format)
{
    struct stat st = {};
    const bool device = ::stat(QFile::encodeName(path).constData(), &st) == 0 && S_ISBLK(st.st_mode);
    const QJsonObject file{{u"driver"_s, device ? u"host_device"_s : u"file"_s}, {u"filename"_s, path}};
    const QJsonObject spec{{u"driver"_s, format}, {u"backing"_s, QJsonValue::Null}, {u"file"_s, file}};
    return u"json:"_s + QString::fromUtf8(QJsonDocument(spec).toJson(QJsonDocument::Compact));
}

} // namespace Ferry
