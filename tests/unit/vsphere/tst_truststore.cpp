// Certificate trust: fingerprint spelling, TlsTrust's decision per mode, and the
// persistent per-host store the GUI uses.
#include "vsphere/tlstrust.h"
#include "vsphere/truststore.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslError>
#include <QTemporaryDir>
#include <QTest>

#include "testprinters.h"

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

// openssl x509 -in tests/fixtures/vsphere/selfsigned.pem -noout -fingerprint -sha256
const QString certificateFingerprint = u"B4:86:3F:27:C1:4D:F6:75:06:E9:46:9E:A1:D8:74:6C:A8:D9:07:9B:CA:3C:4B:0C:36:40:5E:3C:20:93:73:73"_s;
const QString otherFingerprint = u"00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"_s;

QSslCertificate fixtureCertificate()
{
    QFile file(QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures/vsphere/selfsigned.pem"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing selfsigned.pem");
    return QSslCertificate(file.readAll(), QSsl::Pem);
}

} // namespace

class TestTrustStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalize_data();
    void normalize();
    void fingerprintOfCertificate();
    void accepts_data();
    void accepts();
    void storeRoundTrip();
    void storeMissingFile();
    void storeCorruptFile();
    void storeDropsBadEntries();
    void storeRejectsBadFingerprint();
    void hostKey_data();
    void hostKey();
};

void TestTrustStore::normalize_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    const QString hex = u"b4863f27c14df67506e9469ea1d8746ca8d9079bca3c4b0c36405e3c20937373"_s;
    QTest::newRow("lower hex") << hex << certificateFingerprint;
    QTest::newRow("colons") << certificateFingerprint << certificateFingerprint;
    QTest::newRow("lower colons") << certificateFingerprint.toLower() << certificateFingerprint;
    QTest::newRow("spaces") << certificateFingerprint.toLower().replace(u':', u' ') << certificateFingerprint;
    QTest::newRow("too short") << hex.left(62) << QString();
    QTest::newRow("sha1 length") << u"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"_s << QString();
    QTest::newRow("not hex") << hex.left(63) + u'g' << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestTrustStore::normalize()
{
    QFETCH(QString, input);
    QTEST(TlsTrust::normalizeFingerprint(input), "expected");
}

void TestTrustStore::fingerprintOfCertificate()
{
    const QSslCertificate certificate = fixtureCertificate();
    QVERIFY(!certificate.isNull());
    QCOMPARE(TlsTrust::fingerprint(certificate), certificateFingerprint);
}

void TestTrustStore::accepts_data()
{
    QTest::addColumn<int>("mode"); // 0 system, 1 pinned to the certificate, 2 pinned to another, 3 insecure
    QTest::addColumn<bool>("withErrors");
    QTest::addColumn<bool>("nullPeer");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("system, CA-valid") << 0 << false << false << true;
    QTest::newRow("system, self-signed") << 0 << true << false << false;
    QTest::newRow("pinned, match, self-signed") << 1 << true << false << true;
    QTest::newRow("pinned, match, CA-valid") << 1 << false << false << true;
    QTest::newRow("pinned, other") << 2 << true << false << false;
    QTest::newRow("pinned, other, CA-valid") << 2 << false << false << false;
    QTest::newRow("pinned, no certificate") << 1 << true << true << false;
    QTest::newRow("insecure") << 3 << true << false << true;
}

void TestTrustStore::accepts()
{
    QFETCH(int, mode);
    QFETCH(bool, withErrors);
    QFETCH(bool, nullPeer);
    const QSslCertificate certificate = fixtureCertificate();
    const TlsTrust trust = mode == 0 ? TlsTrust::system()
        : mode == 1                  ? TlsTrust::pinned(certificateFingerprint.toLower())
        : mode == 2                  ? TlsTrust::pinned(otherFingerprint)
                                     : TlsTrust::insecure();
    QList<QSslError> errors;
    if (withErrors)
        errors.append(QSslError(QSslError::SelfSignedCertificate, certificate));
    QTEST(trust.accepts(nullPeer ? QSslCertificate() : certificate, errors), "accepted");
}

void TestTrustStore::storeRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"sub/trusted-hosts.json"_s);
    TrustStore store(path);
    QVERIFY(store.load());
    QVERIFY(store.setFingerprint(u"esxi1:443"_s, certificateFingerprint.toLower()));
    QVERIFY(store.setFingerprint(u"vc:8443"_s, otherFingerprint));
    QVERIFY(store.save());

    TrustStore reread(path);
    QVERIFY(reread.load());
    QCOMPARE(reread.fingerprint(u"esxi1:443"_s), certificateFingerprint);
    QCOMPARE(reread.fingerprint(u"vc:8443"_s), otherFingerprint);
    QCOMPARE(reread.fingerprint(u"unknown:443"_s), QString());
    reread.remove(u"vc:8443"_s);
    QVERIFY(reread.save());

    TrustStore third(path);
    QVERIFY(third.load());
    QCOMPARE(third.hosts(), QStringList{u"esxi1:443"_s});
}

void TestTrustStore::storeMissingFile()
{
    QTemporaryDir dir;
    TrustStore store(dir.filePath(u"none.json"_s));
    QVERIFY(store.load());
    QVERIFY(store.hosts().isEmpty());
}

void TestTrustStore::storeCorruptFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"broken.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"hosts\": {\"a:443\": ");
    file.close();
    TrustStore store(path);
    auto loaded = store.load();
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code(), ErrorCode::Io);
    QVERIFY(loaded.error().message().contains(path));
}

void TestTrustStore::storeDropsBadEntries()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"mixed.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(("{\"version\":1,\"hosts\":{\"good:443\":\"" + certificateFingerprint.toLatin1()
                + "\",\"bad:443\":\"not-a-fingerprint\",\"number:443\":5}}"));
    file.close();
    TrustStore store(path);
    QVERIFY(store.load());
    QCOMPARE(store.hosts(), QStringList{u"good:443"_s});
}

void TestTrustStore::storeRejectsBadFingerprint()
{
    QTemporaryDir dir;
    TrustStore store(dir.filePath(u"x.json"_s));
    auto set = store.setFingerprint(u"host:443"_s, u"AB:CD"_s);
    QVERIFY(!set);
    QCOMPARE(set.error().code(), ErrorCode::Usage);
    QVERIFY(store.hosts().isEmpty());
}

void TestTrustStore::hostKey_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("key");
    QTest::newRow("default port") << u"https://ESXi.Example.com"_s << u"esxi.example.com:443"_s;
    QTest::newRow("explicit port") << u"https://10.0.0.5:8443/sdk"_s << u"10.0.0.5:8443"_s;
}

void TestTrustStore::hostKey()
{
    QFETCH(QString, url);
    QTEST(TrustStore::hostKey(QUrl(url)), "key");
}

QTEST_GUILESS_MAIN(TestTrustStore)
#include "tst_truststore.moc"
