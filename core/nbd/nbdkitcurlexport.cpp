#include "nbdkitcurlexport.h"

#include "nbdconnection.h"
#include "peercertificate.h"
#include "process/privatedirectory.h"
#include "process/spawnedprocess.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <optional>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int kPollIntervalMs = 10;

Result<void> writePrivateFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(data) != data.size())
        return fail(ErrorCode::Io, u"Cannot write the private file %1."_s.arg(path), file.errorString());
    return {};
}

// nbdkit's log names why the first request failed; turn the common causes into codes.
Error startError(const QString &log)
{
    if (log.contains(u"401"_s) || log.contains(u"403"_s))
        return Error(ErrorCode::Auth, u"The source refused the credentials for the disk URL; check the user and password."_s, log);
    if (log.contains(u"SSL"_s) || log.contains(u"certificate"_s))
        return Error(ErrorCode::TrustRefused, u"nbdkit curl did not trust the source's certificate"_s, log);
    if (log.contains(u"404"_s))
        return Error(ErrorCode::NotFound, u"The source has no file at the disk URL."_s, log);
    return Error(ErrorCode::Network, u"nbdkit curl could not read the disk URL."_s, log);
}

} // namespace

class NbdkitCurlExport::Private
{
public:
    Options options;
    std::unique_ptr<QTemporaryDir> dir;
    QString socketPath;
    std::unique_ptr<SpawnedProcess> process;
    std::unique_ptr<NbdConnection> keepalive;
    std::optional<Result<void>> stopResult;
};

NbdkitCurlExport::NbdkitCurlExport()
    : d(std::make_unique<Private>())
{
}

NbdkitCurlExport::~NbdkitCurlExport()
{
    stop();
}

Result<void> NbdkitCurlExport::writeSecrets(QStringList &arguments)
{
    const Options &o = d->options;
    if (!o.user.isEmpty()) {
        const QString passwordFile = d->dir->filePath(u"password"_s);
        if (auto written = writePrivateFile(passwordFile, o.password.toUtf8()); !written)
            return written;
        arguments << u"user="_s + o.user << u"password=+"_s + passwordFile;
    }
    if (!o.cookie.isEmpty()) {
        const QString cookieFile = d->dir->filePath(u"cookie"_s);
        if (auto written = writePrivateFile(cookieFile, o.cookie); !written)
            return written;
        arguments << u"cookie=+"_s + cookieFile;
    }
    switch (o.trust.mode()) {
    case TlsTrust::Mode::System:
        break;
    case TlsTrust::Mode::Insecure:
        arguments << u"sslverify=false"_s;
        break;
    case TlsTrust::Mode::Pinned: {
        const auto pem = PeerCertificate::fetchPinned(o.url.host(), quint16(o.url.port(443)), o.trust);
        if (!pem)
            return std::unexpected(pem.error());
        const QString caFile = d->dir->filePath(u"ca.pem"_s);
        const QString caDir = d->dir->filePath(u"ca.d"_s);
        if (auto written = writePrivateFile(caFile, *pem); !written)
            return written;
        QDir().mkdir(caDir);
        arguments << u"cainfo="_s + caFile << u"capath="_s + caDir;
        break;
    }
    }
    return {};
}

void NbdkitCurlExport::removeSecrets()
{
    if (d->dir) {
        QFile::remove(d->dir->filePath(u"password"_s));
        QFile::remove(d->dir->filePath(u"cookie"_s));
    }
}

Result<std::unique_ptr<NbdkitCurlExport>> NbdkitCurlExport::start(const Options &options, const std::atomic<bool> *cancel)
{
    const QString program = QStandardPaths::findExecutable(u"nbdkit"_s);
    if (program.isEmpty())
        return fail(ErrorCode::Process, u"nbdkit is not installed; install the nbdkit package."_s);
    if (options.url.scheme() != u"https" && options.url.scheme() != u"http")
        return fail(ErrorCode::Usage, u"nbdkit curl needs an http(s) URL, not %1."_s.arg(options.url.toDisplayString()));
    std::unique_ptr<NbdkitCurlExport> server(new NbdkitCurlExport());
    Private &p = *server->d;
    p.options = options;
    p.dir = std::make_unique<QTemporaryDir>(PrivateDirectory::pattern(u"curl"_s));
    if (!p.dir->isValid())
        return fail(ErrorCode::Io, u"Cannot create a private directory for nbdkit."_s, p.dir->errorString());
    p.socketPath = p.dir->filePath(u"nbd.sock"_s);
    QStringList arguments{u"--exit-with-parent"_s, u"--foreground"_s, u"--readonly"_s, u"--log=stderr"_s, u"--unix"_s, p.socketPath,
                          u"--filter=retry"_s,     u"curl"_s};
    arguments += curlArguments(options);
    auto secrets = server->writeSecrets(arguments);
    if (secrets) {
        auto process = SpawnedProcess::start(program, arguments, p.dir->filePath(u"nbdkit.log"_s));
        if (process)
            p.process = std::move(*process);
        else
            secrets = std::unexpected(process.error());
    }
    if (secrets)
        secrets = server->waitUntilServing(cancel);
    server->removeSecrets(); // read by nbdkit at startup (or never needed again)
    if (!secrets) {
        server->stop(1000);
        return std::unexpected(secrets.error());
    }
    return server;
}

QStringList NbdkitCurlExport::curlArguments(const Options &options)
{
    return {u"url="_s + QString::fromUtf8(options.url.toEncoded()), u"timeout=%1"_s.arg(options.timeoutSeconds), u"followlocation=false"_s,
            u"protocols="_s + options.url.scheme()};
}

Result<void> NbdkitCurlExport::waitUntilServing(const std::atomic<bool> *cancel)
{
    NbdConnection::Limits limits;
    limits.maxInFlight = 1;
    for (int waited = 0; waited <= d->options.startTimeoutMs; waited += kPollIntervalMs) {
        if (const auto status = d->process->poll())
            return std::unexpected(startError(d->process->stderrTail()));
        if (cancel && cancel->load())
            return fail(ErrorCode::Cancelled, u"Inspection was cancelled."_s);
        if (QFile::exists(d->socketPath)) {
            // Once the socket exists a failed handshake is curl's failure, not a race.
            auto connection = NbdConnection::connectUnix(d->socketPath, limits);
            if (!connection)
                return std::unexpected(startError(d->process->stderrTail() + u"; "_s + connection.error().toString()));
            d->keepalive = std::move(*connection);
            return {};
        }
        QThread::msleep(kPollIntervalMs);
    }
    return fail(ErrorCode::Timeout, u"nbdkit did not start serving within %1 ms."_s.arg(d->options.startTimeoutMs),
                d->process->stderrTail());
}

QString NbdkitCurlExport::socketPath() const
{
    return d->socketPath;
}

QString NbdkitCurlExport::uri() const
{
    return u"nbd+unix:///?socket="_s + QString::fromLatin1(QUrl::toPercentEncoding(d->socketPath, "/"));
}

qint64 NbdkitCurlExport::size() const
{
    return d->keepalive ? d->keepalive->size() : -1;
}

qint64 NbdkitCurlExport::pid() const
{
    return d->process ? d->process->pid() : 0;
}

Result<void> NbdkitCurlExport::stop(int graceMs)
{
    if (d->stopResult)
        return *d->stopResult;
    d->keepalive.reset();
    Result<void> result;
    if (d->process)
        result = d->process->stop(graceMs);
    d->process.reset();
    d->dir.reset();
    d->stopResult = result;
    return result;
}

} // namespace Ferry
