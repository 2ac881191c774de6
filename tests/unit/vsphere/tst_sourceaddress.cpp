// What an admin types as the source host (GUI field, CLI --source) and the
// https://host:port URL it becomes, or the one-line Usage error it gets.
#include "vsphere/sourceaddress.h"

#include <QTest>

#include "testprinters.h"

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestSourceAddress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
    void withoutPassword_data();
    void withoutPassword();
};

void TestSourceAddress::accepted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("defaultPort");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");

    QTest::newRow("name") << u"esxi01"_s << 443 << u"esxi01"_s << 443;
    QTest::newRow("name, port field") << u"esxi01"_s << 8443 << u"esxi01"_s << 8443;
    QTest::newRow("fqdn, spaces, upper case") << u"  ESXi01.Example.COM "_s << 443 << u"esxi01.example.com"_s << 443;
    QTest::newRow("host:port wins over the field") << u"esxi01:9443"_s << 443 << u"esxi01"_s << 9443;
    QTest::newRow("ipv4") << u"10.0.0.5"_s << 443 << u"10.0.0.5"_s << 443;
    QTest::newRow("ipv4:port") << u"127.0.0.1:40001"_s << 443 << u"127.0.0.1"_s << 40001;
    QTest::newRow("bare ipv6") << u"fe80::1"_s << 443 << u"fe80::1"_s << 443;
    QTest::newRow("bracketed ipv6 with port") << u"[::1]:8443"_s << 443 << u"::1"_s << 8443;
    QTest::newRow("https url") << u"https://vc.example.com"_s << 443 << u"vc.example.com"_s << 443;
    QTest::newRow("HTTPS url, port, slash") << u"HTTPS://vc.example.com:444/"_s << 443 << u"vc.example.com"_s << 444;
    QTest::newRow("pasted sdk url") << u"https://vc.example.com/sdk"_s << 443 << u"vc.example.com"_s << 443;
}

void TestSourceAddress::accepted()
{
    QFETCH(QString, text);
    QFETCH(int, defaultPort);
    QFETCH(QString, host);
    QFETCH(int, port);

    const auto url = parseSourceAddress(text, defaultPort);
    QVERIFY2(url.has_value(), qPrintable(url ? QString() : url.error().message()));
    QCOMPARE(url->scheme(), u"https"_s);
    QCOMPARE(url->host(), host);
    QCOMPARE(url->port(), port);
    QCOMPARE(url->path(), QString());
    QVERIFY(!url->hasQuery());
}

void TestSourceAddress::rejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("defaultPort");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("empty") << QString() << 443 << u"enter the host name"_s;
    QTest::newRow("blank") << u"   "_s << 443 << u"enter the host name"_s;
    QTest::newRow("port zero") << u"esxi01:0"_s << 443 << u"1 to 65535"_s;
    QTest::newRow("port too big") << u"esxi01:65536"_s << 443 << u"1 to 65535"_s;
    QTest::newRow("port not a number") << u"esxi01:https"_s << 443 << u"1 to 65535"_s;
    QTest::newRow("port signed") << u"esxi01:+443"_s << 443 << u"1 to 65535"_s;
    QTest::newRow("port empty") << u"esxi01:"_s << 443 << u"1 to 65535"_s;
    QTest::newRow("port field out of range") << u"esxi01"_s << 70000 << u"1 to 65535"_s;
    QTest::newRow("http") << u"http://esxi01"_s << 443 << u"over https, not 'http'"_s;
    QTest::newRow("ftp") << u"ftp://esxi01"_s << 443 << u"over https"_s;
    QTest::newRow("path") << u"https://esxi01/ui/"_s << 443 << u"remove the path '/ui/'"_s;
    QTest::newRow("path without scheme") << u"esxi01/folder/x"_s << 443 << u"remove the path"_s;
    QTest::newRow("query") << u"esxi01?x=1"_s << 443 << u"remove the query"_s;
    QTest::newRow("user in url") << u"https://root@esxi01"_s << 443 << u"user field"_s;
    QTest::newRow("password in url") << u"https://root:s3cret@esxi01:8443/sdk"_s << 443 << u"user field"_s;
    QTest::newRow("scheme only") << u"https://"_s << 443 << u"names no host"_s;
    QTest::newRow("port only") << u":443"_s << 443 << u"names no host"_s;
    QTest::newRow("unclosed ipv6") << u"[::1:443"_s << 443 << u"closing ']'"_s;
    QTest::newRow("space in host") << u"esxi 01"_s << 443 << u"not a valid host"_s;
}

void TestSourceAddress::rejected()
{
    QFETCH(QString, text);
    QFETCH(int, defaultPort);
    QFETCH(QString, messagePart);

    const auto url = parseSourceAddress(text, defaultPort);
    QVERIFY2(!url.has_value(), qPrintable(url ? url->toString() : QString()));
    QCOMPARE(url.error().code(), ErrorCode::Usage);
    QVERIFY2(url.error().message().contains(messagePart), qPrintable(url.error().message()));
    QVERIFY(!url.error().message().contains(u'\n'));
    QVERIFY2(!url.error().message().contains(u"s3cret"_s), "a password typed into the address is echoed");
}

void TestSourceAddress::withoutPassword_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("url") << u"https://root:s3cret@esxi01/"_s << u"https://root@esxi01/"_s;
    QTest::newRow("port") << u"https://root:s3cret@esxi01:8443/sdk"_s << u"https://root@esxi01:8443/sdk"_s;
    QTest::newRow("no scheme") << u"root:s3cret@esxi01"_s << u"root@esxi01"_s;
    QTest::newRow("password with / @ :") << u"https://root:a/b@c:d@esxi01:99999"_s << u"https://root@esxi01:99999"_s;
    QTest::newRow("user only") << u"https://root@esxi01:443"_s << u"https://root@esxi01:443"_s;
    QTest::newRow("no user") << u"https://esxi01:443/sdk"_s << u"https://esxi01:443/sdk"_s;
    QTest::newRow("IPv6") << u"https://[fe80::1]:443"_s << u"https://[fe80::1]:443"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestSourceAddress::withoutPassword()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(addressWithoutPassword(text), expected);
}

QTEST_GUILESS_MAIN(TestSourceAddress)
#include "tst_sourceaddress.moc"
