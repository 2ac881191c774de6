#include "httprequest.h"

namespace Ferry::Lab {

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool HttpRequest::keepAlive() const
{
    const QByteArray connection = header("Connection").toLower();
    if (minorVersion == 0)
        return connection.contains("keep-alive");
    return !connection.contains("close");
}

bool HttpRequestParser::parseHead(const QByteArray &head, HttpRequest &request)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
    if (start.size() != 3 || !start.at(2).startsWith("HTTP/1.") || start.at(1).isEmpty())
        return false;
    request.method = start.at(0);
    request.target = start.at(1);
    request.minorVersion = start.at(2).endsWith('0') ? 0 : 1;
    const qsizetype question = request.target.indexOf('?');
    request.path = question < 0 ? request.target : request.target.left(question);
    request.query = question < 0 ? QByteArray() : request.target.mid(question + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return true;
}

HttpRequestParser::Status HttpRequestParser::parse(QByteArray &buffer, HttpRequest &request, int *errorStatus)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (buffer.size() > maxHeaderBytes) {
            *errorStatus = 431;
            return Status::Error;
        }
        return Status::NeedMore;
    }
    if (end > maxHeaderBytes) {
        *errorStatus = 431;
        return Status::Error;
    }
    request = HttpRequest();
    if (!parseHead(buffer.left(end), request)) {
        *errorStatus = 400;
        return Status::Error;
    }
    if (!request.header("Transfer-Encoding").isEmpty()) {
        *errorStatus = 501; // chunked request bodies: no vSphere client sends them
        return Status::Error;
    }
    bool ok = true;
    const QByteArray lengthText = request.header("Content-Length");
    const qint64 length = lengthText.isEmpty() ? 0 : lengthText.toLongLong(&ok);
    if (!ok || length < 0) {
        *errorStatus = 400;
        return Status::Error;
    }
    if (length > maxBodyBytes) {
        *errorStatus = 413;
        return Status::Error;
    }
    const qsizetype total = end + 4 + length;
    if (buffer.size() < total)
        return Status::NeedMore;
    request.body = buffer.mid(end + 4, length);
    buffer.remove(0, total);
    return Status::Complete;
}

bool HttpRequestParser::wantsContinue(const QByteArray &buffer)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    return end >= 0 && buffer.left(end).toLower().contains("\nexpect: 100-continue");
}

} // namespace Ferry::Lab
