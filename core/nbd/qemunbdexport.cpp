#include "qemunbdexport.h"

#include "nbdconnection.h"
#include "process/privatedirectory.h"
#include "process/spawnedprocess.h"
#include "qemuimg.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <mutex>
#include <optional>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcQemuNbd, "ferry.nbd.qemunbd")

namespace {

constexpr int kPollIntervalMs = 5;

} // namespace

class QemuNbdExport::Private
{
public:
    QStringList arguments() const;
    Result<void> waitUntilServing();
    Result<void> stopLocked(int graceMs);

    Options options;
    std::unique_ptr<QTemporaryDir> dir;
    QString socketPath;
    std::unique_ptr<SpawnedProcess> process;
    std::mutex mutex;
    std::optional<Result<void>> stopResult;
    // Our own NBD connection, open from start() to stop(): it proves the server is ready
    // (a full handshake, not just a listening socket) and, as qemu-nbd runs without
    // --persistent, it keeps the server alive between the caller's connections. If Ferry
    // dies, the kernel closes it and qemu-nbd exits by itself.
    std::unique_ptr<NbdConnection> keepalive;
};

QStringList QemuNbdExport::Private::arguments() const
{
    // --shared: one more than the clients, for the keepalive connection.
    QStringList args{u"--socket="_s + socketPath, u"--format="_s + options.format,
                     u"--shared=%1"_s.arg(std::max(1, options.maxClients) + 1), u"--cache="_s + options.cache, u"--aio="_s + options.aio};
    if (options.readOnly)
        args << u"--read-only"_s;
    else if (options.discard)
        args << u"--discard=unmap"_s;
    if (options.persistent)
        args << u"--persistent"_s;
    args << QemuImg::imageSpec(options.image, options.format);
    return args;
}

Result<void> QemuNbdExport::Private::waitUntilServing()
{
    NbdConnection::Limits limits;
    limits.maxInFlight = 1;
    for (int waited = 0; waited <= options.startTimeoutMs; waited += kPollIntervalMs) {
        if (const auto status = process->poll()) {
            return fail(ErrorCode::Process,
                        u"qemu-nbd could not export %1 (%2)."_s.arg(options.image, SpawnedProcess::describeStatus(*status)),
                        process->stderrTail());
        }
        // Fails fast (no socket yet, or not listening yet) until qemu-nbd is ready.
        if (auto connection = NbdConnection::connectUnix(socketPath, limits)) {
            keepalive = std::move(*connection);
            return {};
        }
        QThread::msleep(kPollIntervalMs);
    }
    const QString tail = process->stderrTail();
    stopLocked(1000);
    return fail(ErrorCode::Timeout, u"qemu-nbd did not start serving %1 within %2 ms."_s.arg(options.image).arg(options.startTimeoutMs),
                tail);
}

Result<void> QemuNbdExport::Private::stopLocked(int graceMs)
{
    if (stopResult)
        return *stopResult;
    keepalive.reset(); // without clients a non-persistent qemu-nbd is already on its way out
    stopResult = process ? process->stop(graceMs) : Result<void>();
    dir.reset(); // removes the socket and the log (read by stop() above)
    return *stopResult;
}

QemuNbdExport::QemuNbdExport()
    : d(std::make_unique<Private>())
{
}

QemuNbdExport::~QemuNbdExport()
{
    stop(); // a failure is logged once, by ~SpawnedProcess
}

Result<std::unique_ptr<QemuNbdExport>> QemuNbdExport::start(const Options &options)
{
    const QString program = QStandardPaths::findExecutable(u"qemu-nbd"_s);
    if (program.isEmpty())
        return fail(ErrorCode::Process, u"qemu-nbd is not installed; install the qemu-utils package."_s);
    if (!QFile::exists(options.image))
        return fail(ErrorCode::NotFound, u"The image %1 does not exist."_s.arg(options.image));
    std::unique_ptr<QemuNbdExport> server(new QemuNbdExport());
    Private &p = *server->d;
    p.options = options;
    p.dir = std::make_unique<QTemporaryDir>(PrivateDirectory::pattern(u"nbd"_s));
    if (!p.dir->isValid())
        return fail(ErrorCode::Io, u"Cannot create a private directory for the qemu-nbd socket."_s, p.dir->errorString());
    p.socketPath = p.dir->filePath(u"nbd.sock"_s);
    auto process = SpawnedProcess::start(program, p.arguments(), p.dir->filePath(u"qemu-nbd.log"_s),
                                         u"qemu-nbd for %1"_s.arg(options.image));
    if (!process)
        return std::unexpected(process.error()); // "Cannot start qemu-nbd: ..."
    p.process = std::move(*process);
    qCDebug(lcQemuNbd) << "started qemu-nbd pid" << p.process->pid() << "for" << options.image;
    if (auto serving = p.waitUntilServing(); !serving)
        return std::unexpected(serving.error());
    return server;
}

QString QemuNbdExport::socketPath() const
{
    return d->socketPath;
}

QString QemuNbdExport::uri() const
{
    // Built by hand: QUrl drops the empty authority and prints "nbd+unix:/?socket=...",
    // which libnbd rejects.
    return u"nbd+unix:///?socket="_s + QString::fromLatin1(QUrl::toPercentEncoding(d->socketPath, "/"));
}

qint64 QemuNbdExport::size() const
{
    std::lock_guard lock(d->mutex);
    return d->keepalive ? d->keepalive->size() : -1;
}

Result<void> QemuNbdExport::flush()
{
    std::lock_guard lock(d->mutex);
    if (!d->keepalive)
        return fail(ErrorCode::Internal, u"qemu-nbd for %1 is not running."_s.arg(d->options.image));
    return d->keepalive->flush();
}

qint64 QemuNbdExport::pid() const
{
    return d->process ? d->process->pid() : 0;
}

Result<void> QemuNbdExport::stop(int graceMs)
{
    std::lock_guard lock(d->mutex);
    return d->stopLocked(graceMs);
}

} // namespace Ferry
