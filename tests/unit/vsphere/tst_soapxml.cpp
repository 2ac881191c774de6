// The vim25 wire layer without a network: request envelopes, the XML tree reader,
// SOAP responses and faults, service content and RetrievePropertiesEx pages.
#include "vsphere/propertycollector.h"
#include "vsphere/retrieveresult.h"
#include "vsphere/servicecontent.h"
#include "vsphere/soapenvelope.h"
#include "vsphere/soapresponse.h"
#include "vsphere/xmltreereader.h"

#include <QFile>
#include <QTest>

#include "testprinters.h"

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures/vsphere/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return file.readAll();
}

QByteArray envelope(const QByteArray &bodyContent)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
           " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soapenv:Body>"
        + bodyContent + "</soapenv:Body></soapenv:Envelope>";
}

QByteArray fault(const QByteArray &type, const QByteArray &text)
{
    return envelope("<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>" + text + "</faultstring><detail><" + type
                    + "Fault xmlns=\"urn:vim25\" xsi:type=\"" + type + "\"></" + type + "Fault></detail></soapenv:Fault>");
}

// <a a0="" a1="" ...></a>: one start tag with n attributes.
QByteArray manyAttributes(int n)
{
    QByteArray xml = "<a";
    for (int i = 0; i < n; ++i)
        xml += " a" + QByteArray::number(i) + "=\"\"";
    return xml + "></a>";
}

} // namespace

class TestSoapXml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void envelopeRoundTrip_data();
    void envelopeRoundTrip();
    void treeReaderRejects_data();
    void treeReaderRejects();
    void treeReaderGuardReadsOnlyTags();
    void treeReaderNamespaces();
    void responseErrors_data();
    void responseErrors();
    void faults_data();
    void faults();
    void wrongMethodResponse();
    void serviceContent_data();
    void serviceContent();
    void serviceContentBroken_data();
    void serviceContentBroken();
    void retrievePages();
    void retrieveObjectWithoutRef();
    void retrieveArguments();
    void typedValues_data();
    void typedValues();
};

void TestSoapXml::envelopeRoundTrip_data()
{
    QTest::addColumn<QString>("password");
    QTest::newRow("plain") << u"secret"_s;
    QTest::newRow("markup") << u"<a&b>\"c'd"_s;
    QTest::newRow("cdata end") << u"]]>x"_s;
    QTest::newRow("carriage return") << u"a\r\nb"_s;
    QTest::newRow("unicode") << u"pässwörd✓𝄞"_s;
}

void TestSoapXml::envelopeRoundTrip()
{
    QFETCH(QString, password);
    const QByteArray args = SoapEnvelope::element(u"userName"_s, u"root"_s) + SoapEnvelope::element(u"password"_s, password);
    const QByteArray request = SoapEnvelope::build(u"Login"_s, {u"SessionManager"_s, u"ha-sessionmgr"_s}, args);
    auto tree = XmlTreeReader::read(request);
    QVERIFY2(tree, qPrintable(tree ? QString() : tree.error().toString()));
    const XmlElement *login = tree->find(u"Body.Login");
    QVERIFY(login);
    QCOMPARE(login->child(u"_this")->attribute(u"type"), u"SessionManager"_s);
    QCOMPARE(login->childText(u"_this"), u"ha-sessionmgr"_s);
    QCOMPARE(login->childText(u"password"), password);
    // XSD order: _this, userName, password.
    QCOMPARE(login->children().at(1).name(), u"userName"_s);
}

