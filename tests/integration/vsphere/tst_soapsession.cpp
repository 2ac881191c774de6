// The vim25 client against a real vim25 implementation (govmomi's simulator via
// ferry-vcsim): login and cookie, renewal when the server terminated the session,
// paging through ContinueRetrievePropertiesEx, certificate refusal, response size cap,
// and a TCP peer that never answers (timeout).
#include "fixtures/vcsim/vcsimprocess.h"
#include "unit/vsphere/testprinters.h"
#include "vsphere/inventoryreader.h"
#include "vsphere/soapenvelope.h"
#include "vsphere/soapsession.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace Ferry;
using Ferry::Test::VcsimProcess;

namespace {

constexpr int waitMs = 30000;

template<typename T>
struct Outcome
{
    std::optional<T> value;
    auto callback()
    {
        return [this](T result) { value = std::move(result); };
    }
};

// The session key is the cookie's value (vcsim: unquoted, ESXi: quoted).
QString sessionKey(const QByteArray &cookie)
{
    QByteArray value = cookie.mid(cookie.indexOf('=') + 1);
    if (value.startsWith('"') && value.endsWith('"'))
        value = value.mid(1, value.size() - 2);
    return QString::fromLatin1(value);
}

} // namespace

class TestSoapSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void connectAndLogout();
    void wrongPassword();
    void renewsTerminatedSession();
    void pagedInventory();
    void restartsRetrievalAfterRenewal();
    void refusesUnknownCertificate();
    void capsResponseSize();
    void timesOut();

private:
    SourceEndpoint endpoint() const;

    std::unique_ptr<VcsimProcess> m_vcsim;
};

void TestSoapSession::initTestCase()
{
    m_vcsim = std::make_unique<VcsimProcess>(VcsimProcess::Model::Vc);
    auto started = m_vcsim->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
}

void TestSoapSession::cleanupTestCase()
{
    const qint64 pid = m_vcsim ? m_vcsim->pid() : 0;
    m_vcsim.reset();
    if (pid > 0)
        QVERIFY(VcsimProcess::isGone(pid));
}

SourceEndpoint TestSoapSession::endpoint() const
{
    return m_vcsim->endpoint();
}

void TestSoapSession::connectAndLogout()
{
    SoapSession session(endpoint());
    QVERIFY(session.sessionCookie().isEmpty());
    Outcome<Result<ServiceContent>> connected;
    session.connectToHost(connected.callback());
    QTRY_VERIFY_WITH_TIMEOUT(connected.value.has_value(), waitMs);
    QVERIFY2(*connected.value, qPrintable(connected.value->has_value() ? QString() : connected.value->error().toString()));
    QCOMPARE(toString(connected.value->value().about.apiType), toString(ApiType::VirtualCenter));
    QVERIFY(session.isLoggedIn());
    QCOMPARE(session.loginCount(), 1);
    QVERIFY(session.sessionCookie().startsWith("vmware_soap_session="));
    QVERIFY(session.sessionCookie().size() > int(sizeof("vmware_soap_session=")));

    Outcome<Result<void>> loggedOut;
    session.logout(loggedOut.callback());
    QTRY_VERIFY_WITH_TIMEOUT(loggedOut.value.has_value(), waitMs);
    QVERIFY(*loggedOut.value);
    QVERIFY(!session.isLoggedIn());
    QVERIFY(session.sessionCookie().isEmpty());

    // Logged out on purpose: no silent renewal, the server's refusal comes through.
    Outcome<Result<XmlElement>> after;
    session.invoke(u"CreateContainerView"_s, session.serviceContent().viewManager,
                   SoapEnvelope::moref(u"container"_s, session.serviceContent().rootFolder)
                       + SoapEnvelope::element(u"type"_s, u"VirtualMachine"_s) + SoapEnvelope::boolean(u"recursive"_s, true),
                   after.callback());
    QTRY_VERIFY_WITH_TIMEOUT(after.value.has_value(), waitMs);
    QVERIFY(!*after.value);
    QCOMPARE(after.value->error().code(), ErrorCode::Auth);
}

