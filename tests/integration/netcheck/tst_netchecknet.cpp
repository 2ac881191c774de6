#include "testsupport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

constexpr auto labPassword = "netcheck-secret";

bool run(const QStringList &command, QString *error = nullptr)
{
    const auto result = Test::runProcess(command.first(), command.mid(1), QProcessEnvironment::systemEnvironment(), 20000);
    if (result.exitCode != 0 && error)
        *error = command.join(u' ') + u": "_s + QString::fromLocal8Bit(result.err + result.out).trimmed();
    return result.exitCode == 0;
}

// client ns -- router ns -- server ns, 10.77.1.0/24 and 10.77.2.0/24, the router-server
// link at MTU 1400 while the client's link has 1500. Deleted in the destructor, so a
// failed assertion still leaves nothing behind.
class RoutedNamespaces
{
public:
    RoutedNamespaces()
        : m_prefix(u"ncf%1"_s.arg(QCoreApplication::applicationPid()))
    {
    }
    ~RoutedNamespaces()
    {
        for (const QString &ns : {client(), router(), server()})
            run({u"ip"_s, u"netns"_s, u"del"_s, ns});
    }
    QString client() const { return m_prefix + u"c"_s; }
    QString router() const { return m_prefix + u"r"_s; }
    QString server() const { return m_prefix + u"s"_s; }

    // Empty on success, else the failing command: the caller skips when namespaces
    // cannot be made at all and fails otherwise.
    QString create(bool *noNamespaces)
    {
        QString error;
        *noNamespaces = !run({u"ip"_s, u"netns"_s, u"add"_s, client()}, &error);
        if (*noNamespaces)
            return error;
        const QString c = client(), r = router(), s = server();
        const QList<QStringList> steps{
            {u"ip"_s, u"netns"_s, u"add"_s, r},
            {u"ip"_s, u"netns"_s, u"add"_s, s},
            {u"ip"_s, u"link"_s, u"add"_s, u"nc-c0"_s, u"netns"_s, c, u"type"_s, u"veth"_s, u"peer"_s, u"name"_s, u"nc-rc"_s, u"netns"_s,
             r},
            {u"ip"_s, u"link"_s, u"add"_s, u"nc-s0"_s, u"netns"_s, s, u"type"_s, u"veth"_s, u"peer"_s, u"name"_s, u"nc-rs"_s, u"netns"_s,
             r},
            {u"ip"_s, u"-n"_s, c, u"addr"_s, u"add"_s, u"10.77.1.2/24"_s, u"dev"_s, u"nc-c0"_s},
            {u"ip"_s, u"-n"_s, r, u"addr"_s, u"add"_s, u"10.77.1.1/24"_s, u"dev"_s, u"nc-rc"_s},
            {u"ip"_s, u"-n"_s, r, u"addr"_s, u"add"_s, u"10.77.2.1/24"_s, u"dev"_s, u"nc-rs"_s},
            {u"ip"_s, u"-n"_s, s, u"addr"_s, u"add"_s, u"10.77.2.2/24"_s, u"dev"_s, u"nc-s0"_s},
            {u"ip"_s, u"-n"_s, r, u"link"_s, u"set"_s, u"nc-rs"_s, u"mtu"_s, u"1400"_s},
            {u"ip"_s, u"-n"_s, s, u"link"_s, u"set"_s, u"nc-s0"_s, u"mtu"_s, u"1400"_s},
            {u"ip"_s, u"-n"_s, c, u"link"_s, u"set"_s, u"nc-c0"_s, u"up"_s},
            {u"ip"_s, u"-n"_s, r, u"link"_s, u"set"_s, u"nc-rc"_s, u"up"_s},
            {u"ip"_s, u"-n"_s, r, u"link"_s, u"set"_s, u"nc-rs"_s, u"up"_s},
            {u"ip"_s, u"-n"_s, s, u"link"_s, u"set"_s, u"nc-s0"_s, u"up"_s},
            {u"ip"_s, u"-n"_s, c, u"link"_s, u"set"_s, u"lo"_s, u"up"_s},
            {u"ip"_s, u"-n"_s, s, u"link"_s, u"set"_s, u"lo"_s, u"up"_s},
            {u"ip"_s, u"-n"_s, c, u"route"_s, u"add"_s, u"default"_s, u"via"_s, u"10.77.1.1"_s},
            {u"ip"_s, u"-n"_s, s, u"route"_s, u"add"_s, u"default"_s, u"via"_s, u"10.77.2.1"_s},
            {u"ip"_s, u"netns"_s, u"exec"_s, r, u"sysctl"_s, u"-qw"_s, u"net.ipv4.ip_forward=1"_s},
        };
        for (const QStringList &step : steps) {
            if (!run(step, &error))
                return error;
        }
        return {};
    }