void TestSoapXml::treeReaderRejects_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("contains");
    QTest::newRow("empty") << QByteArray() << u"empty"_s;
    QTest::newRow("truncated") << QByteArray("<a><b>text</b><c>") << u"truncated"_s;
    QTest::newRow("mismatched") << QByteArray("<a><b></a></b>") << u"not well-formed"_s;
    QTest::newRow("not xml") << QByteArray("Service Unavailable") << u"not well-formed"_s;
    QTest::newRow("dtd") << QByteArray("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>") << u"DTD"_s;
    QTest::newRow("deep") << QByteArray("<a>").repeated(300) + QByteArray("</a>").repeated(300) << u"deeper"_s;
    // QXmlStreamReader's pairwise duplicate check took minutes on this one tag.
    QTest::newRow("300000 attributes") << manyAttributes(300000) << u"more than 64 attributes"_s;
    QTest::newRow("65 attributes") << manyAttributes(65) << u"more than 64 attributes"_s;
    QTest::newRow("long tag") << "<a" + QByteArray(70000, ' ') + "/>" << u"longer than 65536 bytes"_s;
    QTest::newRow("long name") << "<" + QByteArray(70000, 'a') + "/>" << u"longer than 65536 bytes"_s;
}

void TestSoapXml::treeReaderRejects()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, contains);
    auto tree = XmlTreeReader::read(xml);
    QVERIFY(!tree);
    QCOMPARE(tree.error().code(), ErrorCode::Protocol);
    QVERIFY2(tree.error().message().contains(contains), qPrintable(tree.error().toString()));
}

// What looks like attributes in comments, CDATA or quoted values is not counted.
void TestSoapXml::treeReaderGuardReadsOnlyTags()
{
    const QByteArray equals(100, '=');
    const QByteArray xml = "<?xml version=\"1.0\"?><!-- " + equals + " --><r a=\"" + equals + "> '\" b='\"" + equals + "'>"
        + manyAttributes(64) + "<![CDATA[<c " + equals + ">]]></r>";
    auto tree = XmlTreeReader::read(xml);
    QVERIFY2(tree, tree ? "" : qPrintable(tree.error().toString()));
    QCOMPARE(tree->attribute(u"b"), QString::fromLatin1("\"" + equals));
    QCOMPARE(tree->children().size(), 1);
}

void TestSoapXml::treeReaderNamespaces()
{
    // govmomi spells the xsi prefix "XMLSchema-instance"; both must give the same type.
    const QByteArray xml
        = "<r xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
          "<v xsi:type=\"xsd:int\">1</v>"
          "<v xmlns:XMLSchema-instance=\"http://www.w3.org/2001/XMLSchema-instance\" XMLSchema-instance:type=\"xsd:int\">2</v>"
          "<v type=\"Folder\">group-d1</v></r>";
    auto tree = XmlTreeReader::read(xml);
    QVERIFY(tree);
    const auto values = tree->childrenNamed(u"v");
    QCOMPARE(values.size(), 3);
    QCOMPARE(values[0]->xsiType(), u"int"_s);
    QCOMPARE(values[1]->xsiType(), u"int"_s);
    QCOMPARE(values[2]->xsiType(), QString());
    QCOMPARE(values[2]->attribute(u"type"), u"Folder"_s);
}

void TestSoapXml::responseErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("contains");

    const qint64 max = SoapResponse::defaultMaxBytes;
    QTest::newRow("html 404") << 404 << QByteArray("text/html")
                              << QByteArray("<!DOCTYPE html><html><head><title>404 Not Found</title></head><body>no</body></html>") << max
                              << ErrorCode::Protocol << u"HTML page"_s;
    QTest::newRow("html 200 unlabelled") << 200 << QByteArray() << QByteArray("<html><body>login portal</body></html>") << max
                                         << ErrorCode::Protocol << u"HTML page"_s;
    QTest::newRow("truncated") << 200 << QByteArray("text/xml")
                               << envelope("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>").left(150) << max
                               << ErrorCode::Protocol << u"truncated"_s;
    QTest::newRow("plain text 503") << 503 << QByteArray("text/plain") << QByteArray("Service Unavailable") << max << ErrorCode::Protocol
                                    << u"HTTP 503"_s;
    QTest::newRow("plain text 500") << 500 << QByteArray("text/plain") << QByteArray("not yet") << max << ErrorCode::Protocol
                                    << u"HTTP 500"_s;
    QTest::newRow("empty 502") << 502 << QByteArray() << QByteArray() << max << ErrorCode::Protocol << u"empty body"_s;
    QTest::newRow("401") << 401 << QByteArray() << QByteArray() << max << ErrorCode::Auth << u"401"_s;
    QTest::newRow("not an envelope") << 200 << QByteArray("text/xml") << QByteArray("<foo/>") << max << ErrorCode::Protocol
                                     << u"not a SOAP envelope"_s;
    QTest::newRow("empty body element") << 200 << QByteArray("text/xml") << envelope("") << max << ErrorCode::Protocol << u"empty body"_s;
    QTest::newRow("huge") << 200 << QByteArray("text/xml")
                          << envelope("<RetrievePropertiesExResponse>" + QByteArray(4096, ' ') + "</RetrievePropertiesExResponse>")
                          << qint64(1024) << ErrorCode::Protocol << u"exceeds"_s;
    QTest::newRow("success with 500") << 500 << QByteArray("text/xml") << envelope("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"/>")
                                      << max << ErrorCode::Protocol << u"HTTP 500"_s;
}

