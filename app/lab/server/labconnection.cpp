#include "labconnection.h"

#include "labstats.h"
#include "router.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

constexpr qint64 blockSize = 256 * 1024;
constexpr qint64 readChunk = 64 * 1024;

// Closes a file descriptor on every path out of a scope.
struct FileCloser
{
    int fd;
    ~FileCloser()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

std::mutex logMutex;

} // namespace

LabConnection::LabConnection(ssl_ctx_st *context, int fd, quint64 id, Router &router)
    : m_tls(context, fd)
    , m_id(id)
    , m_router(router)
    , m_bucket(router.faults().ratePerConnection)
{
}

LabConnection::~LabConnection() = default;

void LabConnection::abort()
{
    m_tls.abort();
}

void LabConnection::run()
{
    if (!m_tls.handshake())
        return;
    char chunk[readChunk];
    for (;;) {
        if (serveBuffered() == Next::Close)
            break;
        const qint64 got = m_tls.read(chunk, sizeof chunk);
        if (got <= 0)
            break;
        m_in.append(chunk, got);
    }
    m_tls.close();
}

LabConnection::Next LabConnection::serveBuffered()
{
    for (;;) {
        HttpRequest request;
        int errorStatus = 0;
        switch (HttpRequestParser::parse(m_in, request, &errorStatus)) {
        case HttpRequestParser::Status::Complete:
            m_continueSent = false;
            if (respond(request) == Next::Close)
                return Next::Close;
            continue;
        case HttpRequestParser::Status::NeedMore:
            if (!m_continueSent && HttpRequestParser::wantsContinue(m_in)) {
                m_continueSent = true;
                static const QByteArray interim = "HTTP/1.1 100 Continue\r\n\r\n";
                if (!m_tls.write(interim.constData(), interim.size()))
                    return Next::Close;
            }
            return Next::Continue;
        case HttpRequestParser::Status::Error: {
            HttpResponse response = HttpResponse::text(errorStatus, HttpResponse::reason(errorStatus) + '\n');
            response.close = true;
            writeHead(response);
            return Next::Close;
        }
        }
    }
}

LabConnection::Next LabConnection::respond(const HttpRequest &request)
{
    HttpResponse response = m_router.handle(request);
    if (request.method == "HEAD")
        response.headOnly = true;
    if (!request.keepAlive())
        response.close = true;
    if (m_router.faults().latencyMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(m_router.faults().latencyMs));
    if (!writeHead(response))
        return Next::Close;
    qint64 sent = response.headOnly ? 0 : response.body.size();
    Next next = response.close ? Next::Close : Next::Continue;
    if (response.file.length >= 0 && !response.headOnly && streamFile(response, &sent) == Next::Close)
        next = Next::Close;
    log(request, response, sent);
    return next;
}

bool LabConnection::writeHead(const HttpResponse &response)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + HttpResponse::reason(response.status) + "\r\n";
    head += "Date: " + QLocale::c().toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1() + "\r\n";
    bool hasLength = false;
    for (const auto &[name, value] : response.headers) {
        hasLength = hasLength || name.compare("Content-Length", Qt::CaseInsensitive) == 0;
        head += name + ": " + value + "\r\n";
    }
    if (!hasLength)
        head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    head += response.close ? "Connection: close\r\n\r\n" : "Connection: Keep-Alive\r\n\r\n";
    if (!response.headOnly)
        head += response.body;
    m_router.stats().bytesSent += head.size();
    return m_tls.write(head.constData(), head.size());
}

LabConnection::Next LabConnection::streamFile(const HttpResponse &response, qint64 *sent)
{
    const HttpResponse::FileBody &file = response.file;
    FileCloser fd{::open(QFile::encodeName(file.path).constData(), O_RDONLY | O_CLOEXEC)};
    if (fd.fd < 0)
        return Next::Close; // the head promised a body that cannot come: end the connection
    ::posix_fadvise(fd.fd, file.offset, file.length, POSIX_FADV_SEQUENTIAL);
    if (!m_block)
        m_block = std::make_unique<char[]>(blockSize);
    const qint64 total = file.length + file.padding;
    qint64 step = m_bucket.limited() ? std::min(blockSize, m_bucket.burst()) : blockSize;
    if (m_router.link().limited())
        step = std::min(step, m_router.link().burst());
    for (qint64 done = 0; done < total;) {
        qint64 n = std::min(step, total - done);
        if (done < file.length) {
            n = std::min(n, file.length - done);
            const ssize_t got = ::pread(fd.fd, m_block.get(), size_t(n), file.offset + done);
            if (got <= 0)
                return Next::Close;
            n = got;
        } else {
            std::fill_n(m_block.get(), n, '\0');
        }
        if (file.corruptAt >= done && file.corruptAt < done + n)
            m_block[file.corruptAt - done] ^= 0x5a;
        if (file.stopAfter >= 0 && done + n >= file.stopAfter) {
            sendBlock(m_block.get(), file.stopAfter - done, sent);
            return Next::Close;
        }
        if (!sendBlock(m_block.get(), n, sent))
            return Next::Close;
        done += n;
    }
    return Next::Continue;
}

// Sends one block of /folder body bytes, honouring the rate cap and the drop and
// stall thresholds; false when the connection must end.
bool LabConnection::sendBlock(const char *data, qint64 size, qint64 *sent)
{
    const FaultOptions &faults = m_router.faults();
    LabStats &stats = m_router.stats();
    qint64 allowed = size;
    if (faults.dropAfter > 0)
        allowed = std::min(allowed, faults.dropAfter - m_folderBytes);
    if (faults.stallAfter > 0)
        allowed = std::min(allowed, faults.stallAfter - m_folderBytes);
    allowed = std::max<qint64>(0, allowed);
    if (allowed > 0) {
        m_bucket.take(allowed);
        m_router.link().take(allowed);
        if (!m_tls.write(data, allowed))
            return false;
        m_folderBytes += allowed;
        *sent += allowed;
        stats.bytesSent += allowed;
        stats.folderBodyBytes += allowed;
    }
    if (allowed == size)
        return true;
    if (faults.dropAfter > 0 && m_folderBytes >= faults.dropAfter) {
        ++stats.drops;
        m_tls.abort();
        return false;
    }
    ++stats.stalls;
    stall();
    return false;
}

// Keeps the connection open without sending, until the client gives up or the server stops.
LabConnection::Next LabConnection::stall()
{
    char sink[4096];
    for (;;) {
        if (!m_tls.waitReadable(500))
            continue;
        if (m_tls.read(sink, sizeof sink) <= 0)
            return Next::Close;
    }
}

void LabConnection::log(const HttpRequest &request, const HttpResponse &response, qint64 sent) const
{
    if (!m_router.verbose())
        return;
    const QJsonObject line{
        {u"time"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {u"connection"_s, qint64(m_id)},
        {u"method"_s, QString::fromLatin1(request.method)},
        {u"target"_s, QString::fromLatin1(request.target)},
        {u"range"_s, QString::fromLatin1(request.header("Range"))},
        {u"status"_s, response.status},
        {u"bytes"_s, sent},
    };
    const QByteArray text = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    std::lock_guard lock(logMutex);
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fflush(stderr);
}

} // namespace Ferry::Lab
