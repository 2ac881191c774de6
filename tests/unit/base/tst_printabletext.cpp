// printableText() and the errors that quote what a server sent: no control character
// (ESC, CR, BEL, C1) and no bidi override reaches a terminal; letters in any script stay.
#include "base/printabletext.h"
#include "vsphere/soapfault.h"
#include "vsphere/soapresponse.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

bool hasControl(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control || (c.unicode() >= 0x202a && c.unicode() <= 0x202e))
            return true;
    }
    return false;
}

} // namespace

class TestPrintableText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void printable_data();
    void printable();
    void htmlTitleInSoapError();
    void faultStringInSoapError();
};

void TestPrintableText::printable_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << u"Service Unavailable"_s << u"Service Unavailable"_s;
    QTest::newRow("ESC colour") << u"OK\x1b[31mred"_s << u"OK\\x1b[31mred"_s;
    QTest::newRow("title sequence") << u"\x1b]0;owned\x07"_s << u"\\x1b]0;owned\\x07"_s;
    QTest::newRow("CR rewrites the line") << u"Not Found\rAll good"_s << u"Not Found\\x0dAll good"_s;
    QTest::newRow("LF splits a log line") << u"a\nb"_s << u"a\\x0ab"_s;
    QTest::newRow("BEL") << u"ding\a"_s << u"ding\\x07"_s;
    QTest::newRow("NUL and DEL") << QString(u"a\0b\x7f"_s) << u"a\\x00b\\x7f"_s;
    QTest::newRow("C1 CSI") << u"x\u009b31my"_s << u"x\\x9b31my"_s;
    QTest::newRow("C1 from Latin-1 bytes") << QString::fromLatin1("\x85\x9b\x9f") << u"\\x85\\x9b\\x9f"_s;
    QTest::newRow("bidi override") << u"abc\u202egnp.exe"_s << u"abc\\u202egnp.exe"_s;
    QTest::newRow("UTF-8 letters kept") << QString::fromUtf8("Überfällig – Ошибка 服务器 😀")
                                        << QString::fromUtf8("Überfällig – Ошибка 服务器 😀");
    QTest::newRow("empty") << QString() << QString();
}

void TestPrintableText::printable()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(printableText(text), expected);
}

void TestPrintableText::htmlTitleInSoapError()
{
    const QByteArray page = "<html><head><title>Login\x1b]0;pwned\x07\x1b[2J</title></head><body/></html>";
    const auto response = SoapResponse::parse(u"RetrieveServiceContent"_s, 200, "text/html", page, 1 << 20);
    QVERIFY(!response);
    QVERIFY2(!hasControl(response.error().toString()), qPrintable(response.error().toString()));
    QVERIFY(response.error().details().contains(u"Login\\x1b]0;pwned"_s));
}

void TestPrintableText::faultStringInSoapError()
{
    const QByteArray envelope = "<?xml version=\"1.0\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                                "<soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode>"
                                "<faultstring>broken&#x9b;31m&#x0d;fine&#x85;end</faultstring>"
                                "</soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    const auto response = SoapResponse::parse(u"Login"_s, 500, "text/xml", envelope, 1 << 20);
    QVERIFY2(response && response->isFault(), response ? "no fault" : qPrintable(response.error().toString()));
    const Error error = response->fault().toError(u"Login"_s);
    QVERIFY2(!hasControl(error.toString()), qPrintable(error.toString()));
    QVERIFY2(error.message().contains(u"broken\\x9b31m\\x0dfine\\x85end"_s), qPrintable(error.message()));
}

QTEST_GUILESS_MAIN(TestPrintableText)
#include "tst_printabletext.moc"
