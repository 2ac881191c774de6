#include "netcheck/checkresult.h"
#include "netcheck/discardsink.h"
#include "netcheck/httpprobe.h"
#include "netcheck/netchecksuite.h"
#include "netcheck/pathmtuprobe.h"
#include "netcheck/readbenchmark.h"
#include "netcheck/tcpinfo.h"
#include "netcheck/tlscost.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;
using Outcome = PathMtuProbe::PingOutcome;

Q_DECLARE_METATYPE(Ferry::PathMtuProbe::PingOutcome)

class TestNetcheckUnit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsePing_data();
    void parsePing();
    void routeDevice();
    void searchPathMtu_data();
    void searchPathMtu();
    void recommend_data();
    void recommend();
    void contentRange();
    void evpCipher();
    void decryptCost();
    void discardSink();
    void checkJson();
    void tcpInfoOnLoopback();
    void suiteReadsTheBenchmark();
    void suiteChoosesAFlatDisk();
    void suiteRunsOnlyTheChosenChecks();
};

void TestNetcheckUnit::parsePing_data()
{
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<int>("mtu");
    QTest::newRow("reply")
        << 0
        << "PING 10.77.2.2 (10.77.2.2) 1372(1400) bytes of data.\n1380 bytes from 10.77.2.2: icmp_seq=1 ttl=63 time=0.1 ms\n\n"
           "--- 10.77.2.2 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"_ba
        << Outcome::Reply << 0;
    QTest::newRow("router frag needed")
        << 1
        << "PING 10.77.2.2 (10.77.2.2) 1472(1500) bytes of data.\nFrom 10.77.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1400)\n\n"
           "1 packets transmitted, 0 received, +1 errors, 100% packet loss\n"_ba
        << Outcome::FragNeeded << 1400;
    QTest::newRow("kernel cached pmtu")
        << 1 << "PING 10.77.2.2 (10.77.2.2) 1400(1428) bytes of data.\nping: local error: message too long, mtu=1400\n"_ba
        << Outcome::FragNeeded << 1400;
    QTest::newRow("silence")
        << 1 << "PING 10.77.2.2 (10.77.2.2) 1472(1500) bytes of data.\n\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n"_ba
        << Outcome::Timeout << 0;
    QTest::newRow("no route") << 2 << "ping: connect: Network is unreachable\n"_ba << Outcome::Error << 0;
    QTest::newRow("not started") << -1 << QByteArray() << Outcome::Error << 0;
}

void TestNetcheckUnit::parsePing()
{
    QFETCH(int, exitCode);
    QFETCH(QByteArray, output);
    QFETCH(Outcome, outcome);
    QFETCH(int, mtu);
    const auto result = PathMtuProbe::parsePing(exitCode, output);
    QCOMPARE(result.outcome, outcome);
    QCOMPARE(result.reportedMtu, mtu);
}

void TestNetcheckUnit::routeDevice()
{
    QCOMPARE(PathMtuProbe::routeDevice(
                 R"([{"dst":"10.77.2.2","gateway":"10.77.1.1","dev":"nc-c0","prefsrc":"10.77.1.2","flags":[],"uid":0,"cache":[]}])"_ba),
             u"nc-c0"_s);
    QCOMPARE(PathMtuProbe::routeDevice(R"([{"type":"local","dst":"127.0.0.1","dev":"lo"}])"_ba), u"lo"_s);
    QCOMPARE(PathMtuProbe::routeDevice("[]"_ba), QString());
    QCOMPARE(PathMtuProbe::routeDevice("RTNETLINK answers: Network is unreachable"_ba), QString());
}

