#include "guestconverter.h"

#include "base/safefile.h"

#include "convert/boundedlines.h"
#include "convert/conversionlog.h"
#include "nbd/qemuimg.h"
#include "process/childprocess.h"
#include "process/privatedirectory.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QXmlStreamWriter>

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

const QString toolName = u"virt-v2v-in-place"_s;

// sda, sdb, ..., sdz, sdaa: the kernel's naming, which virt-v2v maps fstab by.
QString driveName(const QString &prefix, int index)
{
    QString suffix;
    for (int i = index;; i = i / 26 - 1) {
        suffix.prepend(QChar(u'a' + i % 26));
        if (i < 26)
            break;
    }
    return prefix + suffix;
}

// Live (not zombie) processes of one process group.
bool groupAlive(qint64 group)
{
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        QFile stat(u"/proc/"_s + entry + u"/stat"_s);
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid pgrp ...": comm may hold spaces, so parse after the last ')'.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 2 && fields.at(2).toLongLong() == group && fields.at(0) != "Z")
            return true;
    }
    return false;
}

// Whatever the tool left in its group (the appliance's qemu, nbdkit) goes too.
void killGroup(qint64 group)
{
    QElapsedTimer clock;
    clock.start();
    while (groupAlive(group) && clock.elapsed() < 10000) {
        ::kill(pid_t(-group), SIGKILL);
        QThread::msleep(50);
    }
}

// Runs the started tool to its end or to a cancel; everything it prints goes to the log
// file, its lines (cut to BoundedLines' length; *cutNote says so) to the parser. Returns
// whether it was cancelled.
bool follow(QProcess &process, QFile &logFile, ConversionLog &parsed, const std::atomic<bool> *cancelled,
            const std::function<void(const QString &)> &progress, QString *cutNote = nullptr)
{
    const qint64 group = process.processId();
    bool stopped = false;
    // Everything is read as it comes (QProcess's buffer never holds more than one read) and
    // written to the log whole; only what is parsed is cut to BoundedLines' length.
    BoundedLines lines;
    auto parse = [&](const QList<QByteArray> &complete) {
        for (const QByteArray &line : complete) {
            if (auto message = parsed.addLine(line))
                progress(*message);
        }
    };
    auto drain = [&] {
        const QByteArray bytes = process.readAll();
        logFile.write(bytes);
        parse(lines.add(bytes));
    };
    while (process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(200);
        drain();
        if (!stopped && cancelled && cancelled->load()) {
            stopped = true;
            ::kill(pid_t(-group), SIGTERM);
            if (!process.waitForFinished(5000))
                ::kill(pid_t(-group), SIGKILL);
        }
    }
    process.waitForFinished(5000);
    drain();
    parse(lines.finish());
    if (lines.cutLines() > 0 && cutNote) {
        *cutNote = u"%1 line(s) of its output were longer than %2 KiB: cut to that length for the report (the log has them whole)"_s
                       .arg(lines.cutLines())
                       .arg(lines.maxLength() / 1024);
        logFile.write(u"\nferry: %1\n"_s.arg(*cutNote).toUtf8());
    }
    killGroup(group);
    return stopped;
}

// The same disks as qcow2 overlays in dir (their backing files are the copies, opened with
// their format named): virt-v2v writes into the overlays only.
Result<ConversionInput> onOverlays(const ConversionInput &input, const QTemporaryDir &dir)
{
    ConversionInput overlaid = input;
    overlaid.format = u"qcow2"_s;
    for (qsizetype i = 0; i < input.disks.size(); ++i) {
        const QString overlay = dir.filePath(u"disk%1.qcow2"_s.arg(i + 1));
        const QString base = QFileInfo(input.disks.at(i).path).absoluteFilePath();
        auto created = QemuImg::run({u"create"_s, u"-q"_s, u"-f"_s, u"qcow2"_s, u"-b"_s, base, u"-F"_s, input.format, overlay}, 60000);
        if (!created)
            return std::unexpected(created.error().prefixed(u"cannot make an overlay of "_s + base));
        overlaid.disks[i].path = overlay;
    }
    return overlaid;
}