    // The client's link becomes jumbo (9000 on both ends); the router's 1400 link stays.
    QString makeClientLinkJumbo()
    {
        QString error;
        if (!run({u"ip"_s, u"-n"_s, client(), u"link"_s, u"set"_s, u"nc-c0"_s, u"mtu"_s, u"9000"_s}, &error)
            || !run({u"ip"_s, u"-n"_s, router(), u"link"_s, u"set"_s, u"nc-rc"_s, u"mtu"_s, u"9000"_s}, &error))
            return error;
        return {};
    }

    // The router stops sending ICMP "fragmentation needed": a path-MTU black hole.
    QString blockFragNeeded()
    {
        QString error;
        for (const QString &chain : {u"OUTPUT"_s, u"FORWARD"_s}) {
            if (!run({u"ip"_s, u"netns"_s, u"exec"_s, router(), u"iptables"_s, u"-A"_s, chain, u"-p"_s, u"icmp"_s, u"--icmp-type"_s,
                      u"fragmentation-needed"_s, u"-j"_s, u"DROP"_s},
                     &error))
                return error;
        }
        return {};
    }

private:
    QString m_prefix;
};

struct CliResult
{
    int exitCode = -1;
    QJsonObject document;
    QByteArray err;
};

} // namespace

// Builds the client-router-server namespaces, or skips the test where the machine
// cannot make namespaces (QSKIP has to run in the test function itself).
#define CREATE_NAMESPACES_OR_SKIP(net)                                                                                                     \
    do {                                                                                                                                   \
        bool unavailable = false;                                                                                                          \
        const QString created = (net).create(&unavailable);                                                                                \
        if (unavailable)                                                                                                                   \
            QSKIP(qPrintable(u"network namespaces are not available here (%1)"_s.arg(created)));                                           \
        QVERIFY2(created.isEmpty(), qPrintable(created));                                                                                  \
    } while (false)

class TestNetcheckNet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void pathMtuWithFragNeeded();
    void pathMtuBlackHole();
    void jumboInterfaceWarns();
    void connectionRecommendation();
    void noRangeFailsRangeCheck();

private:
    // Starts ferry-lab (inside a namespace when ns is set) and waits for its ready line.
    bool startLab(const QString &ns, const QString &listen, const QStringList &extra);
    CliResult netcheck(const QString &ns, const QString &source, const QStringList &extra);
    static QJsonObject findCheck(const QJsonObject &document, const QString &id);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_lab;
    QString m_url;
    QString m_fingerprint;
};

void TestNetcheckNet::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestNetcheckNet::cleanup()
{
    if (m_lab) {
        m_lab->terminate();
        if (!m_lab->waitForFinished(5000)) {
            m_lab->kill();
            m_lab->waitForFinished(3000);
        }
        m_lab.reset();
    }
    QTRY_VERIFY_WITH_TIMEOUT(Test::childPids().isEmpty(), 5000);
}

bool TestNetcheckNet::startLab(const QString &ns, const QString &listen, const QStringList &extra)
{
    m_lab = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"FERRY_LAB_PASSWORD"_s, QString::fromLatin1(labPassword));
    m_lab->setProcessEnvironment(env);
    m_lab->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QStringList arguments{u"--listen"_s, listen, u"--data-dir"_s, Test::sharedLabDataDir(), u"--exit-with-stdin"_s};
    arguments << extra;
    // `ip netns exec` execs the lab in place, so the QProcess pid is the lab's own.
    if (ns.isEmpty())
        m_lab->start(QStringLiteral(FERRY_LAB_PATH), arguments);
    else
        m_lab->start(u"ip"_s, QStringList{u"netns"_s, u"exec"_s, ns, QStringLiteral(FERRY_LAB_PATH)} + arguments);
    if (!m_lab->waitForStarted(5000))
        return false;
    while (!m_lab->canReadLine()) {
        if (!m_lab->waitForReadyRead(120000))
            return false;
    }
    const QJsonObject ready = QJsonDocument::fromJson(m_lab->readLine()).object();
    m_url = ready.value(u"url"_s).toString();
    m_fingerprint = ready.value(u"fingerprint"_s).toString();
    return ready.value(u"event"_s).toString() == u"ready" && !m_url.isEmpty();
}

