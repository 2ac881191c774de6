#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace Ferry {

// Incremental, strict parser for the answers to the Range GETs of one HTTP/1.1
// connection, one response at a time (pipelined responses are parsed in order after
// expect() is called again). It never hands out more body bytes than Content-Length
// promised, so bytes a lying server adds are never passed to a sink: they show up
// as the start of the next response and fail its status line.
//
// A 206 must answer exactly the requested range: Content-Range "bytes a-b/TOTAL"
// with the requested a, b and the disk's capacity as TOTAL, Content-Length b-a+1,
// no Transfer-Encoding, no Content-Encoding other than identity. Anything else is a
// Protocol error and the connection must be closed. Other statuses are not errors
// here: the parser skips a short body (Content-Length up to maxDiscardBytes) so the
// connection can be reused, or reports closeAfter() when the body length is unknown.
//
// Not thread-safe; owned by one RangeConnection.
class RangeResponseParser
{
public:
    enum class State { Idle, Head, Body, Discard, Done };

    struct Step
    {
        qsizetype consumed = 0; // bytes of the input that belong to this response
        QByteArrayView body;    // payload of a 206 (a view into the input)
        bool done = false;      // the response is complete; status() says which
    };

    static constexpr qsizetype maxHeadBytes = 16 * 1024;
    static constexpr int maxHeaderLines = 64;
    static constexpr qint64 maxDiscardBytes = 64 * 1024;

    // Starts a new response: the answer to "Range: bytes=first-last" of a file of total bytes.
    void expect(qint64 first, qint64 last, qint64 total);
    // Consumes a prefix of data (all of it unless the response ends inside it).
    Result<Step> feed(QByteArrayView data);

    State state() const;
    int status() const;
    QByteArray reason() const;
    // The last value of a header (name in any case), or a null QByteArray.
    QByteArray header(QByteArrayView name) const;
    // The server announced it closes after this response, or its body length is unknown.
    bool closeAfter() const;
    // Body bytes still to come in State::Body.
    qint64 bodyRemaining() const;

private:
    Result<Step> feedHead(QByteArrayView data);
    Result<void> parseHead(QByteArrayView head);
    Result<void> parseStatusLine(QByteArrayView line);
    Result<void> parseHeaderLine(QByteArrayView line);
    Result<void> startBody();
    Result<void> validatePartialContent();
    Result<qint64> contentLength() const;

    State m_state = State::Idle;
    qint64 m_first = 0;
    qint64 m_last = -1;
    qint64 m_total = 0;
    QByteArray m_head;
    int m_status = 0;
    QByteArray m_reason;
    bool m_http10 = false;
    bool m_closeAfter = false;
    QList<QPair<QByteArray, QByteArray>> m_headers; // names lower-case
    qint64 m_remaining = 0;
};

} // namespace Ferry
