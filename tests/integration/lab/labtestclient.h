#pragma once

#include "testsupport.h"
#include "vsphere/labsource.h"
#include "vsphere/sourceendpoint.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSslSocket>

#include <memory>

namespace Ferry::Test {

// One HTTP response as read off the wire by RawHttpsClient.
struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool complete = false; // the whole Content-Length arrived

    QByteArray header(const QByteArray &name) const;
};

// A deliberately low-level HTTPS/1.1 client for ferry-lab tests: it sends exactly the
// bytes it is given (several pipelined requests at once, odd headers) and reads
// responses one by one, so the tests see what the server really did. Blocking; tests
// only. It checks the server certificate against the endpoint's pinned fingerprint.
class RawHttpsClient
{
public:
    bool connectTo(const SourceEndpoint &endpoint, int timeoutMs = 10000);
    bool send(const QByteArray &bytes);
    // Reads one response; a HEAD response has no body whatever Content-Length says.
    RawResponse read(bool head = false, int timeoutMs = 20000);
    // True when the server closes the connection within timeoutMs.
    bool waitClosed(int timeoutMs);
    // Reads whatever arrives within timeoutMs (for stalled bodies).
    QByteArray readFor(int timeoutMs);

    // "GET /folder/...?dcPath=ha-datacenter&dsName=datastore1 HTTP/1.1" with Host and Basic auth.
    static QByteArray request(const QByteArray &method, const QByteArray &target, const SourceEndpoint &endpoint,
                              const QByteArray &extraHeaders = {}, bool withAuth = true);
    static QByteArray folderTarget(const QString &path, const QString &datastore = QStringLiteral("datastore1"),
                                   const QString &datacenter = QStringLiteral("ha-datacenter"));

private:
    bool fill(qsizetype needed, int timeoutMs);

    std::unique_ptr<QSslSocket> m_socket;
    QByteArray m_buffer;
};

// A ferry-lab started through LabSource with extra arguments and a data directory.
std::unique_ptr<LabSource> startLab(const QString &dataDir, const QStringList &arguments = {});
// Whether a process with this id still exists (not reaped or still running).
bool processExists(qint64 pid);

} // namespace Ferry::Test