CliResult TestNetcheckNet::netcheck(const QString &ns, const QString &source, const QStringList &extra)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"FERRY_PASSWORD"_s, QString::fromLatin1(labPassword));
    QStringList arguments{u"netcheck"_s, u"--source"_s, source, u"--user"_s, u"root"_s, u"--json"_s};
    arguments << (m_fingerprint.isEmpty() ? QStringList{u"--insecure"_s} : QStringList{u"--fingerprint"_s, m_fingerprint});
    arguments << extra;
    const auto result = ns.isEmpty()
        ? Test::runProcess(QStringLiteral(FERRY_CLI_PATH), arguments, env, 90000)
        : Test::runProcess(u"ip"_s, QStringList{u"netns"_s, u"exec"_s, ns, QStringLiteral(FERRY_CLI_PATH)} + arguments, env, 90000);
    return CliResult{result.exitCode, QJsonDocument::fromJson(result.out).object(), result.err};
}

QJsonObject TestNetcheckNet::findCheck(const QJsonObject &document, const QString &id)
{
    for (const QJsonValue &check : document.value(u"checks"_s).toArray()) {
        if (check.toObject().value(u"id"_s).toString() == id)
            return check.toObject();
    }
    return {};
}

void TestNetcheckNet::pathMtuWithFragNeeded()
{
    RoutedNamespaces net;
    CREATE_NAMESPACES_OR_SKIP(net);
    QVERIFY(startLab(net.server(), u"10.77.2.2:0"_s, {}));
    const CliResult result = netcheck(net.client(), m_url, {u"--checks"_s, u"mtu,http"_s});
    QVERIFY2(!result.document.isEmpty(), result.err.constData());

    const QJsonObject interface = findCheck(result.document, u"interface-mtu"_s);
    QCOMPARE(interface.value(u"details"_s).toObject().value(u"mtu"_s).toInt(), 1500);
    QCOMPARE(interface.value(u"details"_s).toObject().value(u"device"_s).toString(), u"nc-c0"_s);
    const QJsonObject path = findCheck(result.document, u"path-mtu"_s);
    const QJsonObject details = path.value(u"details"_s).toObject();
    QCOMPARE(details.value(u"path_mtu"_s).toInt(), 1400);
    QCOMPARE(details.value(u"frag_needed_seen"_s).toBool(), true);
    QCOMPARE(details.value(u"black_hole"_s).toBool(), false);
    QCOMPARE(path.value(u"status"_s).toString(), u"warn"_s);
    // The whole HTTP path works through the router: TCP adapted to the smaller MTU.
    QCOMPARE(findCheck(result.document, u"range"_s).value(u"status"_s).toString(), u"pass"_s);
    QCOMPARE(findCheck(result.document, u"session-cookie"_s).value(u"status"_s).toString(), u"pass"_s);
    const QJsonObject tcp = findCheck(result.document, u"tcp"_s).value(u"details"_s).toObject();
    QVERIFY2(tcp.value(u"rcv_mss"_s).toInt() <= 1360, qPrintable(QString::number(tcp.value(u"rcv_mss"_s).toInt())));
    QCOMPARE(result.exitCode, 0); // warnings only
}

void TestNetcheckNet::pathMtuBlackHole()
{
    RoutedNamespaces net;
    CREATE_NAMESPACES_OR_SKIP(net);
    const QString error = net.blockFragNeeded();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Only the MTU checks: they need an address, not a running source.
    const CliResult result = netcheck(net.client(), u"https://10.77.2.2:443"_s, {u"--checks"_s, u"mtu"_s});
    QVERIFY2(!result.document.isEmpty(), result.err.constData());
    const QJsonObject path = findCheck(result.document, u"path-mtu"_s);
    const QJsonObject details = path.value(u"details"_s).toObject();
    QCOMPARE(details.value(u"path_mtu"_s).toInt(), 1400);
    QCOMPARE(details.value(u"frag_needed_seen"_s).toBool(), false);
    QCOMPARE(details.value(u"black_hole"_s).toBool(), true);
    QCOMPARE(path.value(u"status"_s).toString(), u"fail"_s);
    QVERIFY(path.value(u"advice"_s).toString().contains(u"ICMP"_s));
    QCOMPARE(result.document.value(u"result"_s).toString(), u"fail"_s);
    QCOMPARE(result.exitCode, 1);
}

