#include "httpprobe.h"

#include "base/printabletext.h"

#include <QElapsedTimer>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 rangeBytes = 64 * 1024;
constexpr qsizetype maxHeaderBytes = 64 * 1024;
constexpr double slowFirstByteMs = 500;
constexpr int highRttMicroseconds = 20000;

QByteArray requestTarget(const QUrl &url)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    return target;
}

QString describe(const HttpProbe::Response &response)
{
    return u"HTTP %1"_s.arg(response.status);
}

} // namespace

HttpProbe::HttpProbe(NetCheckSource target)
    : m_target(std::move(target))
{
}

void HttpProbe::setTimeout(int msecs)
{
    m_timeoutMs = msecs;
}

QString HttpProbe::cipherName() const
{
    return m_cipher;
}

bool HttpProbe::contentRangeMatches(const QByteArray &value, qint64 first, qint64 last, qint64 total)
{
    return value.trimmed() == "bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/' + QByteArray::number(total);
}

Result<std::unique_ptr<QSslSocket>> HttpProbe::connectTls(const QList<QByteArray> &protocols)
{
    auto socket = std::make_unique<QSslSocket>();
    QSslConfiguration config = socket->sslConfiguration();
    config.setAllowedNextProtocols(protocols);
    socket->setSslConfiguration(config);
    QSslSocket *raw = socket.get();
    const TlsTrust trust = m_target.endpoint.trust;
    bool refused = false;
    // Only during the handshake below: the lambda refers to this stack frame.
    const auto connection = QObject::connect(raw, &QSslSocket::sslErrors, raw, [raw, trust, &refused](const QList<QSslError> &errors) {
        if (trust.accepts(raw->peerCertificate(), errors))
            raw->ignoreSslErrors();
        else
            refused = true;
    });
    const QUrl &url = m_target.endpoint.url;
    raw->connectToHostEncrypted(url.host(), quint16(url.port(443)));
    const bool encrypted = raw->waitForEncrypted(m_timeoutMs);
    QObject::disconnect(connection);
    if (refused || (encrypted && !trust.accepts(raw->peerCertificate(), {})))
        return fail(ErrorCode::TrustRefused, u"the certificate of %1 is not trusted"_s.arg(url.host()),
                    TlsTrust::fingerprint(raw->peerCertificate()));
    if (!encrypted)
        return fail(ErrorCode::Network,
                    u"cannot open a TLS connection to %1:%2; check the address and firewalls"_s.arg(url.host()).arg(url.port(443)),
                    raw->errorString());
    return socket;
}

Result<void> HttpProbe::readHeaders(QSslSocket &socket, QByteArray &buffer, Response &response)
{
    while (!buffer.contains("\r\n\r\n")) {
        if (buffer.size() > maxHeaderBytes)
            return fail(ErrorCode::Protocol, u"the source sent more than 64 KiB of response headers"_s);
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(m_timeoutMs))
            return fail(ErrorCode::Timeout, u"no HTTP response from the source within %1 ms"_s.arg(m_timeoutMs), socket.errorString());
        buffer += socket.readAll();
    }
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    buffer.remove(0, end + 4);
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    response.status = statusLine.size() >= 2 ? statusLine.at(1).toInt() : 0;
    if (response.status == 0)
        return fail(ErrorCode::Protocol, u"the source answered something that is not HTTP"_s,
                    printableText(QString::fromLatin1(lines.first())));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            response.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    return {};
}