void TestSoapXml::responseErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(qint64, maxBytes);
    QFETCH(ErrorCode, code);
    QFETCH(QString, contains);
    auto response = SoapResponse::parse(u"RetrievePropertiesEx"_s, status, contentType, body, maxBytes);
    QVERIFY(!response);
    QCOMPARE(response.error().code(), code);
    QVERIFY2(response.error().message().contains(contains), qPrintable(response.error().toString()));
    QVERIFY(!response.error().message().contains(u'\n'));
}

void TestSoapXml::faults_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("notAuthenticated");
    QTest::addColumn<ErrorCode>("code");

    QTest::newRow("InvalidLogin") << fault("InvalidLogin", "Cannot complete login due to an incorrect user name or password.")
                                  << u"InvalidLogin"_s << false << ErrorCode::Auth;
    QTest::newRow("NotAuthenticated") << fault("NotAuthenticated", "") << u"NotAuthenticated"_s << true << ErrorCode::Auth;
    QTest::newRow("NoPermission") << fault("NoPermission", "Permission to perform this operation was denied.") << u"NoPermission"_s << false
                                  << ErrorCode::Auth;
    QTest::newRow("ManagedObjectNotFound") << fault("ManagedObjectNotFound", "The object has already been deleted")
                                           << u"ManagedObjectNotFound"_s << false << ErrorCode::SoapFault;
    // Some proxies strip xsi:type; the element name still says what happened.
    QTest::newRow("untyped") << envelope("<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>x</faultstring>"
                                         "<detail><NotAuthenticatedFault xmlns=\"urn:vim25\"/></detail></soapenv:Fault>")
                             << u"NotAuthenticated"_s << true << ErrorCode::Auth;
    QTest::newRow("no detail") << envelope(
        "<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>Unable to parse</faultstring></soapenv:Fault>")
                               << QString() << false << ErrorCode::SoapFault;
}

void TestSoapXml::faults()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, type);
    QFETCH(bool, notAuthenticated);
    QFETCH(ErrorCode, code);
    auto response = SoapResponse::parse(u"Login"_s, 500, "text/xml; charset=utf-8", body);
    QVERIFY2(response, qPrintable(response ? QString() : response.error().toString()));
    QVERIFY(response->isFault());
    QCOMPARE(response->fault().faultType(), type);
    QCOMPARE(response->fault().isNotAuthenticated(), notAuthenticated);
    const Error error = response->fault().toError(u"Login"_s);
    QCOMPARE(error.code(), code);
    QCOMPARE(SoapFault::typeOf(error), type);
    QVERIFY(!error.message().isEmpty());
}

void TestSoapXml::wrongMethodResponse()
{
    auto response = SoapResponse::parse(u"Login"_s, 200, "text/xml", fixture(u"esxi8-servicecontent.xml"_s));
    QVERIFY(!response);
    QCOMPARE(response.error().code(), ErrorCode::Protocol);
    QVERIFY(response.error().message().contains(u"RetrieveServiceContentResponse"));
}

