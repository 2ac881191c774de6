#include "qemunbdexport.h"

#include "nbdconnection.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <cerrno>
#include <climits>
#include <cstring>
#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcQemuNbd, "ferry.nbd.qemunbd")

namespace {

constexpr int kPollIntervalMs = 5;
constexpr qint64 kStderrTail = 2048;

// The private directory must keep the socket path under sun_path's 108 bytes.
QString privateDirTemplate()
{
    const QString preferred = QDir::tempPath() + u"/ferry-nbd-XXXXXX"_s;
    return preferred.size() < 80 ? preferred : u"/tmp/ferry-nbd-XXXXXX"_s;
}

QString describeStatus(int status)
{
    if (WIFEXITED(status))
        return u"exit status %1"_s.arg(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return u"killed by signal %1"_s.arg(WTERMSIG(status));
    return u"status %1"_s.arg(status);
}

} // namespace

class QemuNbdExport::Private
{
public:
    QStringList arguments() const;
    Result<void> spawn(const QString &program);
    Result<void> waitUntilServing();
    std::optional<int> waitFor(int timeoutMs);
    QString stderrTail() const;
    Result<void> stopLocked(int graceMs);

    Options options;
    std::unique_ptr<QTemporaryDir> dir;
    QString socketPath;
    QString logPath;
    pid_t pid = 0;
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
    QStringList args {u"--socket="_s + socketPath, u"--format="_s + options.format,
                      u"--shared=%1"_s.arg(std::max(1, options.maxClients) + 1), // +1: keepalive u"--cache="_s + options.cache,
                      u"--aio="_s + options.aio};
    if (options.readOnly)
        args << u"--read-only"_s;
    else if (options.discard)
        args << u"--discard=unmap"_s;
    if (options.persistent)
        args << u"--persistent"_s;
    args << options.image;
    return args;
}

Result<void> QemuNbdExport::Private::spawn(const QString &program)
{
    QList<QByteArray> storage {QFile::encodeName(program)};
    for (const QString &arg : arguments())
        storage.append(QFile::encodeName(arg));
    std::vector<char *> argv;
    for (QByteArray &arg : storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const QByteArray log = QFile::encodeName(logPath);
    posix_spawn_file_actions_addopen(&actions, 2, log.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    // A worker thread may block signals; qemu-nbd must get SIGTERM with default handling.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT})
        sigaddset(&defaults, signal);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    const int error = posix_spawn(&pid, storage.first().constData(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) {
        pid = 0;
        return fail(ErrorCode::Process, u"Cannot start qemu-nbd: %1"_s.arg(qt_error_string(error)));
    }
    qCDebug(lcQemuNbd) << "started qemu-nbd pid" << pid << "for" << options.image;
    return {};
}

// Waits up to timeoutMs for the child to exit; returns its status once reaped.
std::optional<int> QemuNbdExport::Private::waitFor(int timeoutMs)
{
    for (int waited = 0;; waited += kPollIntervalMs) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done > 0) {
            pid = 0;
            return status;
        }
        if (done < 0 && errno == ECHILD) { // reaped elsewhere: nothing left to wait for
            pid = 0;
            return 0;
        }
        if (waited >= timeoutMs)
            return std::nullopt;
        QThread::msleep(kPollIntervalMs);
    }
}

Result<void> QemuNbdExport::Private::waitUntilServing()
{
    NbdConnection::Limits limits;
    limits.maxInFlight = 1;
    for (int waited = 0; waited <= options.startTimeoutMs; waited += kPollIntervalMs) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            pid = 0;
            return fail(ErrorCode::Process, u"qemu-nbd could not export %1 (%2)."_s.arg(options.image, describeStatus(status)),
                        stderrTail());
        }
        // Fails fast (no socket yet, or not listening yet) until qemu-nbd is ready.
        if (auto connection = NbdConnection::connectUnix(socketPath, limits)) {
            keepalive = std::move(*connection);
            return {};
        }
        QThread::msleep(kPollIntervalMs);
    }
    const QString tail = stderrTail();
    stopLocked(1000);
    return fail(ErrorCode::Timeout,
                u"qemu-nbd did not start serving %1 within %2 ms."_s.arg(options.image).arg(options.startTimeoutMs), tail);
}

QString QemuNbdExport::Private::stderrTail() const
{
    QFile file(logPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > kStderrTail)
        file.seek(file.size() - kStderrTail);
    QString text = QString::fromLocal8Bit(file.readAll()).trimmed();
    return text.replace(u'\n', u"; "_s);
}

Result<void> QemuNbdExport::Private::stopLocked(int graceMs)
{
    if (stopResult)
        return *stopResult;
    keepalive.reset(); // without clients a non-persistent qemu-nbd is already on its way out
    if (pid <= 0) {
        stopResult = Result<void>();
        return *stopResult;
    }
    ::kill(pid, SIGTERM); // a zombie not yet reaped still owns its pid, so this is safe
    std::optional<int> status = waitFor(graceMs);
    bool killed = false;
    if (!status) {
        ::kill(pid, SIGKILL);
        killed = true;
        status = waitFor(INT_MAX);
    }
    const QString tail = stderrTail();
    dir.reset(); // removes the socket and the log
    const bool clean = (WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
        || (WIFSIGNALED(*status) && WTERMSIG(*status) == SIGTERM);
    if (killed)
        stopResult = fail(ErrorCode::Process, u"qemu-nbd for %1 did not stop within %2 ms and was killed."_s.arg(options.image).arg(graceMs), tail);
    else if (!clean)
        stopResult = fail(ErrorCode::Process, u"qemu-nbd for %1 failed (%2)."_s.arg(options.image, describeStatus(*status)), tail);
    else
        stopResult = Result<void>();
    return *stopResult;
}

QemuNbdExport::QemuNbdExport()
    : d(std::make_unique<Private>())
{
}

QemuNbdExport::~QemuNbdExport()
{
    const auto stopped = stop();
    if (!stopped)
        qCWarning(lcQemuNbd) << stopped.error().toString();
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
    p.dir = std::make_unique<QTemporaryDir>(privateDirTemplate());
    if (!p.dir->isValid())
        return fail(ErrorCode::Io, u"Cannot create a private directory for the qemu-nbd socket."_s, p.dir->errorString());
    p.socketPath = p.dir->filePath(u"nbd.sock"_s);
    p.logPath = p.dir->filePath(u"qemu-nbd.log"_s);
    if (auto spawned = p.spawn(program); !spawned)
        return std::unexpected(spawned.error());
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
    return d->pid;
}

Result<void> QemuNbdExport::stop(int graceMs)
{
    std::lock_guard lock(d->mutex);
    return d->stopLocked(graceMs);
}

} // namespace Ferry
