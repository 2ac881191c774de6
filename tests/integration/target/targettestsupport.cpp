#include "targettestsupport.h"

#include "data/sink.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace TargetTest {

Result<QString> run(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return fail(ErrorCode::Process, u"%1 did not start: %2"_s.arg(program, process.errorString()));
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(-1);
        return fail(ErrorCode::Timeout, u"%1 did not finish"_s.arg(program));
    }
    const QString output = QString::fromLocal8Bit(process.readAll());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return fail(ErrorCode::Process, u"%1 %2 failed: %3"_s.arg(program, arguments.join(u' '), output.trimmed()));
    return output;
}

Result<void> createDirectoryPool(const QString &name, const QString &directory)
{
    auto created = run(u"virsh"_s, {u"-c"_s, u"qemu:///system"_s, u"pool-create-as"_s, name, u"dir"_s, u"--target"_s, directory});
    if (!created)
        return std::unexpected(created.error());
    return {};
}

void destroyPool(const QString &name)
{
    (void)run(u"virsh"_s, {u"-c"_s, u"qemu:///system"_s, u"pool-destroy"_s, name});
}

Result<void> copyIntoSink(const QString &image, Sink &sink)
{
    QFile file(image);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, u"cannot open %1"_s.arg(image));
    if (auto opened = sink.open(file.size(), Sink::OpenMode::Create); !opened)
        return opened;
    {
        auto writer = sink.createWriter();
        if (!writer)
            return std::unexpected(writer.error());
        const QByteArray zeros(1 << 20, '\0');
        for (qint64 offset = 0; offset < file.size();) {
            const QByteArray piece = file.read(1 << 20);
            if (piece.isEmpty())
                return fail(ErrorCode::Io, u"short read of %1"_s.arg(image));
            auto written = piece == zeros.left(piece.size()) ? (*writer)->zero(offset, piece.size()) : (*writer)->write(offset, piece);
            if (!written)
                return written;
            offset += piece.size();
        }
        if (auto flushed = (*writer)->flush(); !flushed)
            return flushed;
    }
    return sink.commit();
}

QList<qint64> processesMentioning(const QString &text)
{
    QList<qint64> pids;
    const QByteArray needle = text.toUtf8();
    const QDir proc(u"/proc"_s);
    for (const QString &entry : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile cmdline(proc.filePath(entry) + u"/cmdline"_s);
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(needle))
            pids << pid;
    }
    return pids;
}

bool makeTraversable(const QString &directory)
{
    return QFile::setPermissions(directory,
                                 QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup
                                     | QFile::ReadOther | QFile::ExeOther);
}

Ferry::Result<QString> createTestPool(const QString &prefix, const QString &parent)
{
    const QString directory = parent + u"/pool"_s;
    if (!QDir().mkpath(directory))
        return std::unexpected(Ferry::Error(Ferry::ErrorCode::Io, u"cannot make "_s + directory));
    const QString name = u"%1-%2"_s.arg(prefix).arg(::getpid());
    if (auto created = createDirectoryPool(name, directory); !created)
        return std::unexpected(created.error());
    return name;
}

QString bootVirtType()
{
    const QString fromEnvironment = qEnvironmentVariable("FERRY_TEST_VIRT_TYPE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QFileInfo::exists(u"/sys/module/kvm_pvm"_s) ? u"qemu"_s : QString();
}

void removeDomain(const QString &name)
{
    (void)run(u"virsh"_s, {u"-c"_s, u"qemu:///system"_s, u"destroy"_s, name});
    (void)run(u"virsh"_s, {u"-c"_s, u"qemu:///system"_s, u"undefine"_s, u"--nvram"_s, name});
}

QString startWithConsole(const QString &domain)
{
    auto console = run(u"timeout"_s,
                       {u"300"_s, u"script"_s, u"-qfec"_s, u"virsh -c qemu:///system start --console "_s + domain, u"/dev/null"_s}, 320000);
    return console ? *console : console.error().details() + console.error().message();
}

} // namespace TargetTest