// Sends one GET for the disk and reads the response; the body only when it is at most
// maxBody bytes (a server ignoring Range would send the whole disk).
Result<HttpProbe::Response> HttpProbe::get(QSslSocket &socket, const QByteArray &extraHeaders, qint64 maxBody)
{
    const QUrl &url = m_target.endpoint.url;
    const QByteArray request = "GET " + requestTarget(m_target.diskUrl) + " HTTP/1.1\r\nHost: " + url.host().toUtf8() + ':'
        + QByteArray::number(url.port(443)) + "\r\nUser-Agent: ferry-netcheck\r\nConnection: close\r\n" + extraHeaders + "\r\n";
    Response response;
    QElapsedTimer timer;
    timer.start();
    socket.write(request);
    if (!socket.waitForBytesWritten(m_timeoutMs) || !socket.waitForReadyRead(m_timeoutMs))
        return fail(ErrorCode::Timeout, u"no HTTP response from the source within %1 ms"_s.arg(m_timeoutMs), socket.errorString());
    response.firstByteMs = double(timer.nsecsElapsed()) / 1e6;
    QByteArray buffer;
    if (auto r = readHeaders(socket, buffer, response); !r)
        return std::unexpected(r.error());
    // Before the body: with "Connection: close" the server may close the socket after it.
    response.tcp = TcpInfo::read(socket.socketDescriptor());
    const qint64 length = response.headers.value("content-length", "-1").toLongLong();
    response.bodyBytes = buffer.size();
    while (length >= 0 && length <= maxBody && response.bodyBytes < length) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(m_timeoutMs))
            return fail(ErrorCode::Timeout, u"the response body stalled for %1 ms"_s.arg(m_timeoutMs), socket.errorString());
        response.bodyBytes += socket.readAll().size();
    }
    return response;
}

Result<QList<CheckResult>> HttpProbe::run()
{
    auto socket = connectTls({"http/1.1"_ba});
    if (!socket)
        return std::unexpected(socket.error());
    QList<CheckResult> checks{tlsCheck(**socket), http2Check()};
    const qint64 last = std::min(rangeBytes, m_target.capacity > 0 ? m_target.capacity : rangeBytes) - 1;
    QByteArray headers = "Authorization: " + m_target.endpoint.basicAuthorization() + "\r\nRange: bytes=0-" + QByteArray::number(last)
        + "\r\n";
    const auto response = get(**socket, headers, last + 1);
    (*socket)->abort();
    if (!response)
        return std::unexpected(response.error().prefixed(u"range request: "_s));
    checks << rangeCheck(*response, last) << cookieCheck() << firstByteCheck(*response) << tcpCheck(*response);
    return checks;
}

CheckResult HttpProbe::tlsCheck(QSslSocket &socket)
{
    const QSslCipher cipher = socket.sessionCipher();
    m_cipher = cipher.name();
    CheckResult check{u"tls"_s, u"TLS session"_s, CheckStatus::Pass, {}, {}, {}};
    check.summary = u"%1, cipher %2 (%3-bit)"_s.arg(cipher.protocolString(), cipher.name()).arg(cipher.usedBits());
    check.details = QJsonObject{{u"cipher"_s, cipher.name()}, {u"protocol"_s, cipher.protocolString()}, {u"bits"_s, cipher.usedBits()}};
    return check;
}

CheckResult HttpProbe::http2Check()
{
    CheckResult check{u"http2"_s, u"HTTP/2 (ALPN)"_s, CheckStatus::Pass, {}, {}, {}};
    auto socket = connectTls({"h2"_ba, "http/1.1"_ba});
    if (!socket) {
        check.status = CheckStatus::Skip;
        check.summary = socket.error().message();
        return check;
    }
    const QByteArray protocol = (*socket)->sslConfiguration().nextNegotiatedProtocol();
    (*socket)->abort();
    const bool h2 = protocol == "h2";
    check.summary = h2
        ? u"the source offers HTTP/2; Ferry still uses one HTTP/1.1 connection per slot, because "
          u"ESXi throttles each connection"_s
        : u"the source offers HTTP/1.1 only (ALPN: %1)"_s.arg(protocol.isEmpty() ? u"none"_s : QString::fromLatin1(protocol));
    check.details = QJsonObject{{u"alpn"_s, QString::fromLatin1(protocol)}, {u"http2"_s, h2}};
    return check;
}

