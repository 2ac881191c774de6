#include "fetch/rangeresponseparser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

// Feeds server bytes into the parser the way a socket would: the head, then the body,
// in slices of a given size (1 = byte by byte, to exercise every boundary).
class TestRangeResponseParser : public QObject
{
    Q_OBJECT

private:
    struct Outcome
    {
        bool ok = true;
        QString error;
        int status = 0;
        QByteArray body;
        bool done = false;
        bool closeAfter = false;
        qsizetype consumed = 0;
    };

    static Outcome run(const QByteArray &wire, qint64 first, qint64 last, qint64 total, qsizetype slice)
    {
        RangeResponseParser parser;
        parser.expect(first, last, total);
        Outcome out;
        for (qsizetype at = 0; at < wire.size() && !out.done;) {
            QByteArrayView data = QByteArrayView(wire).sliced(at, std::min(slice, wire.size() - at));
            while (!data.isEmpty() && !out.done) {
                const auto step = parser.feed(data);
                if (!step) {
                    out.ok = false;
                    out.error = step.error().message();
                    return out;
                }
                if (step->consumed == 0 && !step->done) {
                    out.ok = false;
                    out.error = u"the parser made no progress"_s;
                    return out;
                }
                out.body += step->body.toByteArray();
                out.done = step->done;
                out.consumed += step->consumed;
                at += step->consumed;
                data = data.sliced(step->consumed);
            }
        }
        out.status = parser.status();
        out.closeAfter = parser.closeAfter();
        return out;
    }

    static QByteArray response206(qint64 first, qint64 last, qint64 total, const QByteArray &body)
    {
        return "HTTP/1.1 206 Partial Content\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes " + QByteArray::number(first)
            + '-' + QByteArray::number(last) + '/' + QByteArray::number(total) + "\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n\r\n" + body;
    }

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("closeAfter");
        QTest::addColumn<QString>("errorContains");

