#pragma once

#include "httprequest.h"
#include "httpresponse.h"
#include "tlsstream.h"
#include "tokenbucket.h"

#include <memory>

struct ssl_ctx_st;

namespace Ferry::Lab {

class Router;

// One client connection, served on its own thread: TLS handshake, then HTTP/1.1
// requests answered strictly in order (keep-alive and pipelining), until the client
// closes, an error or a fault ends it, or abort() is called from another thread.
// It applies the per-connection faults to /folder file bodies: the rate cap, the
// drop and the stall thresholds count this connection's body bytes only.
class LabConnection
{
public:
    LabConnection(ssl_ctx_st *context, int fd, quint64 id, Router &router);
    ~LabConnection();

    // Runs on the connection's thread until the connection ends.
    void run();
    // Unblocks run() from another thread (server shutdown).
    void abort();

private:
    enum class Next { Continue, Close };

    Next serveBuffered();
    Next respond(const HttpRequest &request);
    bool writeHead(const HttpResponse &response);
    Next streamFile(const HttpResponse &response, qint64 *sent);
    bool sendBlock(const char *data, qint64 size, qint64 *sent);
    Next stall();
    void log(const HttpRequest &request, const HttpResponse &response, qint64 sent) const;

    TlsStream m_tls;
    const quint64 m_id;
    Router &m_router;
    TokenBucket m_bucket;
    QByteArray m_in;
    std::unique_ptr<char[]> m_block;
    qint64 m_folderBytes = 0; // /folder body bytes sent on this connection
    bool m_continueSent = false;
};

} // namespace Ferry::Lab