// Writes what the conversion changed into the copies, disk after disk.
Result<void> commitOverlays(const ConversionInput &overlaid, const ConversionInput &input)
{
    for (qsizetype i = 0; i < overlaid.disks.size(); ++i) {
        // No time limit and no death signal: a commit stopped half-way leaves a disk that is
        // neither the copy nor the converted guest.
        if (auto committed = QemuImg::run({u"commit"_s, u"-q"_s, u"-f"_s, u"qcow2"_s, overlaid.disks.at(i).path}, -1,
                                          ChildProcess::Death::OwnArrangement);
            !committed)
            return std::unexpected(committed.error().prefixed(u"the converted guest could not be written into "_s + input.disks.at(i).path
                                                              + u" (it may be partly converted)"_s));
    }
    return {};
}

QProcessEnvironment libguestfsEnvironment()
{
    QProcessEnvironment environment = ChildProcess::environment();
    environment.insert(u"LIBGUESTFS_BACKEND"_s, u"direct"_s);
    if (!GuestConverter::kvmUsable())
        environment.insert(u"LIBGUESTFS_BACKEND_SETTINGS"_s, u"force_tcg"_s);
    return environment;
}

// Starts a libguestfs tool in a process group of its own, its output merged and logged.
Result<void> startTool(QProcess &process, const QString &program, const QStringList &arguments, QFile &logFile,
                       const QProcessEnvironment &environment = libguestfsEnvironment())
{
    process.setProgram(program);
    process.setArguments(arguments);
    process.setProcessChannelMode(QProcess::MergedChannels);
    ChildProcess::prepare(process);
    process.setProcessEnvironment(environment);
    logFile.write(u"# %1 %2\n"_s.arg(program, arguments.join(u' ')).toUtf8());
    logFile.flush();
    process.start();
    if (!process.waitForStarted(30000))
        return fail(ErrorCode::Process, u"cannot start %1: %2"_s.arg(QFileInfo(program).fileName(), process.errorString()));
    return {};
}

// Writes the .link files of the NIC name decisions into the overlays (virt-customize,
// which finds the guest's root itself), before virt-v2v-in-place rebuilds the initramfs.
Result<void> keepNicNames(const ConversionInput &input, const ConversionInput &overlaid, const QTemporaryDir &work, QFile &logFile,
                          const std::atomic<bool> *cancelled)
{
    QStringList arguments{u"--no-network"_s, u"--format"_s, overlaid.format};
    // virt-customize adds its -a disks to the appliance in reverse order (guestfs-tools
    // 1.48 and later: customize_main.ml pushes each -a to the front of its list and never
    // reverses it), while its inspection maps fstab names such as /dev/sdb1 by drive
    // index. Given in reverse, the appliance sees the VM's disks in their order; given in
    // order, a two-disk guest had the ESP mounted as / and the .link file landed there.
    for (auto disk = overlaid.disks.crbegin(); disk != overlaid.disks.crend(); ++disk)
        arguments << u"-a"_s << disk->path;
    arguments << u"--mkdir"_s << u"/etc/systemd/network"_s;
    bool any = false;
    for (const NicNameDecision &decision : input.nicNames) {
        if (!decision.writesLinkFile())
            continue;
        const QString local = work.filePath(QFileInfo(decision.linkPath()).fileName());
        QFile file(local);
        if (!file.open(QIODevice::WriteOnly) || file.write(decision.linkFile()) < 0 || !file.flush())
            return fail(ErrorCode::Io, u"cannot write %1"_s.arg(local));
        arguments << u"--upload"_s << local + u':' + decision.linkPath();
        any = true;
    }
    if (!any)
        return {};
    const QString program = QStandardPaths::findExecutable(u"virt-customize"_s, {u"/usr/bin"_s, u"/usr/local/bin"_s});
    if (program.isEmpty())
        return fail(ErrorCode::Process, u"virt-customize is not installed: install guestfs-tools (installer/deps.sh does)"_s);
    QProcess process;
    if (auto started = startTool(process, program, arguments, logFile); !started)
        return started;
    ConversionLog ignored;
    if (follow(process, logFile, ignored, cancelled, [](const QString &) {}))
        return fail(ErrorCode::Cancelled, u"cancelled while virt-customize wrote the NIC names; the copy is unchanged"_s);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return fail(ErrorCode::Process,
                    u"virt-customize could not write the .link files that keep the NIC names (exit code %1; full log: %2)"_s
                        .arg(process.exitCode())
                        .arg(input.logPath));
    return {};
}

} // namespace