void TestNetcheckNet::jumboInterfaceWarns()
{
    RoutedNamespaces net;
    CREATE_NAMESPACES_OR_SKIP(net);
    const QString error = net.makeClientLinkJumbo();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const CliResult result = netcheck(net.client(), u"https://10.77.2.2:443"_s, {u"--checks"_s, u"mtu"_s});
    QVERIFY2(!result.document.isEmpty(), result.err.constData());
    const QJsonObject interface = findCheck(result.document, u"interface-mtu"_s);
    QCOMPARE(interface.value(u"status"_s).toString(), u"warn"_s);
    QCOMPARE(interface.value(u"details"_s).toObject().value(u"mtu"_s).toInt(), 9000);
    QVERIFY(interface.value(u"advice"_s).toString().contains(u"MTU 1500"_s));
    const QJsonObject path = findCheck(result.document, u"path-mtu"_s).value(u"details"_s).toObject();
    QCOMPARE(path.value(u"path_mtu"_s).toInt(), 1400);
    QCOMPARE(path.value(u"frag_needed_seen"_s).toBool(), true);
    QCOMPARE(result.exitCode, 0);
}

void TestNetcheckNet::connectionRecommendation()
{
    QVERIFY(startLab({}, u"127.0.0.1:0"_s, {u"--rate-per-connection"_s, u"5000000"_s, u"--bench-disk-size"_s, u"256M"_s}));
    const CliResult result = netcheck({}, m_url, {u"--checks"_s, u"bench"_s, u"--vm"_s, u"bench"_s, u"--bench-seconds"_s, u"2"_s});
    QVERIFY2(!result.document.isEmpty(), result.err.constData());
    QCOMPARE(result.exitCode, 0);
    const QJsonObject check = findCheck(result.document, u"read-benchmark"_s);
    QCOMPARE(check.value(u"status"_s).toString(), u"pass"_s);
    const QJsonObject details = check.value(u"details"_s).toObject();
    const QJsonArray runs = details.value(u"runs"_s).toArray();
    QCOMPARE(runs.size(), 5);
    const int recommended = details.value(u"recommended_connections"_s).toInt();
    const double single = runs.first().toObject().value(u"total_bytes_per_second"_s).toDouble();
    double chosen = 0;
    for (const QJsonValue &run : runs) {
        if (run.toObject().value(u"connections"_s).toInt() == recommended)
            chosen = run.toObject().value(u"total_bytes_per_second"_s).toDouble();
    }
    const QString numbers = QString::fromUtf8(QJsonDocument(runs).toJson(QJsonDocument::Compact));
    // One connection is held to the cap (5 MB/s, with a little burst).
    QVERIFY2(single > 3e6 && single < 7e6, qPrintable(numbers));
    QVERIFY2(recommended > 1, qPrintable(numbers));
    QVERIFY2(chosen >= 1.5 * single, qPrintable(numbers));
}

void TestNetcheckNet::noRangeFailsRangeCheck()
{
    QVERIFY(startLab({}, u"127.0.0.1:0"_s, {u"--no-range"_s}));
    const CliResult result = netcheck({}, m_url, {u"--checks"_s, u"http"_s});
    QVERIFY2(!result.document.isEmpty(), result.err.constData());
    const QJsonObject range = findCheck(result.document, u"range"_s);
    QCOMPARE(range.value(u"status"_s).toString(), u"fail"_s);
    QCOMPARE(range.value(u"details"_s).toObject().value(u"status"_s).toInt(), 200);
    QVERIFY(range.value(u"summary"_s).toString().contains(u"ignores Range"_s));
    QCOMPARE(result.exitCode, 1);
}

QTEST_GUILESS_MAIN(TestNetcheckNet)
#include "tst_netchecknet.moc"
