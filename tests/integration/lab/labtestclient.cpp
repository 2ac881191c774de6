#include "labtestclient.h"

#include <QDeadlineTimer>
#include <QUrl>

#include <csignal>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

QByteArray RawResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool RawHttpsClient::connectTo(const SourceEndpoint &endpoint, int timeoutMs)
{
    m_socket = std::make_unique<QSslSocket>();
    m_buffer.clear();
    m_socket->setPeerVerifyMode(QSslSocket::QueryPeer); // checked below against the pin
    m_socket->connectToHostEncrypted(endpoint.url.host(), quint16(endpoint.url.port()));
    if (!m_socket->waitForEncrypted(timeoutMs))
        return false;
    return endpoint.trust.accepts(m_socket->peerCertificate(), {});
}

bool RawHttpsClient::send(const QByteArray &bytes)
{
    if (!m_socket || m_socket->write(bytes) != bytes.size())
        return false;
    while (m_socket->bytesToWrite() > 0) {
        if (!m_socket->waitForBytesWritten(10000))
            return false;
    }
    return true;
}

bool RawHttpsClient::fill(qsizetype needed, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (m_buffer.size() < needed) {
        m_buffer += m_socket->readAll();
        if (m_buffer.size() >= needed)
            break;
        if (deadline.hasExpired() || m_socket->state() != QAbstractSocket::ConnectedState)
            return false;
        m_socket->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    }
    return true;
}

RawResponse RawHttpsClient::read(bool head, int timeoutMs)
{
    RawResponse response;
    const QDeadlineTimer deadline(timeoutMs);
    qsizetype end;
    while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (!fill(m_buffer.size() + 1, int(std::max<qint64>(1, deadline.remainingTime()))))
            return response;
    }
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    m_buffer.remove(0, end + 4);
    response.status = lines.value(0).split(' ').value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            response.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    const qint64 length = head || response.status == 100 ? 0 : response.header("Content-Length").toLongLong();
    response.complete = fill(length, int(std::max<qint64>(1, deadline.remainingTime())));
    response.body = m_buffer.left(length);
    m_buffer.remove(0, response.body.size());
    return response;
}

bool RawHttpsClient::waitClosed(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (m_socket->state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        m_socket->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        m_buffer += m_socket->readAll();
    }
    return m_socket->state() != QAbstractSocket::ConnectedState;
}

QByteArray RawHttpsClient::readFor(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_socket->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
        m_buffer += m_socket->readAll();
    }
    m_buffer += m_socket->readAll();
    return std::exchange(m_buffer, {});
}

QByteArray RawHttpsClient::request(const QByteArray &method, const QByteArray &target, const SourceEndpoint &endpoint,
                                   const QByteArray &extraHeaders, bool withAuth)
{
    QByteArray text = method + ' ' + target + " HTTP/1.1\r\nHost: " + endpoint.url.host().toLatin1() + ':'
        + QByteArray::number(endpoint.url.port()) + "\r\n";
    if (withAuth)
        text += "Authorization: " + endpoint.basicAuthorization() + "\r\n";
    return text + extraHeaders + "\r\n";
}

QByteArray RawHttpsClient::folderTarget(const QString &path, const QString &datastore, const QString &datacenter)
{
    return "/folder/" + QUrl::toPercentEncoding(path, "/") + "?dcPath=" + QUrl::toPercentEncoding(datacenter)
        + "&dsName=" + QUrl::toPercentEncoding(datastore);
}

std::unique_ptr<LabSource> startLab(const QString &dataDir, const QStringList &arguments)
{
    auto lab = std::make_unique<LabSource>();
    lab->setProgram(QStringLiteral(FERRY_LAB_PATH));
    lab->setDataDirectory(dataDir);
    lab->setExtraArguments(arguments);
    const auto started = lab->startAndWait(600000);
    if (!started) {
        qWarning().noquote() << started.error().toString() << lab->stderrTail();
        return nullptr;
    }
    return lab;
}

bool processExists(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

} // namespace Ferry::Test