CheckResult HttpProbe::rangeCheck(const Response &response, qint64 last) const
{
    CheckResult check{u"range"_s, u"Range requests on /folder"_s, CheckStatus::Pass, {}, {}, {}};
    const QByteArray contentRange = response.headers.value("content-range");
    const QString shownRange = printableText(QString::fromLatin1(contentRange));
    check.details = QJsonObject{{u"status"_s, response.status},
                                {u"content_range"_s, shownRange},
                                {u"body_bytes"_s, response.bodyBytes},
                                {u"requested_bytes"_s, last + 1}};
    if (response.status == 206 && contentRangeMatches(contentRange, 0, last, m_target.capacity) && response.bodyBytes == last + 1) {
        check.summary = u"206 Partial Content with Content-Range %1 for %2"_s.arg(shownRange, m_target.diskLabel);
        return check;
    }
    check.status = CheckStatus::Fail;
    if (response.status == 200)
        check.summary = u"the source ignores Range: 200 with the whole file for %1"_s.arg(m_target.diskLabel);
    else if (response.status == 401)
        check.summary = u"401: the source refused the user and password"_s;
    else
        check.summary = u"%1 with Content-Range '%2' and %3 body bytes, expected 206 with bytes 0-%4/%5"_s
                            .arg(describe(response), shownRange)
                            .arg(response.bodyBytes)
                            .arg(last)
                            .arg(m_target.capacity);
    check.advice = response.status == 401 ? u"check --user and the password"_s
                                          : u"Ferry needs byte ranges on /folder; remove proxies or load balancers that "
                                            u"strip Range between this host and the source"_s;
    return check;
}

CheckResult HttpProbe::cookieCheck()
{
    CheckResult check{u"session-cookie"_s, u"Session cookie on /folder"_s, CheckStatus::Skip, {}, {}, {}};
    if (m_target.cookie.isEmpty()) {
        check.summary = u"no session cookie (not logged in through /sdk)"_s;
        return check;
    }
    auto socket = connectTls({"http/1.1"_ba});
    if (!socket) {
        check.summary = socket.error().message();
        return check;
    }
    const auto response = get(**socket, "Cookie: " + m_target.cookie + "\r\nRange: bytes=0-0\r\n", 1);
    (*socket)->abort();
    if (!response) {
        check.status = CheckStatus::Fail;
        check.summary = response.error().message();
        return check;
    }
    check.details = QJsonObject{{u"status"_s, response->status}};
    const bool ok = response->status == 206 || response->status == 200;
    check.status = ok ? CheckStatus::Pass : CheckStatus::Warn;
    check.summary = ok ? u"a request with only the session cookie was answered %1"_s.arg(response->status)
                       : u"a request with only the session cookie was answered %1, not 206"_s.arg(response->status);
    if (!ok)
        check.advice = u"Ferry sends Basic authorization with every request as well, so copies still work, but every "
                       u"request may cost the host a login"_s;
    return check;
}

CheckResult HttpProbe::firstByteCheck(const Response &response) const
{
    CheckResult check{u"first-byte"_s, u"Time to first byte"_s, CheckStatus::Pass, {}, {}, {}};
    check.details = QJsonObject{{u"ms"_s, response.firstByteMs}};
    check.summary = u"%1 ms from request to the first response byte"_s.arg(response.firstByteMs, 0, 'f', 1);
    if (response.firstByteMs > slowFirstByteMs) {
        check.status = CheckStatus::Warn;
        check.advice = u"the source answers slowly; pipelining (--requests-per-connection 2 or more) hides part of it"_s;
    }
    return check;
}

CheckResult HttpProbe::tcpCheck(const Response &response) const
{
    CheckResult check{u"tcp"_s, u"TCP connection"_s, CheckStatus::Skip, {}, {}, {}};
    if (!response.tcp) {
        check.summary = u"TCP_INFO is not available on this system"_s;
        return check;
    }
    const TcpInfo &tcp = *response.tcp;
    check.status = CheckStatus::Pass;
    check.details = tcp.toJson();
    check.summary = u"MSS %1 out / %2 in, RTT %3 ms, peer window %4, SO_RCVBUF %5"_s.arg(tcp.sendMss)
                        .arg(tcp.receiveMss)
                        .arg(tcp.rttMicroseconds / 1000.0, 0, 'f', 2)
                        .arg(tcp.peerWindow < 0 ? u"unknown"_s : QString::number(tcp.peerWindow))
                        .arg(tcp.receiveBuffer);
    if (tcp.rttMicroseconds > highRttMicroseconds) {
        check.status = CheckStatus::Warn;
        check.advice = u"a round trip above 20 ms limits each connection against ESXi's small TCP windows; use more "
                       u"connections (see the read benchmark)"_s;
    }
    return check;
}

} // namespace Ferry
