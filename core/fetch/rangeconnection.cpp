#include "rangeconnection.h"

#include "base/printabletext.h"
#include "base/version.h"
#include "data/chunkrecorder.h"
#include "data/sink.h"
#include "rangescheduler.h"
#include "throughputmeter.h"

#include <QSslConfiguration>
#include <QSslSocket>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace Ferry {

namespace {

// How often a chunk in flight reports its drained prefix to the journal: what a crash may
// lose of it on top of the journal's own commit interval.
constexpr auto progressInterval = 1s;

QByteArray hostHeader(const QString &host, quint16 port)
{
    QByteArray out = host.contains(u':') ? '[' + host.toLatin1() + ']' : host.toLatin1();
    if (port != 443)
        out += ':' + QByteArray::number(port);
    return out;
}

} // namespace

RangeConnection::RangeConnection(Config config, RangeScheduler &scheduler, ThroughputMeter &meter, WriterLookup writers,
                                 const std::atomic<bool> &cancelled, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_scheduler(scheduler)
    , m_meter(meter)
    , m_writers(std::move(writers))
    , m_cancelled(cancelled)
    , m_hostHeader(hostHeader(m_config.host, m_config.port))
{
    // A quarter of the read budget is this connection's scratch buffer, the rest is the
    // socket's own (bounded) buffer.
    m_readBuffer.resize(qsizetype(m_config.readBufferBytes / 4));
}

RangeConnection::~RangeConnection()
{
    shutdown();
}

void RangeConnection::pump()
{
    if (m_cancelled.load(std::memory_order_relaxed))
        return;
    switch (m_state) {
    case State::Idle:
        if (m_scheduler.isActive(m_config.id) && Clock::now() >= m_reconnectAt && m_scheduler.hasWork())
            connectSocket();
        return;
    case State::Ready:
        fillPipeline();
        return;
    case State::Connecting:
    case State::Stopped:
        return;
    }
}

void RangeConnection::connectSocket()
{
    teardownSocket();
    m_socket = new QSslSocket(this);
    QSslConfiguration tls = m_socket->sslConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    // Never let ALPN pick HTTP/2: this client speaks HTTP/1.1 only.
    tls.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
    m_socket->setSslConfiguration(tls);
    m_socket->setReadBufferSize(m_config.readBufferBytes - m_readBuffer.size());
    m_socket->setPeerVerifyName(m_config.host);
    connect(m_socket, &QSslSocket::encrypted, this, &RangeConnection::onEncrypted);
    connect(m_socket, &QSslSocket::sslErrors, this, &RangeConnection::onSslErrors);
    connect(m_socket, &QSslSocket::readyRead, this, &RangeConnection::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &RangeConnection::onSocketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &RangeConnection::onSocketError);
    m_refusedFingerprint.clear();
    m_state = State::Connecting;
    m_connectStarted = Clock::now();
    m_socket->connectToHostEncrypted(m_config.host, m_config.port);
}

void RangeConnection::onSslErrors(const QList<QSslError> &errors)
{
    const QSslCertificate peer = m_socket->peerCertificate();
    if (m_config.trust.accepts(peer, errors))
        m_socket->ignoreSslErrors(errors);
    else
        m_refusedFingerprint = TlsTrust::fingerprint(peer);
}

void RangeConnection::onEncrypted()
{
    // A CA-signed certificate raises no sslErrors, so a pin is checked here as well.
    const QSslCertificate peer = m_socket->peerCertificate();
    if (m_config.trust.mode() == TlsTrust::Mode::Pinned && !m_config.trust.accepts(peer, {})) {
        m_refusedFingerprint = TlsTrust::fingerprint(peer);
        onSocketError();
        return;
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_state = State::Ready;
    m_connectFailures = 0;
    ++m_connectionsMade;
    m_lastActivity = Clock::now();
    fillPipeline();
}

void RangeConnection::onSocketError()
{
    if (!m_socket)
        return;
    if (!m_refusedFingerprint.isEmpty()) {
        const QString fingerprint = m_refusedFingerprint;
        teardownSocket();
        m_state = State::Stopped;
        m_scheduler.reportFatal(
            Error(ErrorCode::TrustRefused,
                  u"the certificate of %1 is not trusted; if SHA-256 fingerprint %2 is really the host's, accept it with --fingerprint"_s
                      .arg(QString::fromLatin1(m_hostHeader), fingerprint),
                  fingerprint));
        return;
    }
    if (m_state == State::Connecting) {
        connectFailed(
            Error(ErrorCode::Network, u"cannot connect to %1: %2"_s.arg(QString::fromLatin1(m_hostHeader), m_socket->errorString())));
        return;
    }
    const QString reason = m_socket->errorString();
    // Data that arrived before the close still counts: a response may be complete.
    onReadyRead();
    if (!m_socket)
        return;
    const QString what = m_inFlight.empty() ? u"an idle connection"_s : describe(*m_inFlight.front().task);
    dropConnection(Error(ErrorCode::Network, u"the connection broke while reading %1 (%2)"_s.arg(what, reason)), Drop::Retry);
}

void RangeConnection::onReadyRead()
{
    while (m_socket) {
        // Body bytes go straight into the chunk's block buffer; only heads (and bodies
        // that are discarded) pass through the scratch buffer.
        std::span<char> into(m_readBuffer.data(), size_t(m_readBuffer.size()));
        if (m_parser.state() == RangeResponseParser::State::Body && !m_inFlight.empty()) {
            const std::span<char> window = m_inFlight.front().task->processor->appendWindow();
            if (!window.empty())
                into = window.first(size_t(std::min<qint64>(qint64(window.size()), m_parser.bodyRemaining())));
        }
        const qint64 n = m_socket->read(into.data(), qint64(into.size()));
        if (n <= 0)
            return;
        m_lastActivity = Clock::now();
        if (!consume(QByteArrayView(into.data(), qsizetype(n))))
            return;
    }
}

bool RangeConnection::consume(QByteArrayView data)
{
    while (!data.isEmpty()) {
        if (m_inFlight.empty()) {
            dropConnection(Error(ErrorCode::Protocol,
                                 u"%1 sent %2 bytes that answer no request"_s.arg(QString::fromLatin1(m_hostHeader)).arg(data.size())),
                           Drop::Requeue);
            return false;
        }
        const auto step = m_parser.feed(data);
        if (!step) {
            dropConnection(step.error(), Drop::Retry);
            return false;
        }
        data = data.sliced(step->consumed);
        if (!step->body.isEmpty() && !deliver(step->body))
            return false;
        if (step->done && !finishResponse())
            return false;
    }
    return true;
}

bool RangeConnection::deliver(QByteArrayView body)
{
    ChunkTask &task = *m_inFlight.front().task;
    if (task.disk->abandoned.load(std::memory_order_relaxed) || m_cancelled.load(std::memory_order_relaxed)) {
        // Nobody wants the rest of this body; reading it would only waste the link.
        dropConnection(Error(ErrorCode::Cancelled, u"abandoned"_s), Drop::Requeue);
        return false;
    }
    if (!std::exchange(m_inFlight.front().admitted, true)) {
        m_scheduler.admitted();
        m_meter.addLatency(Clock::now() - m_frontSince);
    }
    auto writer = writerFor(task);
    auto appended = writer ? task.processor->append(body, **writer) : Result<void>(std::unexpected(writer.error()));
    if (appended && progressDue(task)) {
        appended = task.processor->sendPendingZeros(**writer);
        if (appended)
            appended = (*writer)->drain();
        if (appended)
            reportProgress(task);
    }
    m_meter.addBytes(m_config.id, body.size());
    task.disk->bytesArrived.fetch_add(body.size(), std::memory_order_relaxed);
    if (appended)
        return true;
    std::unique_ptr<ChunkTask> failed = std::move(m_inFlight.front().task);
    m_inFlight.pop_front();
    dropConnection(appended.error(), Drop::Requeue);
    m_scheduler.failDisk(std::move(failed), appended.error());
    return false;
}

bool RangeConnection::finishResponse()
{
    InFlight request = std::move(m_inFlight.front());
    m_inFlight.pop_front();
    const int status = m_parser.status();
    const bool closeAfter = m_parser.closeAfter();
    if (!m_inFlight.empty()) {
        const ChunkTask &next = *m_inFlight.front().task;
        m_parser.expect(next.nextOffset(), next.lastOffset(), next.disk->spec.capacity);
        m_frontSince = Clock::now();
    }
    if (status == 206)
        finishPartialContent(std::move(request.task));
    else
        handleStatus(std::move(request), status);
    if (closeAfter) {
        // The server answers nothing after this response: the rest go back untouched.
        dropConnection(Error(ErrorCode::Network, u"the server closed the connection"_s), Drop::Requeue);
        return false;
    }
    fillPipeline();
    return m_socket != nullptr;
}

void RangeConnection::finishPartialContent(std::unique_ptr<ChunkTask> task)
{
    if (task->disk->abandoned.load(std::memory_order_relaxed)) {
        m_scheduler.requeue(std::move(task));
        return;
    }
    auto writer = writerFor(*task);
    if (!writer) {
        m_scheduler.failDisk(std::move(task), writer.error());
        return;
    }
    auto digest = task->processor->finish(**writer);
    if (!digest) {
        m_scheduler.failDisk(std::move(task), digest.error());
        return;
    }
    // The digest reads the chunk back through another connection once the scheduler
    // reports it, so it must be visible. Durability for the resume journal comes later,
    // batched (JournalCommitter), so this thread does not wait for the disk.
    if (auto drained = (*writer)->drain(); !drained) {
        m_scheduler.failDisk(std::move(task), drained.error());
        return;
    }
    m_scheduler.complete(std::move(task), *digest);
}

void RangeConnection::handleStatus(InFlight request, int status)
{
    std::unique_ptr<ChunkTask> task = std::move(request.task);
    if (status == 503) {
        bool numeric = false;
        const int retryAfter = m_parser.header("retry-after").trimmed().toInt(&numeric);
        m_scheduler.throttled(std::move(task), std::chrono::seconds(numeric && retryAfter > 0 ? retryAfter : 0));
        return;
    }
    if (status == 401 && request.withCookie) {
        // The session expired or was never valid: Basic auth alone decides.
        m_scheduler.rejectCookie();
        m_scheduler.requeue(std::move(task));
        return;
    }
    if (status == 401) {
        m_scheduler.reportFatal(Error(ErrorCode::Auth,
                                      u"the server rejected the user name or password (HTTP 401) for %1; check the user and password"_s.arg(
                                          task->disk->spec.url.toDisplayString())));
        m_scheduler.requeue(std::move(task));
        return;
    }
    const Error error = statusError(status, *task);
    // A server error may pass; a client error will not.
    if (status >= 500)
        m_scheduler.retry(std::move(task), error);
    else
        m_scheduler.failDisk(std::move(task), error);
}

Error RangeConnection::statusError(int status, const ChunkTask &task) const
{
    const QString url = task.disk->spec.url.toDisplayString();
    switch (status) {
    case 404:
        return Error(ErrorCode::NotFound, u"the server has no file at %1 (HTTP 404); check the datastore and path"_s.arg(url));
    case 416:
        return Error(ErrorCode::Protocol,
                     u"the server refused %1 (HTTP 416) at %2: the file is smaller than the disk's capacity"_s.arg(describe(task), url));
    case 200:
        return Error(ErrorCode::Unsupported,
                     u"the server ignored the Range request and sent the whole file (HTTP 200) for %1; ranged reads are required"_s.arg(
                         url));
    default:
        return Error(ErrorCode::Network,
                     u"the server answered HTTP %1 %2 for %3 of %4"_s.arg(status).arg(printableText(QString::fromLatin1(m_parser.reason())),
                                                                                      describe(task), url));
    }
}

void RangeConnection::fillPipeline()
{
    if (!m_scheduler.isActive(m_config.id)) {
        // Retired by --connections auto: what is in flight finishes, then the server gets
        // its connection slot back.
        if (m_state == State::Ready && m_inFlight.empty()) {
            teardownSocket();
            m_state = State::Idle;
        }
        return;
    }
    while (m_state == State::Ready && m_socket && int(m_inFlight.size()) < m_config.maxRequests
           && !m_cancelled.load(std::memory_order_relaxed)) {
        RangeScheduler::Grant grant = m_scheduler.acquire(m_config.id);
        if (!grant.task)
            return;
        sendRequest(std::move(grant.task));
    }
}

void RangeConnection::sendRequest(std::unique_ptr<ChunkTask> task)
{
    const bool withCookie = !m_config.cookie.isEmpty() && !m_scheduler.cookieRejected();
    const qint64 first = task->nextOffset();
    const qint64 last = task->lastOffset();
    QByteArray request;
    request.reserve(512 + task->disk->requestTarget.size() + m_config.authorization.size() + m_config.cookie.size());
    request += "GET "_ba + task->disk->requestTarget + " HTTP/1.1\r\nHost: "_ba + m_hostHeader;
    request += "\r\nRange: bytes="_ba + QByteArray::number(first) + '-' + QByteArray::number(last);
    request += "\r\nAuthorization: "_ba + m_config.authorization;
    if (withCookie)
        request += "\r\nCookie: "_ba + m_config.cookie;
    request += "\r\nAccept-Encoding: identity\r\nConnection: keep-alive\r\nUser-Agent: "_ba + applicationName + '/' + versionString
        + "\r\n\r\n"_ba;
    if (m_inFlight.empty()) {
        m_parser.expect(first, last, task->disk->spec.capacity);
        m_lastActivity = m_frontSince = Clock::now();
    }
    m_inFlight.push_back({std::move(task), withCookie});
    m_socket->write(request);
}

void RangeConnection::checkTimers(Clock::time_point now)
{
    if (m_state == State::Connecting && now - m_connectStarted > m_config.connectTimeout) {
        connectFailed(Error(ErrorCode::Timeout,
                            u"connecting to %1 timed out after %2 s"_s.arg(QString::fromLatin1(m_hostHeader))
                                .arg(double(m_config.connectTimeout.count()) / 1000.0)));
        return;
    }
    if (m_state != State::Ready || m_inFlight.empty() || now - m_lastActivity <= m_config.stallTimeout)
        return;
    if (m_socket->bytesAvailable() > 0) {
        onReadyRead();
        return;
    }
    dropConnection(Error(ErrorCode::Timeout,
                         u"no data for %1 s while reading %2"_s.arg(double(m_config.stallTimeout.count()) / 1000.0)
                             .arg(describe(*m_inFlight.front().task))),
                   Drop::Retry);
}

void RangeConnection::forgiveSilence(Clock::time_point now)
{
    m_lastActivity = std::max(m_lastActivity, now);
    m_connectStarted = std::max(m_connectStarted, now);
}

void RangeConnection::dropConnection(const Error &error, Drop front)
{
    teardownSocket();
    if (m_state != State::Stopped)
        m_state = State::Idle;
    m_reconnectAt = Clock::now();
    std::deque<InFlight> requests = std::exchange(m_inFlight, {});
    for (InFlight &request : requests) {
        giveBack(std::move(request.task), front == Drop::Retry ? &error : nullptr);
        front = Drop::Requeue;
    }
}

bool RangeConnection::progressDue(const ChunkTask &task) const
{
    // received(), not writtenPrefix(): a zero run held back for merging counts too (it is
    // sent before the report).
    return task.disk->spec.recorder && task.processor->received() > task.progressReported
        && Clock::now() - task.progressReportedAt >= progressInterval;
}

void RangeConnection::reportProgress(ChunkTask &task)
{
    task.progressReportedAt = Clock::now(); // also when only buffered bytes were new
    const qint64 written = task.processor->writtenPrefix();
    if (!task.disk->spec.recorder || written <= task.progressReported)
        return;
    task.disk->spec.recorder->chunkProgress({task.index, task.offset(), task.length(), written});
    task.progressReported = written;
}

void RangeConnection::giveBack(std::unique_ptr<ChunkTask> task, const Error *error)
{
    const bool partial = task->processor->received() > task->receivedAtLease;
    if (partial && !task->disk->abandoned.load()) {
        // Another thread's writer finishes this chunk and only drains itself, so what
        // this thread's writer already issued must be on the target before the handover.
        // Drained, it is also what a pause or cancel keeps of the chunk: its progress goes
        // to the journal now, not only once the whole chunk is in.
        auto writer = writerFor(*task);
        auto flushed = writer ? task->processor->sendPendingZeros(**writer) : Result<void>(std::unexpected(writer.error()));
        if (flushed)
            flushed = (*writer)->drain();
        if (!flushed && !m_cancelled.load()) {
            m_scheduler.failDisk(std::move(task), flushed.error());
            return;
        }
        if (flushed)
            reportProgress(*task);
    }
    if (error)
        m_scheduler.retry(std::move(task), *error);
    else
        m_scheduler.requeue(std::move(task));
}

void RangeConnection::connectFailed(const Error &error)
{
    teardownSocket();
    ++m_connectFailures;
    if (m_connectFailures >= m_config.maxConnectFailures) {
        m_state = State::Stopped;
        m_gaveUp = true;
        m_scheduler.connectionGaveUp(m_config.id, error);
        return;
    }
    m_state = State::Idle;
    m_reconnectAt = Clock::now() + std::min<std::chrono::milliseconds>(500ms * (1 << (m_connectFailures - 1)), 8s);
}

void RangeConnection::teardownSocket()
{
    if (!m_socket)
        return;
    QSslSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->abort();
    // Maybe inside one of its own signals: delete it from the event loop.
    socket->deleteLater();
}

void RangeConnection::shutdown()
{
    teardownSocket();
    m_state = State::Stopped;
    std::deque<InFlight> requests = std::exchange(m_inFlight, {});
    for (InFlight &request : requests)
        giveBack(std::move(request.task), nullptr);
}

bool RangeConnection::hasGivenUp() const
{
    return m_gaveUp;
}

int RangeConnection::requestsInFlight() const
{
    return int(m_inFlight.size());
}

int RangeConnection::connectionsMade() const
{
    return m_connectionsMade;
}

Result<SinkWriter *> RangeConnection::writerFor(const ChunkTask &task)
{
    return m_writers(*task.disk);
}

QString RangeConnection::describe(const ChunkTask &task) const
{
    return u"bytes %1-%2"_s.arg(task.nextOffset()).arg(task.lastOffset());
}

} // namespace Ferry
