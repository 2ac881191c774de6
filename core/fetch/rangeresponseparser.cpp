#include "rangeresponseparser.h"

#include "base/printabletext.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr QByteArrayView headEnd = "\r\n\r\n";

Result<void> protocolError(const QString &message)
{
    return fail(ErrorCode::Protocol, message);
}

QString quoted(QByteArrayView bytes)
{
    constexpr qsizetype shown = 80;
    QString text = QString::fromLatin1(bytes.first(std::min(bytes.size(), shown)).toByteArray().toPercentEncoding(" :/-*;=,()"));
    return u'\'' + text + (bytes.size() > shown ? u"...'"_s : u"'"_s);
}

// Strict non-negative decimal: digits only, no sign, no spaces, fits in qint64.
std::optional<qint64> parseNumber(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

struct ContentRange
{
    qint64 first = 0;
    qint64 last = 0;
    qint64 total = 0;
};

// Exactly "bytes a-b/TOTAL"; "bytes */TOTAL" and "bytes a-b/*" are refused.
std::optional<ContentRange> parseContentRange(QByteArrayView value)
{
    if (!value.startsWith("bytes "))
        return std::nullopt;
    value = value.sliced(6);
    const qsizetype dash = value.indexOf('-');
    const qsizetype slash = value.indexOf('/');
    if (dash <= 0 || slash <= dash + 1)
        return std::nullopt;
    const auto first = parseNumber(value.first(dash));
    const auto last = parseNumber(value.sliced(dash + 1, slash - dash - 1));
    const auto total = parseNumber(value.sliced(slash + 1));
    if (!first || !last || !total || *first > *last || *last >= *total)
        return std::nullopt;
    return ContentRange{*first, *last, *total};
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (const QByteArrayView part : QByteArray(list.toByteArray()).split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

void RangeResponseParser::expect(qint64 first, qint64 last, qint64 total)
{
    m_state = State::Head;
    m_first = first;
    m_last = last;
    m_total = total;
    m_head.clear();
    m_status = 0;
    m_reason.clear();
    m_http10 = false;
    m_closeAfter = false;
    m_headers.clear();
    m_remaining = 0;
}

Result<RangeResponseParser::Step> RangeResponseParser::feed(QByteArrayView data)
{
    switch (m_state) {
    case State::Idle:
    case State::Done:
        return fail(ErrorCode::Protocol,
                    u"the server sent %1 bytes that answer no request (a body longer than its Content-Length?)"_s.arg(data.size()));
    case State::Head:
        return feedHead(data);
    case State::Body:
    case State::Discard: {
        const qsizetype n = qsizetype(std::min<qint64>(m_remaining, data.size()));
        m_remaining -= n;
        Step step;
        step.consumed = n;
        if (m_state == State::Body)
            step.body = data.first(n);
        if (m_remaining == 0) {
            m_state = State::Done;
            step.done = true;
        }
        return step;
    }
    }
    return fail(ErrorCode::Internal, u"response parser in an unknown state"_s);
}

Result<RangeResponseParser::Step> RangeResponseParser::feedHead(QByteArrayView data)
{
    // Search only where the terminator can start, so feeding byte by byte stays linear.
    const qsizetype searchFrom = std::max<qsizetype>(0, m_head.size() - (headEnd.size() - 1));
    const qsizetype appended = std::min(data.size(), maxHeadBytes - m_head.size());
    m_head.append(data.first(appended));
    const qsizetype end = m_head.indexOf(headEnd, searchFrom);
    if (end < 0) {
        if (m_head.size() >= maxHeadBytes)
            return fail(ErrorCode::Protocol, u"the response header is larger than %1 bytes"_s.arg(maxHeadBytes));
        return Step{appended, {}, false};
    }
    const qsizetype headSize = end + headEnd.size();
    const qsizetype consumed = appended - (m_head.size() - headSize);
    if (auto parsed = parseHead(QByteArrayView(m_head).first(end)); !parsed)
        return std::unexpected(parsed.error());
    if (m_status >= 100 && m_status < 200) {
        // An interim response (100 Continue): the real one follows.
        m_head.clear();
        m_headers.clear();
        return Step{consumed, {}, false};
    }
    if (auto started = startBody(); !started)
        return std::unexpected(started.error());
    return Step{consumed, {}, m_state == State::Done};
}

Result<void> RangeResponseParser::parseHead(QByteArrayView head)
{
    const QList<QByteArray> lines = QByteArray(head.toByteArray()).split('\n');
    if (lines.size() > maxHeaderLines)
        return protocolError(u"the response has more than %1 header lines"_s.arg(maxHeaderLines));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArrayView line = lines[i];
        if (!line.endsWith('\r') && i + 1 < lines.size())
            return protocolError(u"response header line %1 does not end with CRLF"_s.arg(i + 1));
        if (line.endsWith('\r'))
            line.chop(1);
        auto parsed = i == 0 ? parseStatusLine(line) : parseHeaderLine(line);
        if (!parsed)
            return parsed;
    }
    return {};
}

Result<void> RangeResponseParser::parseStatusLine(QByteArrayView line)
{
    const bool http11 = line.startsWith("HTTP/1.1 ");
    m_http10 = line.startsWith("HTTP/1.0 ");
    if ((!http11 && !m_http10) || line.size() < 12 || (line.size() > 12 && line[12] != ' '))
        return protocolError(u"the response does not start with an HTTP/1.1 status line: %1"
                             " (the previous body may have been longer than its Content-Length)"_s.arg(quoted(line)));
    const auto status = parseNumber(line.sliced(9, 3));
    if (!status || *status < 100)
        return protocolError(u"malformed HTTP status line: %1"_s.arg(quoted(line)));
    m_status = int(*status);
    m_reason = line.size() > 13 ? line.sliced(13).toByteArray() : QByteArray();
    return {};
}

Result<void> RangeResponseParser::parseHeaderLine(QByteArrayView line)
{
    if (line.startsWith(' ') || line.startsWith('\t'))
        return protocolError(u"folded response header lines are not allowed: %1"_s.arg(quoted(line)));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return protocolError(u"malformed response header line: %1"_s.arg(quoted(line)));
    const QByteArrayView name = line.first(colon);
    for (const char c : name) {
        if (c <= ' ' || c >= 127)
            return protocolError(u"malformed response header name: %1"_s.arg(quoted(name)));
    }
    m_headers.append({name.toByteArray().toLower(), line.sliced(colon + 1).trimmed().toByteArray()});
    return {};
}

Result<qint64> RangeResponseParser::contentLength() const
{
    std::optional<qint64> length;
    for (const auto &[name, value] : m_headers) {
        if (name != "content-length")
            continue;
        const auto parsed = parseNumber(value);
        if (!parsed || (length && *length != *parsed))
            return fail(ErrorCode::Protocol, u"invalid or conflicting Content-Length %1"_s.arg(quoted(value)));
        length = parsed;
    }
    return length.value_or(-1);
}

Result<void> RangeResponseParser::startBody()
{
    const QByteArray connection = header("connection");
    m_closeAfter = hasToken(connection, "close") || (m_http10 && !hasToken(connection, "keep-alive"));
    if (m_status == 206)
        return validatePartialContent();
    // Not a range answer: skip a short body to keep the connection, else give it up.
    const auto length = contentLength();
    if (!length || *length < 0 || *length > maxDiscardBytes || !header("transfer-encoding").isNull()) {
        m_closeAfter = true;
        m_state = State::Done;
        return {};
    }
    m_remaining = *length;
    m_state = m_remaining > 0 ? State::Discard : State::Done;
    return {};
}

Result<void> RangeResponseParser::validatePartialContent()
{
    const QString asked = u"bytes %1-%2 of %3"_s.arg(m_first).arg(m_last).arg(m_total);
    if (const QByteArray coding = header("transfer-encoding"); !coding.isNull())
        return protocolError(u"the server sent a transfer-coded (%1) body for %2; only plain bodies are accepted"_s.arg(
            printableText(QString::fromLatin1(coding)), asked));
    if (const QByteArray coding = header("content-encoding"); !coding.isNull() && coding.compare("identity", Qt::CaseInsensitive) != 0)
        return protocolError(
            u"the server sent a %1-encoded body for %2; only identity is accepted"_s.arg(printableText(QString::fromLatin1(coding)),
                                                                                         asked));
    int rangeHeaders = 0;
    for (const auto &entry : std::as_const(m_headers))
        rangeHeaders += entry.first == "content-range" ? 1 : 0;
    const QByteArray rangeText = header("content-range");
    if (rangeHeaders != 1)
        return protocolError(u"206 answer for %1 has %2 Content-Range headers, expected one"_s.arg(asked).arg(rangeHeaders));
    const auto range = parseContentRange(rangeText);
    if (!range || range->first != m_first || range->last != m_last)
        return protocolError(u"the server answered Content-Range %1 to a request for %2"_s.arg(quoted(rangeText), asked));
    if (range->total != m_total)
        return protocolError(u"the server says the disk has %1 bytes (Content-Range %2) but its capacity is %3"_s.arg(range->total)
                                 .arg(quoted(rangeText))
                                 .arg(m_total));
    const auto length = contentLength();
    if (!length)
        return std::unexpected(length.error());
    if (*length < 0)
        return protocolError(u"206 answer for %1 has no Content-Length"_s.arg(asked));
    if (*length != m_last - m_first + 1)
        return protocolError(u"Content-Length %1 does not match %2 (%3 bytes)"_s.arg(*length).arg(asked).arg(m_last - m_first + 1));
    m_remaining = *length;
    m_state = State::Body;
    return {};
}

RangeResponseParser::State RangeResponseParser::state() const
{
    return m_state;
}

int RangeResponseParser::status() const
{
    return m_status;
}

QByteArray RangeResponseParser::reason() const
{
    return m_reason;
}

QByteArray RangeResponseParser::header(QByteArrayView name) const
{
    for (auto it = m_headers.crbegin(); it != m_headers.crend(); ++it) {
        if (it->first.compare(name, Qt::CaseInsensitive) == 0)
            return it->second.isNull() ? QByteArray("") : it->second;
    }
    return {};
}

bool RangeResponseParser::closeAfter() const
{
    return m_closeAfter;
}

qint64 RangeResponseParser::bodyRemaining() const
{
    return m_remaining;
}

} // namespace Ferry