        const QByteArray body = "0123456789";
        const QByteArray good = response206(100, 109, 1000, body);
        QTest::newRow("good 206") << good << true << 206 << body << false << QString();
        QTest::newRow("good 206 + connection close") << QByteArray(good).replace("Content-Length", "Connection: close\r\nContent-Length")
                                                     << true << 206 << body << true << QString();
        QTest::newRow("header names in any case")
            << QByteArray(good).replace("Content-Range", "content-RANGE").replace("Content-Length", "CONTENT-length") << true << 206 << body
            << false << QString();
        QTest::newRow("wrong Content-Range") << response206(0, 9, 1000, body) << false << 0 << QByteArray() << false
                                             << u"answered Content-Range"_s;
        QTest::newRow("wrong total") << response206(100, 109, 999, body) << false << 0 << QByteArray() << false << u"capacity is 1000"_s;
        QTest::newRow("unknown total") << QByteArray(good).replace("/1000", "/*") << false << 0 << QByteArray() << false
                                       << u"answered Content-Range"_s;
        QTest::newRow("missing Content-Range") << QByteArray(good).replace("Content-Range: bytes 100-109/1000\r\n", "") << false << 0
                                               << QByteArray() << false << u"0 Content-Range headers"_s;
        QTest::newRow("two Content-Range") << QByteArray(good).replace("Content-Length",
                                                                       "Content-Range: bytes 100-109/1000\r\nContent-Length")
                                           << false << 0 << QByteArray() << false << u"2 Content-Range headers"_s;
        QTest::newRow("missing Content-Length")
            << QByteArray(good).replace("Content-Length: 10\r\n", "") << false << 0 << QByteArray() << false << u"has no Content-Length"_s;
        QTest::newRow("Content-Length too long") << QByteArray(good).replace("Content-Length: 10", "Content-Length: 11") << false << 0
                                                 << QByteArray() << false << u"Content-Length 11"_s;
        QTest::newRow("Content-Length not a number") << QByteArray(good).replace("Content-Length: 10", "Content-Length: 1O") << false << 0
                                                     << QByteArray() << false << u"invalid or conflicting Content-Length"_s;
        QTest::newRow("conflicting Content-Length")
            << QByteArray(good).replace("Content-Length: 10", "Content-Length: 10\r\nContent-Length: 12") << false << 0 << QByteArray()
            << false << u"conflicting"_s;
        QTest::newRow("chunked") << QByteArray(good).replace("Content-Length: 10", "Transfer-Encoding: chunked") << false << 0
                                 << QByteArray() << false << u"transfer-coded"_s;
        QTest::newRow("gzip") << QByteArray(good).replace("Content-Length", "Content-Encoding: gzip\r\nContent-Length") << false << 0
                              << QByteArray() << false << u"gzip-encoded"_s;
        QTest::newRow("identity encoding is fine")
            << QByteArray(good).replace("Content-Length", "Content-Encoding: identity\r\nContent-Length") << true << 206 << body << false
            << QString();
        QTest::newRow("200 instead of 206") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n") + QByteArray(1000, 'x') << true
                                            << 200 << QByteArray() << false << QString();
        QTest::newRow("200 with a huge body closes")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n") << true << 200 << QByteArray() << true << QString();
        QTest::newRow("503 with a short body keeps the connection")
            << QByteArray("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\n\r\nbusy!") << true << 503 << QByteArray() << false
            << QString();
        QTest::newRow("503 without length closes")
            << QByteArray("HTTP/1.1 503 Service Unavailable\r\n\r\n") << true << 503 << QByteArray() << true << QString();
        QTest::newRow("404 chunked error body closes") << QByteArray("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n") << true
                                                       << 404 << QByteArray() << true << QString();
        QTest::newRow("100 continue then 206") << QByteArray("HTTP/1.1 100 Continue\r\n\r\n") + good << true << 206 << body << false
                                               << QString();
        QTest::newRow("HTTP/1.0 closes") << QByteArray(good).replace("HTTP/1.1", "HTTP/1.0") << true << 206 << body << true << QString();
        QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << false << 0 << QByteArray() << false
                                  << u"does not start with an HTTP/1.1 status line"_s;
        QTest::newRow("garbage status code") << QByteArray("HTTP/1.1 2x6 Partial\r\n\r\n") << false << 0 << QByteArray() << false
                                             << u"malformed HTTP status line"_s;
        QTest::newRow("folded header") << QByteArray(good).replace("Content-Length: 10", "Content-Length:\r\n 10") << false << 0
                                       << QByteArray() << false << u"folded"_s;
        QTest::newRow("bare LF") << QByteArray(good).replace("Content-Type: application/octet-stream\r\n", "Content-Type: x\n") << false
                                 << 0 << QByteArray() << false << u"does not end with CRLF"_s;
        QTest::newRow("header without colon") << QByteArray(good).replace("Content-Type:", "Content-Type") << false << 0 << QByteArray()
                                              << false << u"malformed response header line"_s;
        QTest::newRow("too long head") << QByteArray("HTTP/1.1 206 Partial Content\r\nX-Filler: ") + QByteArray(20000, 'a') + "\r\n\r\n"
                                       << false << 0 << QByteArray() << false << u"larger than 16384 bytes"_s;
        QByteArray manyLines = "HTTP/1.1 206 Partial Content\r\n";
        for (int i = 0; i < 70; ++i)
            manyLines += "X-" + QByteArray::number(i) + ": y\r\n";
        QTest::newRow("too many header lines") << manyLines + "\r\n"
                                               << false << 0 << QByteArray() << false << u"more than 64 header lines"_s;
    }

    void parses()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, ok);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, closeAfter);
        QFETCH(QString, errorContains);
        for (const qsizetype slice : {qsizetype(1), qsizetype(7), wire.size()}) {
            const Outcome out = run(wire, 100, 109, 1000, slice);
            QCOMPARE(out.ok, ok);
            if (!ok) {
                QVERIFY2(out.error.contains(errorContains), qPrintable(out.error));
                continue;
            }
            QVERIFY(out.done);
            QCOMPARE(out.status, status);
            QCOMPARE(out.body, body);
            QCOMPARE(out.closeAfter, closeAfter);
        }
    }

    // Bytes beyond Content-Length are never body: they stay unconsumed for the next
    // response, whose status line then fails.
    void extraBytesAreNotBody()
    {
        const QByteArray wire = response206(0, 3, 10, "abcd") + "EXTRA";
        RangeResponseParser parser;
        parser.expect(0, 3, 10);
        QByteArrayView data(wire);
        QByteArray body;
        bool done = false;
        while (!done) {
            const auto step = parser.feed(data);
            QVERIFY(step);
            body += step->body.toByteArray();
            data = data.sliced(step->consumed);
            done = step->done;
        }
        QCOMPARE(body, "abcd"_ba);
        QCOMPARE(data.toByteArray(), "EXTRA"_ba);
        const auto unsolicited = parser.feed(data);
        QVERIFY(!unsolicited);
        QCOMPARE(unsolicited.error().code(), ErrorCode::Protocol);
        parser.expect(4, 9, 10);
        const auto next = parser.feed("EXTRA\r\n\r\n");
        QVERIFY(!next);
        QVERIFY(next.error().message().contains(u"longer than its Content-Length"_s));
    }

    // Two pipelined responses in one buffer.
    void pipelined()
    {
        const QByteArray wire = response206(0, 3, 8, "abcd") + response206(4, 7, 8, "efgh");
        RangeResponseParser parser;
        parser.expect(0, 3, 8);
        QByteArrayView data(wire);
        QByteArray body;
        int responses = 0;
        while (!data.isEmpty()) {
            const auto step = parser.feed(data);
            QVERIFY(step);
            body += step->body.toByteArray();
            data = data.sliced(step->consumed);
            if (step->done && ++responses == 1)
                parser.expect(4, 7, 8);
        }
        QCOMPARE(responses, 2);
        QCOMPARE(body, "abcdefgh"_ba);
    }
};

QTEST_GUILESS_MAIN(TestRangeResponseParser)
#include "tst_rangeresponseparser.moc"