void TestSoapXml::serviceContent_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("rootFolder");
    QTest::addColumn<QString>("propertyCollector");
    QTest::addColumn<ApiType>("apiType");
    QTest::addColumn<QString>("apiVersion");
    QTest::addColumn<QString>("fullName");
    QTest::newRow("esxi 8") << u"esxi8-servicecontent.xml"_s << u"ha-folder-root"_s << u"ha-property-collector"_s << ApiType::HostAgent
                            << u"8.0.2.0"_s << u"VMware ESXi 8.0.2 build-22380479"_s;
    QTest::newRow("vcsim vpx") << u"vcsim-vpx-servicecontent.xml"_s << u"group-d1"_s << u"propertyCollector"_s << ApiType::VirtualCenter
                               << u"6.5"_s << u"VMware vCenter Server 6.5.0 build-5973321"_s;
}

void TestSoapXml::serviceContent()
{
    QFETCH(QString, file);
    QFETCH(QString, rootFolder);
    QFETCH(QString, propertyCollector);
    QFETCH(ApiType, apiType);
    QFETCH(QString, apiVersion);
    QFETCH(QString, fullName);
    auto response = SoapResponse::parse(u"RetrieveServiceContent"_s, 200, "text/xml", fixture(file));
    QVERIFY(response && !response->isFault());
    auto content = ServiceContent::fromElement(*response->body().child(u"returnval"));
    QVERIFY2(content, qPrintable(content ? QString() : content.error().toString()));
    QCOMPARE(content->rootFolder.value, rootFolder);
    QCOMPARE(content->rootFolder.type, u"Folder"_s);
    QCOMPARE(content->propertyCollector.value, propertyCollector);
    QCOMPARE(content->viewManager.value, u"ViewManager"_s);
    QCOMPARE(toString(content->about.apiType), toString(apiType));
    QCOMPARE(content->about.apiVersion, apiVersion);
    QCOMPARE(content->about.fullName, fullName);
    QVERIFY(!content->sessionManager.isNull());
}

void TestSoapXml::serviceContentBroken_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("contains");
    QTest::newRow("no view manager") << QByteArray("<viewManager type=\"ViewManager\">ViewManager</viewManager>") << QByteArray()
                                     << u"viewManager"_s;
    QTest::newRow("unknown api type") << QByteArray("<apiType>HostAgent</apiType>") << QByteArray("<apiType>Workstation</apiType>")
                                      << u"Workstation"_s;
    QTest::newRow("no api version") << QByteArray("<apiVersion>8.0.2.0</apiVersion>") << QByteArray() << u"API version"_s;
}

void TestSoapXml::serviceContentBroken()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, contains);
    const QByteArray xml = fixture(u"esxi8-servicecontent.xml"_s).replace(from, to);
    auto response = SoapResponse::parse(u"RetrieveServiceContent"_s, 200, "text/xml", xml);
    QVERIFY(response);
    auto content = ServiceContent::fromElement(*response->body().child(u"returnval"));
    QVERIFY(!content);
    QCOMPARE(content.error().code(), ErrorCode::Protocol);
    QVERIFY2(content.error().message().contains(contains), qPrintable(content.error().toString()));
}

