#include "tlsstream.h"

#include <openssl/ssl.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Ferry::Lab {

namespace {

void setTimeout(int fd, int option, int seconds)
{
    timeval tv{seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv);
}

} // namespace

TlsStream::TlsStream(ssl_ctx_st *context, int fd)
    : m_fd(fd)
{
    // QTcpServer hands over a non-blocking socket; this thread wants blocking I/O with
    // timeouts so a vanished client cannot pin a thread forever.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    setTimeout(fd, SO_RCVTIMEO, 600);
    setTimeout(fd, SO_SNDTIMEO, 600);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    m_ssl = SSL_new(context);
    if (m_ssl)
        SSL_set_fd(m_ssl, fd);
}

TlsStream::~TlsStream()
{
    SSL_free(m_ssl);
    ::close(m_fd);
}

bool TlsStream::handshake()
{
    return m_ssl && !m_aborted && SSL_accept(m_ssl) == 1;
}

qint64 TlsStream::read(char *data, qint64 size)
{
    if (m_aborted)
        return -1;
    size_t got = 0;
    const int rc = SSL_read_ex(m_ssl, data, size_t(size), &got);
    return rc == 1 ? qint64(got) : -1;
}

bool TlsStream::write(const char *data, qint64 size)
{
    while (size > 0) {
        if (m_aborted)
            return false;
        size_t done = 0;
        if (SSL_write_ex(m_ssl, data, size_t(size), &done) != 1)
            return false;
        data += done;
        size -= qint64(done);
    }
    return true;
}

bool TlsStream::waitReadable(int msecs) const
{
    if (SSL_pending(m_ssl) > 0)
        return true;
    pollfd pfd{m_fd, POLLIN, 0};
    return ::poll(&pfd, 1, msecs) > 0;
}

void TlsStream::abort()
{
    m_aborted = true;
    ::shutdown(m_fd, SHUT_RDWR);
}

void TlsStream::close()
{
    if (!m_aborted)
        SSL_shutdown(m_ssl);
}

} // namespace Ferry::Lab