GuestConverter::GuestConverter(LogSink log)
    : m_log(std::move(log))
{
}

void GuestConverter::log(const QString &line) const
{
    if (m_log)
        m_log(line);
}

bool GuestConverter::kvmUsable()
{
    if (QFileInfo::exists(u"/sys/module/kvm_pvm"_s))
        return false;
    const int fd = ::open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

QString GuestConverter::domainXml(const ConversionInput &input)
{
    QString xml;
    QXmlStreamWriter writer(&xml);
    writer.setAutoFormatting(true);
    writer.writeStartElement(u"domain"_s);
    writer.writeAttribute(u"type"_s, u"kvm"_s);
    writer.writeTextElement(u"name"_s, input.name);
    writer.writeStartElement(u"memory"_s);
    writer.writeAttribute(u"unit"_s, u"MiB"_s);
    writer.writeCharacters(u"1024"_s);
    writer.writeEndElement();
    writer.writeStartElement(u"os"_s);
    writer.writeTextElement(u"type"_s, u"hvm"_s);
    writer.writeEndElement();
    writer.writeStartElement(u"devices"_s);
    int sd = 0;
    int hd = 0;
    for (const ConversionInput::Disk &disk : input.disks) {
        const bool ide = disk.bus == u"ide"_s;
        writer.writeStartElement(u"disk"_s);
        writer.writeAttribute(u"type"_s, u"file"_s);
        writer.writeAttribute(u"device"_s, u"disk"_s);
        writer.writeEmptyElement(u"driver"_s);
        writer.writeAttribute(u"name"_s, u"qemu"_s);
        writer.writeAttribute(u"type"_s, input.format);
        writer.writeEmptyElement(u"source"_s);
        writer.writeAttribute(u"file"_s, QFileInfo(disk.path).absoluteFilePath());
        writer.writeEmptyElement(u"target"_s);
        writer.writeAttribute(u"dev"_s, ide ? driveName(u"hd"_s, hd++) : driveName(u"sd"_s, sd++));
        writer.writeAttribute(u"bus"_s, disk.bus);
        writer.writeEndElement();
    }
    for (const QString &mac : input.macs) {
        writer.writeStartElement(u"interface"_s);
        writer.writeAttribute(u"type"_s, u"user"_s);
        writer.writeEmptyElement(u"mac"_s);
        writer.writeAttribute(u"address"_s, mac);
        writer.writeEmptyElement(u"model"_s);
        writer.writeAttribute(u"type"_s, u"vmxnet3"_s);
        writer.writeEndElement();
    }
    writer.writeEndElement(); // devices
    writer.writeEndElement(); // domain
    return xml;
}

ConversionReport GuestConverter::convert(const ConversionInput &input, const std::atomic<bool> *cancelled) const
{
    ConversionReport report;
    report.tool = toolName;
    report.log = input.logPath;
    report.result = u"failed"_s;
    QElapsedTimer clock;
    clock.start();
    auto finish = [&](const QString &reason) {
        report.reason = reason;
        report.seconds = double(clock.elapsed()) / 1000.0;
        return report;
    };
    const QString program = QStandardPaths::findExecutable(toolName, {u"/usr/bin"_s, u"/usr/local/bin"_s});
    if (program.isEmpty())
        return finish(u"%1 is not installed: install the virt-v2v package (installer/deps.sh does)"_s.arg(toolName));
    if (input.disks.isEmpty())
        return finish(u"no disk to convert"_s);
    report.disks = int(input.disks.size());
    QTemporaryDir work(PrivateDirectory::pattern(u"convert"_s));
    if (!work.isValid())
        return finish(u"cannot make a private directory under %1: %2"_s.arg(QDir::tempPath(), work.errorString()));
    const auto overlaid = onOverlays(input, work);
    if (!overlaid)
        return finish(overlaid.error().toString());
    QFile xml(work.filePath(u"domain.xml"_s));
    if (!xml.open(QIODevice::WriteOnly) || xml.write(domainXml(*overlaid).toUtf8()) < 0 || !xml.flush())
        return finish(u"cannot write the domain XML for %1 in %2"_s.arg(toolName, work.path()));
    xml.close();
    // A log of an earlier run is replaced; never through a planted link, always private.
    if (QFileInfo(input.logPath).isFile() && !QFileInfo(input.logPath).isSymLink())
        QFile::remove(input.logPath);
    auto logFd = SafeFile::create(input.logPath, O_WRONLY);
    if (!logFd)
        return finish(u"cannot write the conversion log: "_s + logFd.error().message());
    QFile logFile;
    if (!logFile.open(*logFd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle))
        return finish(u"cannot write the conversion log %1: %2"_s.arg(input.logPath, logFile.errorString()));

    const QProcessEnvironment environment = libguestfsEnvironment();
    if (environment.contains(u"LIBGUESTFS_BACKEND_SETTINGS"_s))
        log(u"no usable KVM for the libguestfs appliance (/dev/kvm missing, not accessible or the PVM module): "
            "it runs under TCG, expect about 2-3 minutes of both cores per guest"_s);
    if (std::any_of(input.nicNames.cbegin(), input.nicNames.cend(), [](const NicNameDecision &d) { return d.writesLinkFile(); }))
        log(u"keeping NIC names: virt-customize writes their .link files into the guest"_s);
    if (auto kept = keepNicNames(input, *overlaid, work, logFile, cancelled); !kept) {
        if (kept.error().code() == ErrorCode::Cancelled)
            report.result = u"cancelled"_s;
        return finish(kept.error().message());
    }

    // virt-v2v reads the Windows drivers from $VIRTIO_WIN (an ISO or a directory); without it
    // it looks in /usr/share/virtio-win, which Debian does not fill.
    QProcessEnvironment v2vEnvironment = environment;
    if (!input.virtioWin.isEmpty()) {
        v2vEnvironment.insert(u"VIRTIO_WIN"_s, input.virtioWin);
        report.virtioWin = input.virtioWin;
    }
    QProcess process;
    if (auto started = startTool(process, program, {u"-i"_s, u"libvirtxml"_s, xml.fileName(), u"-v"_s, u"-x"_s, u"--machine-readable"_s},
                                 logFile, v2vEnvironment);
        !started)
        return finish(started.error().message());

    ConversionLog parsed;
    QString cutNote;
    const bool stopped = follow(
        process, logFile, parsed, cancelled, [this](const QString &message) { log(u"virt-v2v: "_s + message); }, &cutNote);
    if (!cutNote.isEmpty())
        log(toolName + u": "_s + cutNote);
    logFile.close();
    report.version = parsed.version();
    report.changes = parsed.changes();
    report.warnings = parsed.warnings();
    report.diskBus = parsed.diskBus();
    report.nicModel = parsed.nicModel();
    if (stopped) {
        report.result = u"cancelled"_s;
        return finish(u"cancelled while %1 ran; the copy is unchanged"_s.arg(toolName));
    }
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0) {
        report.copyModified = true;
        if (auto committed = commitOverlays(*overlaid, input); !committed) {
            // The overlays hold the conversion: keep them so the commit can be retried by hand.
            work.setAutoRemove(false);
            report.result = u"failed"_s;
            return finish(
                u"%1; the converted overlays are kept in %2 (retry: qemu-img commit -f qcow2 OVERLAY)"_s.arg(committed.error().toString(),
                                                                                                             work.path()));
        }
        report.result = u"converted"_s;
        report.nicNames = input.nicNames;
        return finish(QString());
    }
    const QString why = parsed.error().isEmpty() ? u"it exited with code %1"_s.arg(process.exitCode()) : parsed.error();
    return finish(u"%1 failed: %2 (full log: %3)"_s.arg(toolName, why, input.logPath));
}

} // namespace Ferry
