#pragma once

#include "faults/faultoptions.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Ferry::Lab {

// What a handler decided to answer. The connection writes it and applies the
// per-connection faults (rate, drop, stall) to file bodies while it streams them.
struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;       // in-memory body (SOAP, errors, listings)
    bool headOnly = false; // HEAD: headers (with the full Content-Length) only
    bool close = false;    // close the connection after this response

    // A body streamed from a file: `length` bytes from `offset`. Set Content-Length
    // yourself: it may differ from `length` when the response lies.
    struct FileBody
    {
        QString path;
        qint64 offset = 0;
        qint64 length = -1;    // -1: no file body
        qint64 padding = 0;    // zero bytes sent after the file bytes (long-body lie)
        qint64 stopAfter = -1; // short-body lie: close after this many body bytes
        qint64 corruptAt = -1; // corrupt lie: flip the byte at this body offset
    } file;

    void addHeader(const QByteArray &name, const QByteArray &value);
    static HttpResponse text(int status, const QByteArray &text, const QByteArray &contentType = "text/plain");
    static QByteArray reason(int status);
};

} // namespace Ferry::Lab