void TestSoapSession::wrongPassword()
{
    SourceEndpoint source = endpoint();
    source.password = u"not-the-password"_s;
    SoapSession session(source);
    Outcome<Result<ServiceContent>> connected;
    session.connectToHost(connected.callback());
    QTRY_VERIFY_WITH_TIMEOUT(connected.value.has_value(), waitMs);
    QVERIFY(!*connected.value);
    QCOMPARE(connected.value->error().code(), ErrorCode::Auth);
    QVERIFY(connected.value->error().details().contains(u"InvalidLogin"));
    QVERIFY(!session.isLoggedIn());
}

void TestSoapSession::renewsTerminatedSession()
{
    SoapSession victim(endpoint());
    SoapSession admin(endpoint());
    Outcome<Result<ServiceContent>> first;
    Outcome<Result<ServiceContent>> second;
    victim.connectToHost(first.callback());
    admin.connectToHost(second.callback());
    QTRY_VERIFY_WITH_TIMEOUT(first.value.has_value() && second.value.has_value(), waitMs);
    QVERIFY(*first.value && *second.value);
    const QByteArray oldCookie = victim.sessionCookie();

    // The server forgets the victim's session, as an idle timeout would.
    Outcome<Result<XmlElement>> terminated;
    admin.invoke(u"TerminateSession"_s, admin.serviceContent().sessionManager, SoapEnvelope::element(u"sessionId"_s, sessionKey(oldCookie)),
                 terminated.callback());
    QTRY_VERIFY_WITH_TIMEOUT(terminated.value.has_value(), waitMs);
    QVERIFY2(*terminated.value, qPrintable(terminated.value->has_value() ? QString() : terminated.value->error().toString()));

    QSignalSpy renewed(&victim, &SoapSession::sessionRenewed);
    InventoryReader reader(&victim);
    QSignalSpy finished(&reader, &InventoryReader::finished);
    reader.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, waitMs);
    const auto result = finished.at(0).at(0).value<Result<Inventory>>();
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    QCOMPARE(result->vms.size(), m_vcsim->expected().value(u"vms"_s).toArray().size());
    QCOMPARE(renewed.size(), 1);
    QCOMPARE(victim.loginCount(), 2);
    QVERIFY(victim.sessionCookie() != oldCookie);
}

void TestSoapSession::pagedInventory()
{
    SoapSession session(endpoint());
    const auto before = m_vcsim->stats();
    QVERIFY(before);
    InventoryReader reader(&session);
    reader.setPageSize(1);
    QSignalSpy finished(&reader, &InventoryReader::finished);
    reader.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, waitMs);
    const auto result = finished.at(0).at(0).value<Result<Inventory>>();
    QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
    const QJsonObject expected = m_vcsim->expected();
    QCOMPARE(result->vms.size(), expected.value(u"vms"_s).toArray().size());
    QCOMPARE(result->datastores.size(), expected.value(u"datastores"_s).toArray().size());
    QCOMPARE(result->networks.size(), expected.value(u"networks"_s).toArray().size());
    QCOMPARE(result->datacenters.size(), expected.value(u"datacenters"_s).toArray().size());

    const auto after = m_vcsim->stats();
    QVERIFY(after);
    const auto counter = [](const QJsonObject &stats, const char16_t *name) { return stats.value(QStringView(name)).toInteger(); };
    QVERIFY(counter(*after, u"continueRetrievePropertiesEx") - counter(*before, u"continueRetrievePropertiesEx") > result->vms.size() / 2);
    QCOMPARE(counter(*after, u"smallestMaxObjects"), 1);
    QCOMPARE(counter(*after, u"unknownTokens"), 0);
}

