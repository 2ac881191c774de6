#pragma once

#include <QHash>
#include <QTcpServer>

#include <condition_variable>
#include <mutex>

struct ssl_ctx_st;

namespace Ferry::Lab {

class LabConnection;
class LabStats;
class Router;

// Accepts TCP connections on the main thread and serves each on its own thread
// (blocking TLS I/O is simple and fast enough for a lab). At most maxConnections are
// served at once; more are closed right after accept, like hostd throttling accept.
// stop() closes the listener, aborts every connection and waits for the threads.
class LabServer : public QTcpServer
{
    Q_OBJECT

public:
    LabServer(ssl_ctx_st *context, Router &router, LabStats &stats, int maxConnections, QObject *parent = nullptr);
    ~LabServer() override;

    // Returns true when every connection thread has ended, false after timeoutMs
    // (a thread stuck in the kernel; the caller should then _exit rather than unwind).
    bool stop(int timeoutMs = 5000);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void finished(quint64 id);

    ssl_ctx_st *m_context;
    Router &m_router;
    LabStats &m_stats;
    const int m_maxConnections;
    quint64 m_nextId = 1;
    std::mutex m_mutex;
    std::condition_variable m_allDone;
    QHash<quint64, LabConnection *> m_live; // owned by their threads; guarded by m_mutex
};

} // namespace Ferry::Lab
