// ferry-lab's fault knobs, each checked on the wire and in /lab/stats: the
// per-connection rate cap, 503s, dropped and stalled connections, lying range
// answers, --no-range and added latency.

#include "labtestclient.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {
const QString bios = u"tiny-linux-bios/tiny-linux-bios-flat.vmdk"_s;
constexpr qint64 biosSize = qint64(1) << 30;

QByteArray rangeHeader(qint64 first, qint64 last)
{
    return "Range: bytes=" + QByteArray::number(first) + '-' + QByteArray::number(last) + "\r\n";
}

QString sha(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}
} // namespace

class TestLabFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;

    QString localPath(const QString &path) const { return m_data.path() + u"/datastore1/"_s + path; }

    std::unique_ptr<LabSource> lab(const QStringList &arguments)
    {
        auto source = startLab(m_data.path(), arguments);
        if (!source)
            qWarning("ferry-lab did not start with %s", qPrintable(arguments.join(u' ')));
        return source;
    }

    static RawResponse get(RawHttpsClient &client, const SourceEndpoint &endpoint, const QByteArray &headers)
    {
        client.send(RawHttpsClient::request("GET", RawHttpsClient::folderTarget(bios), endpoint, headers));
        return client.read();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_data.isValid()); }

    void rateCapPerConnection()
    {
        auto source = lab({u"--rate-per-connection"_s, u"2M"_s});
        QVERIFY(source);
        RawHttpsClient client;
        QVERIFY(client.connectTo(source->endpoint()));
        QElapsedTimer clock;
        clock.start();
        const RawResponse response = get(client, source->endpoint(), rangeHeader(0, (4 << 20) - 1));
        QVERIFY(response.complete);
        QCOMPARE(response.body.size(), 4 << 20);
        // A lower bound only: 4 MiB at 2 MiB/s with a 0.2 MiB burst needs at least ~1.9 s.
        QVERIFY2(clock.elapsed() > 1000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(sha(response.body), fileSha256(localPath(bios), 0, 4 << 20));
    }

    void every503()
    {
        auto source = lab({u"--error-503-every"_s, u"3"_s});
        QVERIFY(source);
        RawHttpsClient client;
        QVERIFY(client.connectTo(source->endpoint()));
        QList<int> statuses;
        for (int i = 0; i < 7; ++i) {
            const RawResponse response = get(client, source->endpoint(), rangeHeader(0, 99));
            statuses.append(response.status);
            if (response.status == 503)
                QCOMPARE(response.header("Retry-After"), "1"_ba);
        }
        QCOMPARE(statuses, (QList<int>{206, 206, 503, 206, 206, 503, 206}));
        QCOMPARE(labStats(source->endpoint()).value(u"responses_503"_s).toInteger(), 2);
    }

    void rate503IsSeeded()
    {
        auto countFor = [this](const QString &seed) {
            auto source = lab({u"--error-503-rate"_s, u"0.5"_s, u"--seed"_s, seed});
            RawHttpsClient client;
            if (!source || !client.connectTo(source->endpoint()))
                return QList<int>();
            QList<int> statuses;
            for (int i = 0; i < 20; ++i)
                statuses.append(get(client, source->endpoint(), rangeHeader(0, 9)).status);
            return statuses;
        };
        const QList<int> first = countFor(u"7"_s);
        QCOMPARE(first.size(), 20);
        QVERIFY(first.contains(503) && first.contains(206));
        QCOMPARE(countFor(u"7"_s), first); // the same seed gives the same sequence
    }

    void dropAfter()
    {
        auto source = lab({u"--drop-after"_s, u"1M"_s});
        QVERIFY(source);
        RawHttpsClient client;
        QVERIFY(client.connectTo(source->endpoint()));
        const RawResponse small = get(client, source->endpoint(), rangeHeader(0, 524287));
        QVERIFY(small.complete);
        const RawResponse cut = get(client, source->endpoint(), rangeHeader(0, 1048575));
        QCOMPARE(cut.status, 206);
        QVERIFY(!cut.complete);
        QCOMPARE(cut.body.size(), 524288); // the connection's 1 MiB budget ends mid-body
        QVERIFY(client.waitClosed(5000));
        QCOMPARE(labStats(source->endpoint()).value(u"drops"_s).toInteger(), 1);
        // A new connection gets a new budget.
        RawHttpsClient again;
        QVERIFY(again.connectTo(source->endpoint()));
        QVERIFY(get(again, source->endpoint(), rangeHeader(0, 4095)).complete);
    }

    void stallAfter()
    {
        auto source = lab({u"--stall-after"_s, u"64K"_s});
        QVERIFY(source);
        RawHttpsClient client;
        QVERIFY(client.connectTo(source->endpoint()));
        QVERIFY(
            client.send(RawHttpsClient::request("GET", RawHttpsClient::folderTarget(bios), source->endpoint(), rangeHeader(0, 1048575))));
        const QByteArray received = client.readFor(1500);
        const qsizetype headEnd = received.indexOf("\r\n\r\n");
        QVERIFY(headEnd > 0);
        QCOMPARE(received.size() - headEnd - 4, 65536); // then nothing, but the socket stays open
        QVERIFY(!client.waitClosed(500));
        QCOMPARE(labStats(source->endpoint()).value(u"stalls"_s).toInteger(), 1);
    }

    void lies_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::newRow("wrong-range") << u"wrong-range"_s;
        QTest::newRow("short-body") << u"short-body"_s;
        QTest::newRow("long-body") << u"long-body"_s;
        QTest::newRow("bad-total") << u"bad-total"_s;
        QTest::newRow("corrupt") << u"corrupt"_s;
    }

    void lies()
    {
        QFETCH(QString, mode);
        auto source = lab({u"--lie"_s, mode, u"--lie-every"_s, u"2"_s});
        QVERIFY(source);
        const qint64 first = 1 << 20;
        const qint64 length = 262144;
        const QByteArray honest = "bytes 1048576-1310719/" + QByteArray::number(biosSize);
        const QString expected = fileSha256(localPath(bios), first, length);
        RawHttpsClient client;
        QVERIFY(client.connectTo(source->endpoint()));
        const RawResponse truthful = get(client, source->endpoint(), rangeHeader(first, first + length - 1));
        QCOMPARE(truthful.header("Content-Range"), honest); // only every 2nd range lies
        QCOMPARE(sha(truthful.body), expected);
        const RawResponse lie = get(client, source->endpoint(), rangeHeader(first, first + length - 1));
        QCOMPARE(lie.status, 206);
        if (mode == u"wrong-range") {
            QVERIFY(lie.header("Content-Range") != honest);
            QCOMPARE(lie.body.size(), length);
            QVERIFY(sha(lie.body) != expected);
        } else if (mode == u"short-body") {
            QCOMPARE(lie.header("Content-Range"), honest);
            QVERIFY(!lie.complete);
            QVERIFY(lie.body.size() < length);
        } else if (mode == u"long-body") {
            QVERIFY(lie.header("Content-Length").toLongLong() > length);
            QCOMPARE(lie.body.size(), lie.header("Content-Length").toLongLong());
        } else if (mode == u"bad-total") {
            QVERIFY(lie.header("Content-Range").startsWith("bytes 1048576-1310719/"));
            QVERIFY(lie.header("Content-Range") != honest);
            QCOMPARE(sha(lie.body), expected);
        } else {
            QCOMPARE(lie.header("Content-Range"), honest);
            QCOMPARE(lie.body.size(), length);
            QVERIFY(sha(lie.body) != expected);
        }
        QCOMPARE(labStats(source->endpoint()).value(u"lies"_s).toInteger(), 1);
    }

    void noRange()
    {
        auto source = lab({u"--no-range"_s});
        QVERIFY(source);
        RawHttpsClient client;
        QVERIFY(client.connectTo(source->endpoint()));
        client.send(RawHttpsClient::request("GET", RawHttpsClient::folderTarget(u"tiny-linux-bios/tiny-linux-bios.vmdk"_s),
                                            source->endpoint(), rangeHeader(0, 9)));
        const RawResponse response = client.read();
        QCOMPARE(response.status, 200);
        QCOMPARE(sha(response.body), fileSha256(localPath(u"tiny-linux-bios/tiny-linux-bios.vmdk"_s)));
    }

    void latency()
    {
        auto source = lab({u"--latency"_s, u"300"_s});
        QVERIFY(source);
        RawHttpsClient client;
        QVERIFY(client.connectTo(source->endpoint()));
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(get(client, source->endpoint(), rangeHeader(0, 9)).status, 206);
        QCOMPARE(get(client, source->endpoint(), rangeHeader(0, 9)).status, 206);
        QVERIFY(clock.elapsed() >= 600);
    }

    void connectionCap()
    {
        auto source = lab({u"--max-connections"_s, u"2"_s});
        QVERIFY(source);
        RawHttpsClient a;
        RawHttpsClient b;
        QVERIFY(a.connectTo(source->endpoint()));
        QVERIFY(b.connectTo(source->endpoint()));
        RawHttpsClient c;
        QVERIFY(!c.connectTo(source->endpoint(), 3000)); // closed right after accept
        // A new connection would be refused too: ask for the counters on an open one.
        QVERIFY(b.send(RawHttpsClient::request("GET", "/lab/stats", source->endpoint())));
        const RawResponse stats = b.read();
        QCOMPARE(stats.status, 200);
        QCOMPARE(QJsonDocument::fromJson(stats.body).object().value(u"connections_refused"_s).toInteger(), 1);
    }
};

QTEST_GUILESS_MAIN(TestLabFaults)
#include "tst_labfaults.moc"