// The search runs against a simulated path (a function of the packet size), which is the
// whole input of this pure algorithm; the real path is tested in tst_netchecknet.
void TestNetcheckUnit::searchPathMtu_data()
{
    QTest::addColumn<int>("interfaceMtu");
    QTest::addColumn<int>("pathMtu");
    QTest::addColumn<bool>("icmp");
    QTest::addColumn<bool>("fragSeen");
    QTest::addColumn<bool>("silent");
    QTest::newRow("clean 1500") << 1500 << 1500 << true << false << false;
    QTest::newRow("1400 with icmp") << 1500 << 1400 << true << true << false;
    QTest::newRow("1400 black hole") << 1500 << 1400 << false << false << true;
    QTest::newRow("jumbo interface, 1500 path") << 9000 << 1500 << true << true << false;
    QTest::newRow("odd 1387 black hole") << 1500 << 1387 << false << false << true;
}

void TestNetcheckUnit::searchPathMtu()
{
    QFETCH(int, interfaceMtu);
    QFETCH(int, pathMtu);
    QFETCH(bool, icmp);
    QFETCH(bool, fragSeen);
    QFETCH(bool, silent);
    int probes = 0;
    auto path = [&](int size) {
        ++probes;
        if (size <= pathMtu)
            return PathMtuProbe::PingResult{Outcome::Reply, 0};
        return icmp ? PathMtuProbe::PingResult{Outcome::FragNeeded, pathMtu} : PathMtuProbe::PingResult{Outcome::Timeout, 0};
    };
    bool sawFrag = false;
    bool sawSilence = false;
    QCOMPARE(PathMtuProbe::searchPathMtu(interfaceMtu, path, &sawFrag, &sawSilence), pathMtu);
    QCOMPARE(sawFrag, fragSeen);
    QCOMPARE(sawSilence, silent);
    QVERIFY2(probes <= 16, qPrintable(u"%1 probes"_s.arg(probes)));
    if (icmp && pathMtu < interfaceMtu)
        QCOMPARE(probes, 3); // the reported MTU is tried first
}

void TestNetcheckUnit::recommend_data()
{
    QTest::addColumn<QList<double>>("totals"); // for 1, 2, 4, 8, 16 connections
    QTest::addColumn<int>("connections");
    QTest::newRow("per-connection cap") << QList<double>{5, 10, 20, 39, 41} << 8;
    QTest::newRow("flat") << QList<double>{100, 101, 99, 100, 98} << 1;
    QTest::newRow("knee at 4") << QList<double>{30, 55, 92, 100, 97} << 4;
    QTest::newRow("best is last") << QList<double>{5, 10, 20, 40, 80} << 16;
    QTest::newRow("empty") << QList<double>{} << 0;
}

void TestNetcheckUnit::recommend()
{
    QFETCH(QList<double>, totals);
    QFETCH(int, connections);
    QList<BenchmarkRun> runs;
    for (qsizetype i = 0; i < totals.size(); ++i)
        runs << BenchmarkRun{1 << i, 2.0, 0, totals[i] * 1e6, totals[i] * 1e6 / (1 << i)};
    const qsizetype index = ReadBenchmark::recommend(runs);
    QCOMPARE(index < 0 ? 0 : runs[index].connections, connections);
}

void TestNetcheckUnit::contentRange()
{
    QVERIFY(HttpProbe::contentRangeMatches("bytes 0-65535/1048576", 0, 65535, 1048576));
    QVERIFY(HttpProbe::contentRangeMatches(" bytes 0-0/10 ", 0, 0, 10));
    QVERIFY(!HttpProbe::contentRangeMatches("bytes 0-65535/*", 0, 65535, 1048576));
    QVERIFY(!HttpProbe::contentRangeMatches("bytes 1-65535/1048576", 0, 65535, 1048576));
    QVERIFY(!HttpProbe::contentRangeMatches("bytes 0-65535/1048575", 0, 65535, 1048576));
    QVERIFY(!HttpProbe::contentRangeMatches("", 0, 65535, 1048576));
}