void TestSoapXml::retrievePages()
{
    const QByteArray page = envelope(
        "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><token>tok-1</token>"
        "<objects><obj type=\"Datastore\">ds-1</obj><propSet><name>name</name><val xsi:type=\"xsd:string\">ds 1</val></propSet></objects>"
        "</returnval></RetrievePropertiesExResponse>");
    auto response = SoapResponse::parse(u"RetrievePropertiesEx"_s, 200, "text/xml", page);
    QVERIFY(response);
    auto result = RetrieveResult::fromResponse(response->body());
    QVERIFY(result);
    QCOMPARE(result->token, u"tok-1"_s);
    QCOMPARE(result->objects.size(), 1);
    QCOMPARE(result->objects[0].obj, (ManagedObjectRef{u"Datastore"_s, u"ds-1"_s}));
    QCOMPARE(result->objects[0].property(u"name"_s)->text(), u"ds 1"_s);
    QVERIFY(!result->objects[0].property(u"summary.url"_s));

    // ESXi answers an empty body when nothing matched.
    auto empty = SoapResponse::parse(u"RetrievePropertiesEx"_s, 200, "text/xml",
                                     envelope("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"></RetrievePropertiesExResponse>"));
    QVERIFY(empty);
    auto none = RetrieveResult::fromResponse(empty->body());
    QVERIFY(none);
    QVERIFY(none->objects.isEmpty());
    QVERIFY(none->token.isEmpty());
}

void TestSoapXml::retrieveObjectWithoutRef()
{
    const QByteArray page = envelope("<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval>"
                                     "<objects><propSet><name>name</name><val>x</val></propSet></objects>"
                                     "</returnval></RetrievePropertiesExResponse>");
    auto response = SoapResponse::parse(u"RetrievePropertiesEx"_s, 200, "text/xml", page);
    QVERIFY(response);
    auto result = RetrieveResult::fromResponse(response->body());
    QVERIFY(!result);
    QCOMPARE(result.error().code(), ErrorCode::Protocol);
}

void TestSoapXml::retrieveArguments()
{
    const QList<PropertySpec> specs{{u"Network"_s, {u"name"_s}}, {u"DistributedVirtualPortgroup"_s, {u"name"_s, u"key"_s}}};
    const ManagedObjectRef view{u"ContainerView"_s, u"session[52]abc"_s};
    const QByteArray request = SoapEnvelope::build(u"RetrievePropertiesEx"_s, {u"PropertyCollector"_s, u"ha-property-collector"_s},
                                                   PropertyCollector::retrieveArguments(view, specs, 25));
    auto tree = XmlTreeReader::read(request);
    QVERIFY(tree);
    const XmlElement *method = tree->find(u"Body.RetrievePropertiesEx");
    QVERIFY(method);
    const XmlElement *specSet = method->child(u"specSet");
    QCOMPARE(specSet->childrenNamed(u"propSet").size(), 2);
    QCOMPARE(specSet->childrenNamed(u"propSet")[1]->childrenNamed(u"pathSet").size(), 2);
    QCOMPARE(specSet->find(u"objectSet.obj")->text(), view.value);
    QCOMPARE(specSet->find(u"objectSet.selectSet")->xsiType(), u"TraversalSpec"_s);
    QCOMPARE(specSet->find(u"objectSet.selectSet.path")->text(), u"view"_s);
    QCOMPARE(method->find(u"options.maxObjects")->text(), u"25"_s);

    const QByteArray create = SoapEnvelope::build(u"CreateContainerView"_s, {u"ViewManager"_s, u"ViewManager"_s},
                                                  PropertyCollector::createViewArguments({u"Datacenter"_s, u"ha-datacenter"_s}, specs));
    auto createTree = XmlTreeReader::read(create);
    QVERIFY(createTree);
    const XmlElement *createView = createTree->find(u"Body.CreateContainerView");
    QCOMPARE(createView->childText(u"container"), u"ha-datacenter"_s);
    QCOMPARE(createView->childrenNamed(u"type").size(), 2);
    QCOMPARE(createView->children().last().name(), u"recursive"_s);
}

void TestSoapXml::typedValues_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isInteger");
    QTest::addColumn<bool>("isBool");
    QTest::newRow("integer") << u"42"_s << true << false;
    QTest::newRow("padded integer") << u" 42\n"_s << true << false;
    QTest::newRow("bool") << u"true"_s << false << true;
    QTest::newRow("words") << u"four"_s << false << false;
    QTest::newRow("empty") << QString() << false << false;
    QTest::newRow("overflow") << u"99999999999999999999999"_s << false << false;
}

void TestSoapXml::typedValues()
{
    QFETCH(QString, text);
    QFETCH(bool, isInteger);
    QFETCH(bool, isBool);
    const XmlElement element(u"numCPU"_s, text);
    QCOMPARE(element.toInteger().has_value(), isInteger);
    QCOMPARE(element.toBool().has_value(), isBool);
    if (!isInteger) {
        QCOMPARE(element.toInteger().error().code(), ErrorCode::Protocol);
        QVERIFY(element.toInteger().error().message().contains(u"numCPU"));
    }
}

QTEST_GUILESS_MAIN(TestSoapXml)
#include "tst_soapxml.moc"
