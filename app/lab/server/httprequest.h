#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace Ferry::Lab {

// One parsed HTTP/1.x request. Header names keep their case; lookups ignore it.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // as sent: "/folder/a%20b/x.vmdk?dcPath=..."
    QByteArray path;   // target before '?', still percent-encoded
    QByteArray query;  // after '?', still percent-encoded
    int minorVersion = 1;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
    bool keepAlive() const;
};

// Incremental parser for pipelined requests: parse() takes complete requests off the
// front of a buffer and leaves the rest for the next call. Bounds header and body size.
class HttpRequestParser
{
public:
    enum class Status { Complete, NeedMore, Error };

    static constexpr qsizetype maxHeaderBytes = 64 * 1024;
    static constexpr qsizetype maxBodyBytes = 16 * 1024 * 1024;

    // On Error, *errorStatus is the HTTP status to answer (400, 413, 431, 501).
    static Status parse(QByteArray &buffer, HttpRequest &request, int *errorStatus);
    // True when the buffered request head asks for "Expect: 100-continue".
    static bool wantsContinue(const QByteArray &buffer);

private:
    static bool parseHead(const QByteArray &head, HttpRequest &request);
};

} // namespace Ferry::Lab