void TestNetcheckUnit::evpCipher()
{
    QCOMPARE(TlsCost::evpCipherFor(u"TLS_AES_256_GCM_SHA384"_s), u"aes-256-gcm"_s);
    QCOMPARE(TlsCost::evpCipherFor(u"ECDHE-RSA-AES256-GCM-SHA384"_s), u"aes-256-gcm"_s);
    QCOMPARE(TlsCost::evpCipherFor(u"TLS_AES_128_GCM_SHA256"_s), u"aes-128-gcm"_s);
    QCOMPARE(TlsCost::evpCipherFor(u"TLS_CHACHA20_POLY1305_SHA256"_s), u"chacha20-poly1305"_s);
    QCOMPARE(TlsCost::evpCipherFor(QString()), u"aes-128-gcm"_s);
}

void TestNetcheckUnit::decryptCost()
{
    for (const QString &cipher : {u"aes-128-gcm"_s, u"aes-256-gcm"_s, u"chacha20-poly1305"_s}) {
        const auto cost = TlsCost::decryptSecondsPerGiB(cipher, 16 << 20);
        QVERIFY2(cost, qPrintable(cost ? QString() : cost.error().toString()));
        QVERIFY2(*cost > 0 && *cost < 60, qPrintable(u"%1: %2 s/GiB"_s.arg(cipher).arg(*cost)));
    }
    const CheckResult check = TlsCost::check(u"TLS_AES_256_GCM_SHA384"_s, 16 << 20);
    QCOMPARE(check.id, u"tls-cost"_s);
    QVERIFY(check.status == CheckStatus::Pass || check.status == CheckStatus::Warn);
    QCOMPARE(check.details.value(u"cipher"_s).toString(), u"aes-256-gcm"_s);
    QCOMPARE(check.details.value(u"cpu_aes"_s).toBool(), TlsCost::cpuHasAes());
}

void TestNetcheckUnit::discardSink()
{
    DiscardSink sink;
    QVERIFY(sink.open(1 << 20, Sink::OpenMode::Create));
    auto first = sink.createWriter();
    auto second = sink.createWriter();
    QVERIFY(first && second);
    const QByteArray data(4096, 'x');
    QVERIFY((*first)->write(0, data));
    QVERIFY((*second)->write(4096, data));
    QVERIFY((*second)->zero(8192, 100));
    QVERIFY((*first)->flush());
    QCOMPARE(sink.bytesDiscarded(), 8192 + 100);
    const auto reader = sink.createReader();
    QVERIFY(!reader);
    QCOMPARE(reader.error().code(), ErrorCode::Unsupported);
    first->reset();
    second->reset();
    QVERIFY(sink.commit());
}

void TestNetcheckUnit::checkJson()
{
    const CheckResult check{u"path-mtu"_s, u"Path MTU"_s,     CheckStatus::Warn,
                            u"1400"_s,     u"set MTU 1400"_s, QJsonObject{{u"path_mtu"_s, 1400}}};
    const QJsonObject json = check.toJson();
    QCOMPARE(json.value(u"status"_s).toString(), u"warn"_s);
    QCOMPARE(json.value(u"details"_s).toObject().value(u"path_mtu"_s).toInt(), 1400);
    QCOMPARE(toString(CheckStatus::Skip), u"skip"_s);
    QVERIFY(CheckStatus::Fail > CheckStatus::Warn && CheckStatus::Warn > CheckStatus::Pass);
}

void TestNetcheckUnit::tcpInfoOnLoopback()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(client.waitForConnected(5000));
    QVERIFY(server.waitForNewConnection(5000));
    const auto info = TcpInfo::read(client.socketDescriptor());
    QVERIFY(info);
    QVERIFY2(info->sendMss > 0 && info->sendMss < 65536, qPrintable(QString::number(info->sendMss)));
    QVERIFY(info->receiveBuffer > 0);
    QVERIFY(info->sendBuffer > 0);
    QVERIFY(!TcpInfo::read(-1));
}

