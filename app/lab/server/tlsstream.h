#pragma once

#include <QtGlobal>

#include <atomic>

struct ssl_ctx_st;
struct ssl_st;

namespace Ferry::Lab {

// A server-side TLS stream over one blocking TCP socket, owned by one connection
// thread. Takes ownership of the descriptor and closes it. abort() may be called from
// another thread to unblock a read or write (shutdown(2) of the socket).
class TlsStream
{
public:
    TlsStream(ssl_ctx_st *context, int fd);
    ~TlsStream();
    TlsStream(const TlsStream &) = delete;
    TlsStream &operator=(const TlsStream &) = delete;

    bool handshake();
    // Reads what is available (blocking until something is); <= 0 on EOF or error.
    qint64 read(char *data, qint64 size);
    // Writes everything; false when the peer is gone.
    bool write(const char *data, qint64 size);
    // Waits until the peer sends something or closes; false on timeout.
    bool waitReadable(int msecs) const;
    // Makes blocked calls return; thread-safe.
    void abort();
    // Sends close_notify where possible (best effort, never blocks long).
    void close();

private:
    int m_fd;
    ssl_st *m_ssl = nullptr;
    std::atomic<bool> m_aborted{false};
};

} // namespace Ferry::Lab
