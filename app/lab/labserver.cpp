#include "labserver.h"

#include "server/labconnection.h"
#include "server/labstats.h"

#include <thread>

#include <unistd.h>

namespace Ferry::Lab {

LabServer::LabServer(ssl_ctx_st *context, Router &router, LabStats &stats, int maxConnections, QObject *parent)
    : QTcpServer(parent)
    , m_context(context)
    , m_router(router)
    , m_stats(stats)
    , m_maxConnections(maxConnections)
{
}

LabServer::~LabServer()
{
    stop();
}

void LabServer::incomingConnection(qintptr socketDescriptor)
{
    const int fd = int(socketDescriptor);
    std::lock_guard lock(m_mutex);
    if (m_live.size() >= m_maxConnections) {
        ++m_stats.connectionsRefused;
        ::close(fd);
        return;
    }
    ++m_stats.connectionsAccepted;
    ++m_stats.openConnections;
    const quint64 id = m_nextId++;
    auto connection = std::make_unique<LabConnection>(m_context, fd, id, m_router);
    m_live.insert(id, connection.get());
    std::thread([this, id, connection = std::move(connection)]() mutable {
        connection->run();
        {
            // Unregister before destroying so abort() never sees a dead connection.
            std::lock_guard guard(m_mutex);
            m_live.remove(id);
        }
        connection.reset();
        finished(id);
    }).detach();
}

void LabServer::finished(quint64)
{
    std::lock_guard lock(m_mutex);
    --m_stats.openConnections;
    m_allDone.notify_all();
}

bool LabServer::stop(int timeoutMs)
{
    close();
    std::unique_lock lock(m_mutex);
    for (LabConnection *connection : std::as_const(m_live))
        connection->abort();
    return m_allDone.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return m_stats.openConnections.load() == 0; });
}

} // namespace Ferry::Lab