void TestNetcheckUnit::suiteReadsTheBenchmark()
{
    QList<BenchmarkRun> runs;
    QJsonArray table;
    for (const auto &[connections, rate] : {std::pair{1, 20e6}, std::pair{4, 70e6}}) {
        BenchmarkRun run;
        run.connections = connections;
        run.totalBytesPerSecond = rate;
        table.append(run.toJson());
    }
    CheckResult bench{u"read-benchmark"_s, u"Read"_s, CheckStatus::Pass, {}, {}, {}};
    bench.details = QJsonObject{{u"runs"_s, table}, {u"recommended_connections"_s, 4}};
    const CheckResult mtu{u"path-mtu"_s, u"Path"_s, CheckStatus::Warn, {}, {}, {}};
    QCOMPARE(NetCheckSuite::recommendedConnections({mtu, bench}), 4);
    QCOMPARE(NetCheckSuite::recommendedConnections({mtu}), 0);
    QCOMPARE(NetCheckSuite::measuredRates({mtu, bench}), (QMap<int, double>{{1, 20e6}, {4, 70e6}}));
    QVERIFY(NetCheckSuite::worst({bench, mtu}) == CheckStatus::Warn);
    QVERIFY(NetCheckSuite::worst({}) == CheckStatus::Skip);
}

void TestNetcheckUnit::suiteChoosesAFlatDisk()
{
    Inventory inventory;
    VmInfo rdm;
    rdm.name = u"rdm"_s;
    DiskInfo raw;
    raw.capacity = 1LL << 30;
    raw.backing = DiskBacking::Rdm;
    rdm.disks << raw;
    VmInfo web;
    web.name = u"web"_s;
    web.datacenterPath = u"dc1"_s;
    DiskInfo flat;
    flat.label = u"Hard disk 1"_s;
    flat.datastore = u"ds1"_s;
    flat.path = u"web/web.vmdk"_s;
    flat.capacity = 2LL << 30;
    web.disks << flat;
    inventory.vms << rdm << web;
    SourceEndpoint endpoint;
    endpoint.url = QUrl(u"https://esxi.example:443"_s);
    const auto first = NetCheckSuite::chooseDisk(inventory, endpoint);
    QVERIFY(first.has_value());
    QCOMPARE(first->diskLabel, u"web / Hard disk 1"_s);
    QCOMPARE(first->capacity, 2LL << 30);
    QVERIFY(first->diskUrl.toString().contains(u"web-flat.vmdk"_s));
    const auto none = NetCheckSuite::chooseDisk(inventory, endpoint, u"rdm"_s);
    QVERIFY(!none.has_value());
    QVERIFY(none.error().message().contains(u"no flat disk"_s));
    QVERIFY(!NetCheckSuite::chooseDisk(inventory, endpoint, u"nope"_s).has_value());
}

void TestNetcheckUnit::suiteRunsOnlyTheChosenChecks()
{
    // No check chosen, or cancelled before the first: nothing runs, nothing is reported.
    NetCheckOptions none;
    none.checks.clear();
    int reported = 0;
    NetCheckSuite quiet(none, [&](const CheckResult &) { ++reported; });
    SourceEndpoint endpoint;
    endpoint.url = QUrl(u"https://127.0.0.1:1"_s);
    quiet.runPathChecks(endpoint);
    NetCheckSource target;
    target.endpoint = endpoint;
    QVERIFY(quiet.runDiskChecks(target).has_value());
    const std::atomic<bool> cancelled{true};
    NetCheckSuite stopped(
        NetCheckOptions{}, [&](const CheckResult &) { ++reported; }, &cancelled);
    stopped.runPathChecks(endpoint);
    QVERIFY(stopped.runDiskChecks(target).has_value());
    QCOMPARE(reported, 0);
    QVERIFY(stopped.results().isEmpty());
}

QTEST_GUILESS_MAIN(TestNetcheckUnit)
#include "tst_netcheckunit.moc"
