#pragma once

#include "base/error.h"
#include "checkresult.h"
#include "netchecksource.h"
#include "tcpinfo.h"

#include <QByteArray>
#include <QList>
#include <QMap>

#include <memory>
#include <optional>

class QSslSocket;

namespace Ferry {

// Probes the /folder endpoint of one disk with a few short TLS connections: Range
// support (206 with the right Content-Range), the session cookie alone, time to first
// byte, the TCP parameters the kernel negotiated (TCP_INFO), the TLS cipher and
// whether HTTP/2 is offered (ALPN).
//
// Blocking: uses QSslSocket's waitFor* calls, each bounded by the timeout; call it from
// the CLI or a worker thread, never the GUI thread. The source's certificate is checked
// with the endpoint's TlsTrust exactly as the transfer engine does.
class HttpProbe
{
public:
    struct Response
    {
        int status = 0;
        QMap<QByteArray, QByteArray> headers; // lower-case names
        qint64 bodyBytes = 0;                 // body bytes read (0 when not read)
        double firstByteMs = -1;              // request written -> first response byte
        std::optional<TcpInfo> tcp;           // read after the response
    };

    explicit HttpProbe(NetCheckSource target);

    void setTimeout(int msecs);
    // Checks "tls", "http2", "range", "session-cookie", "first-byte", "tcp". A refused
    // certificate or an unreachable source is an error: nothing else can be checked.
    Result<QList<CheckResult>> run();
    // The cipher run() negotiated, e.g. "TLS_AES_256_GCM_SHA384"; empty before.
    QString cipherName() const;

    // Whether a Content-Range value describes exactly bytes first..last of total.
    static bool contentRangeMatches(const QByteArray &value, qint64 first, qint64 last, qint64 total);

private:
    Result<std::unique_ptr<QSslSocket>> connectTls(const QList<QByteArray> &protocols);
    Result<Response> get(QSslSocket &socket, const QByteArray &extraHeaders, qint64 maxBody);
    Result<void> readHeaders(QSslSocket &socket, QByteArray &buffer, Response &response);
    CheckResult rangeCheck(const Response &response, qint64 last) const;
    CheckResult cookieCheck();
    CheckResult tcpCheck(const Response &response) const;
    CheckResult firstByteCheck(const Response &response) const;
    CheckResult tlsCheck(QSslSocket &socket);
    CheckResult http2Check();

    NetCheckSource m_target;
    int m_timeoutMs = 10000;
    QString m_cipher;
};

} // namespace Ferry