void TestSoapSession::restartsRetrievalAfterRenewal()
{
    SoapSession victim(endpoint());
    SoapSession admin(endpoint());
    Outcome<Result<ServiceContent>> first;
    Outcome<Result<ServiceContent>> second;
    victim.connectToHost(first.callback());
    admin.connectToHost(second.callback());
    QTRY_VERIFY_WITH_TIMEOUT(first.value.has_value() && second.value.has_value(), waitMs);
    QVERIFY(*first.value && *second.value);

    // Right after the ContainerView was created the server drops the session, and
    // the view with it: the listing must start over with a new view. vcsim answers the
    // dead view with ManagedObjectNotFound, then the new CreateContainerView with
    // NotAuthenticated, which renews the session.
    int views = 0;
    bool terminated = false;
    connect(&victim, &SoapSession::replyReceived, this, [&](const QString &method) {
        if (method != u"CreateContainerView" || ++views != 1)
            return;
        QEventLoop loop;
        admin.invoke(u"TerminateSession"_s, admin.serviceContent().sessionManager,
                     SoapEnvelope::element(u"sessionId"_s, sessionKey(victim.sessionCookie())), [&](Result<XmlElement> result) {
                         terminated = result.has_value();
                         loop.quit();
                     });
        loop.exec();
    });
    QSignalSpy renewed(&victim, &SoapSession::sessionRenewed);
    Outcome<Result<QList<ObjectContent>>> listed;
    PropertyCollector(&victim, 1).retrieve(victim.serviceContent().rootFolder, InventoryReader::vmSpecs(), listed.callback());
    QTRY_VERIFY_WITH_TIMEOUT(listed.value.has_value(), waitMs);
    QVERIFY(terminated);
    QVERIFY2(*listed.value, qPrintable(listed.value->has_value() ? QString() : listed.value->error().toString()));
    QCOMPARE(listed.value->value().size(), m_vcsim->expected().value(u"vms"_s).toArray().size());
    QCOMPARE(renewed.size(), 1);
    QCOMPARE(views, 3); // created, refused (NotAuthenticated), created again
}

void TestSoapSession::refusesUnknownCertificate()
{
    SourceEndpoint source = endpoint();
    source.trust = TlsTrust::system();
    SoapSession session(source);
    Outcome<Result<ServiceContent>> connected;
    session.connectToHost(connected.callback());
    QTRY_VERIFY_WITH_TIMEOUT(connected.value.has_value(), waitMs);
    QVERIFY(!*connected.value);
    QCOMPARE(connected.value->error().code(), ErrorCode::TrustRefused);
    QCOMPARE(connected.value->error().details(), m_vcsim->launcherFingerprint());

    source.trust = TlsTrust::pinned(u"00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"_s);
    SoapSession pinnedWrong(source);
    Outcome<Result<ServiceContent>> refused;
    pinnedWrong.connectToHost(refused.callback());
    QTRY_VERIFY_WITH_TIMEOUT(refused.value.has_value(), waitMs);
    QVERIFY(!*refused.value);
    QCOMPARE(refused.value->error().code(), ErrorCode::TrustRefused);
    QCOMPARE(refused.value->error().details(), m_vcsim->launcherFingerprint());
}

void TestSoapSession::capsResponseSize()
{
    SoapSession session(endpoint());
    session.setMaxResponseSize(1024); // RetrieveServiceContent is about 4 KiB
    Outcome<Result<ServiceContent>> connected;
    session.connectToHost(connected.callback());
    QTRY_VERIFY_WITH_TIMEOUT(connected.value.has_value(), waitMs);
    QVERIFY(!*connected.value);
    QCOMPARE(connected.value->error().code(), ErrorCode::Protocol);
    QVERIFY2(connected.value->error().message().contains(u"exceeds"), qPrintable(connected.value->error().toString()));
}

void TestSoapSession::timesOut()
{
    // A peer that accepts the connection and then says nothing, not even TLS.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    SourceEndpoint source = endpoint();
    source.url = QUrl(u"https://127.0.0.1:%1"_s.arg(silent.serverPort()));
    SoapSession session(source);
    session.setTimeout(std::chrono::milliseconds(500));
    Outcome<Result<ServiceContent>> connected;
    QElapsedTimer clock;
    clock.start();
    session.connectToHost(connected.callback());
    QTRY_VERIFY_WITH_TIMEOUT(connected.value.has_value(), waitMs);
    QVERIFY(!*connected.value);
    QCOMPARE(connected.value->error().code(), ErrorCode::Timeout);
    QVERIFY(clock.elapsed() < 10000);
}

QTEST_GUILESS_MAIN(TestSoapSession)
#include "tst_soapsession.moc"
