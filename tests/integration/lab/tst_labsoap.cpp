// ferry-lab's vim25 /sdk through QNetworkAccessManager, as any SOAP client sees it:
// service content, login and faults, container views and RetrievePropertiesEx with
// paging, and NotAuthenticated once a session idles out.

#include "labtestclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

struct SoapReply
{
    int status = 0;
    QByteArray body;
    QList<QNetworkCookie> cookies;
};

QByteArray envelope(const QByteArray &call)
{
    // Kept apart from the code moc reads: moc takes "//" in raw strings for a comment.
    static const QByteArray head = QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=")
        + "\"http:/"
          "/schemas.xmlsoap.org/soap/envelope/\" xmlns:xsi=\"http:/"
          "/www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>";
    return head + call + "</soapenv:Body></soapenv:Envelope>";
}

// Every text of elements with this local name, in document order.
QStringList texts(const QByteArray &xml, const QString &element)
{
    QXmlStreamReader reader(xml);
    QStringList out;
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement && reader.name() == element)
            out.append(reader.readElementText(QXmlStreamReader::IncludeChildElements));
    }
    return out;
}

QByteArray retrieveVms(const QString &view, const QByteArray &paths, int maxObjects)
{
    return R"(<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">ha-property-collector</_this><specSet>)"
           "<propSet><type>VirtualMachine</type><all>false</all>"
        + paths
        + "</propSet>"
          R"(<objectSet><obj type="ContainerView">)"
        + view.toUtf8()
        + "</obj><skip>true</skip>"
          R"(<selectSet xsi:type="TraversalSpec"><name>v</name><type>ContainerView</type><path>view</path><skip>false</skip></selectSet>)"
          "</objectSet></specSet><options><maxObjects>"
        + QByteArray::number(maxObjects) + "</maxObjects></options></RetrievePropertiesEx>";
}

// RetrievePropertiesEx answer -> per object, property name -> text.
QList<QHash<QString, QString>> objectProperties(const QByteArray &xml)
{
    QList<QHash<QString, QString>> out;
    QXmlStreamReader reader(xml);
    QString name;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (reader.name() == u"objects")
            out.append(QHash<QString, QString>());
        else if (reader.name() == u"name" && !out.isEmpty())
            name = reader.readElementText();
        else if (reader.name() == u"val" && !out.isEmpty())
            out.last().insert(name, reader.readElementText(QXmlStreamReader::IncludeChildElements));
    }
    return out;
}

// Bytes a directory's files take on disk (st_blocks * 512) and their apparent sizes.
std::pair<qint64, qint64> directoryUsage(const QString &path)
{
    qint64 allocated = 0;
    qint64 apparent = 0;
    for (const QFileInfo &file : QDir(path).entryInfoList(QDir::Files)) {
        struct stat info = {};
        if (::stat(QFile::encodeName(file.filePath()).constData(), &info) == 0)
            allocated += qint64(info.st_blocks) * 512;
        apparent += file.size();
    }
    return {allocated, apparent};
}

} // namespace

class TestLabSoap : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;
    std::unique_ptr<LabSource> m_lab;
    QNetworkAccessManager m_manager;

    SoapReply call(const SourceEndpoint &endpoint, const QByteArray &body, const QByteArray &cookie = {})
    {
        QNetworkRequest request(endpoint.sdkUrl());
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"text/xml; charset=\"utf-8\""_s);
        request.setRawHeader("SOAPAction", "urn:vim25/8.0.2.0");
        if (!cookie.isEmpty())
            request.setRawHeader("Cookie", cookie);
        QNetworkReply *reply = m_manager.post(request, envelope(body));
        // The test accepts any certificate; pinning has its own tests in tst_labfolder.
        TlsTrust::insecure().apply(reply);
        QSignalSpy done(reply, &QNetworkReply::finished);
        SoapReply result;
        if (!done.wait(20000))
            return result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.cookies = reply->header(QNetworkRequest::SetCookieHeader).value<QList<QNetworkCookie>>();
        reply->deleteLater();
        return result;
    }

    QByteArray login(const SourceEndpoint &endpoint)
    {
        const SoapReply reply = call(endpoint,
                                     R"(<Login xmlns="urn:vim25"><_this type="SessionManager">ha-sessionmgr</_this><userName>)"
                                         + endpoint.user.toUtf8() + "</userName><password>" + endpoint.password.toUtf8()
                                         + "</password></Login>");
        if (reply.status != 200 || reply.cookies.isEmpty())
            return {};
        return reply.cookies.first().toRawForm(QNetworkCookie::NameAndValueOnly);
    }

    QString containerView(const SourceEndpoint &endpoint, const QByteArray &cookie, const QByteArray &type)
    {
        const SoapReply reply = call(endpoint,
                                     R"(<CreateContainerView xmlns="urn:vim25"><_this type="ViewManager">ViewManager</_this>)"
                                     R"(<container type="Folder">ha-folder-root</container><type>)"
                                         + type + "</type><recursive>true</recursive></CreateContainerView>",
                                     cookie);
        return texts(reply.body, u"returnval"_s).value(0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        m_lab = startLab(m_data.path(), {u"--extra-vms"_s, u"5"_s});
        QVERIFY(m_lab);
    }

    void cleanupTestCase() { m_lab.reset(); }

    void serviceContentWithoutSession()
    {
        const SoapReply reply = call(
            m_lab->endpoint(),
            R"(<RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent>)");
        QCOMPARE(reply.status, 200);
        QCOMPARE(texts(reply.body, u"apiType"_s), QStringList{u"HostAgent"_s});
        QCOMPARE(texts(reply.body, u"apiVersion"_s), QStringList{u"8.0.2.0"_s});
        QCOMPARE(texts(reply.body, u"productLineId"_s), QStringList{u"embeddedEsx"_s});
        QCOMPARE(texts(reply.body, u"fullName"_s), QStringList{u"VMware ESXi 8.0.2 build-22380479"_s});
        QCOMPARE(texts(reply.body, u"rootFolder"_s), QStringList{u"ha-folder-root"_s});
        QCOMPARE(texts(reply.body, u"propertyCollector"_s), QStringList{u"ha-property-collector"_s});
        QCOMPARE(texts(reply.body, u"sessionManager"_s), QStringList{u"ha-sessionmgr"_s});
    }

    // One start tag with 300 000 attributes used to pin a lab core for minutes in
    // QXmlStreamReader's pairwise duplicate check; now it is a fault at once.
    void hostileAttributesAreRefused()
    {
        QByteArray body = R"(<RetrieveServiceContent xmlns="urn:vim25")";
        for (int i = 0; i < 300000; ++i)
            body += " a" + QByteArray::number(i) + "=\"\"";
        body += R"(><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent>)";
        const SoapReply reply = call(m_lab->endpoint(), body);
        QCOMPARE(reply.status, 500);
        QVERIFY2(reply.body.contains("more than 64 attributes"), reply.body.left(500).constData());
    }

    void loginAndFaults()
    {
        SourceEndpoint wrong = m_lab->endpoint();
        wrong.password = u"not-it"_s;
        QVERIFY(login(wrong).isEmpty());
        const SoapReply bad = call(
            wrong,
            R"(<Login xmlns="urn:vim25"><_this type="SessionManager">ha-sessionmgr</_this><userName>root</userName><password>x</password></Login>)");
        QCOMPARE(bad.status, 500);
        QVERIFY(bad.body.contains(R"(xsi:type="InvalidLogin")"));

        const SoapReply anonymous = call(m_lab->endpoint(), retrieveVms(u"x"_s, "<pathSet>name</pathSet>", 10));
        QCOMPARE(anonymous.status, 500);
        QVERIFY(anonymous.body.contains(R"(xsi:type="NotAuthenticated")"));

        const QByteArray cookie = login(m_lab->endpoint());
        QVERIFY(cookie.startsWith("vmware_soap_session="));
        const SoapReply unknown = call(m_lab->endpoint(),
                                       R"(<PowerOnVM_Task xmlns="urn:vim25"><_this type="VirtualMachine">1</_this></PowerOnVM_Task>)",
                                       cookie);
        QCOMPARE(unknown.status, 500);
        QVERIFY(unknown.body.contains(R"(xsi:type="MethodNotFound")"));
        const SoapReply logout = call(m_lab->endpoint(),
                                      R"(<Logout xmlns="urn:vim25"><_this type="SessionManager">ha-sessionmgr</_this></Logout>)", cookie);
        QCOMPARE(logout.status, 200);
        QVERIFY(call(m_lab->endpoint(),
                     R"(<CurrentTime xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></CurrentTime>)", cookie)
                    .body.contains("NotAuthenticated"));
    }

    // PowerOffVM_Task returns a Task that already succeeded and the VM reads poweredOff; a
    // VM that is off refuses both calls. A lab of its own: the shared one keeps its
    // running VM.
    void powerCalls()
    {
        const auto lab = startLab(m_data.path());
        QVERIFY(lab);
        const SourceEndpoint endpoint = lab->endpoint();
        const QByteArray cookie = login(endpoint);
        const QString view = containerView(endpoint, cookie, "VirtualMachine");
        const SoapReply names = call(endpoint, retrieveVms(view, "<pathSet>name</pathSet>", 100), cookie);
        const QRegularExpression running(
            uR"(<obj type="VirtualMachine">([^<]+)</obj><propSet><name>name</name><val xsi:type="xsd:string">running</val>)"_s);
        const QString vm = running.match(QString::fromUtf8(names.body)).captured(1);
        QVERIFY2(!vm.isEmpty(), names.body.constData());
        const auto powerState = [&](const QString &moref) {
            const SoapReply reply = call(
                endpoint,
                R"(<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">ha-property-collector</_this><specSet><propSet><type>VirtualMachine</type><pathSet>runtime.powerState</pathSet></propSet><objectSet><obj type="VirtualMachine">)"
                    + moref.toUtf8() + "</obj><skip>false</skip></objectSet></specSet><options></options></RetrievePropertiesEx>",
                cookie);
            return texts(reply.body, u"val"_s).value(0);
        };
        const auto invoke = [&](const char *method, const QString &moref) {
            return call(endpoint,
                        QByteArray("<") + method + R"( xmlns="urn:vim25"><_this type="VirtualMachine">)" + moref.toUtf8() + "</_this></"
                            + method + ">",
                        cookie);
        };
        // (ShutdownGuest and its 2 s are exercised by tst_migrate's shutdownSourceOnTheLab.)
        QCOMPARE(powerState(vm), u"poweredOn"_s);
        const SoapReply off = invoke("PowerOffVM_Task", vm);
        QCOMPARE(off.status, 200);
        const QString task = texts(off.body, u"returnval"_s).value(0);
        QVERIFY2(!task.isEmpty() && off.body.contains(R"(<returnval type="Task">)"), off.body.constData());
        const SoapReply info = call(
            endpoint,
            R"(<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">ha-property-collector</_this><specSet><propSet><type>Task</type><pathSet>info.state</pathSet></propSet><objectSet><obj type="Task">)"
                + task.toUtf8() + "</obj><skip>false</skip></objectSet></specSet><options></options></RetrievePropertiesEx>",
            cookie);
        QCOMPARE(texts(info.body, u"val"_s).value(0), u"success"_s);
        QCOMPARE(powerState(vm), u"poweredOff"_s);
        const SoapReply shutdown = invoke("ShutdownGuest", vm);
        QCOMPARE(shutdown.status, 500);
        QVERIFY(shutdown.body.contains(R"(xsi:type="InvalidPowerState")"));
        QVERIFY(invoke("PowerOffVM_Task", vm).body.contains("InvalidPowerState"));
        QVERIFY(invoke("PowerOffVM_Task", u"no-such-vm"_s).body.contains("ManagedObjectNotFound"));
    }

    void vmsThroughContainerView()
    {
        const QByteArray cookie = login(m_lab->endpoint());
        const QString view = containerView(m_lab->endpoint(), cookie, "VirtualMachine");
        QVERIFY(view.startsWith(u"session["_s));
        const SoapReply reply = call(m_lab->endpoint(),
                                     retrieveVms(view,
                                                 "<pathSet>name</pathSet><pathSet>config.firmware</pathSet>"
                                                 "<pathSet>snapshot</pathSet><pathSet>no.such.path</pathSet>",
                                                 100),
                                     cookie);
        QCOMPARE(reply.status, 200);
        const QStringList names = texts(reply.body, u"name"_s);
        for (const QString &vm : {u"tiny-linux-bios"_s, u"tiny-linux-efi"_s, u"multi-disk"_s, u"snapshotted"_s, u"rdm-vm"_s, u"running"_s,
                                  u"boot-bios"_s, u"boot-efi"_s, u"filler-005"_s})
            QVERIFY2(reply.body.contains(QByteArray("<val xsi:type=\"xsd:string\">" + vm.toUtf8() + "</val>")), qPrintable(vm));
        QVERIFY(!names.contains(u"no.such.path"_s));                             // unknown paths are left out
        QCOMPARE(reply.body.count("<name>snapshot</name>"), 1);                  // only snapshotted has one
        QCOMPARE(reply.body.count("<val xsi:type=\"xsd:string\">efi</val>"), 2); // tiny-linux-efi, boot-efi
        QVERIFY(texts(reply.body, u"token"_s).isEmpty());
        QVERIFY(call(m_lab->endpoint(),
                     R"(<DestroyView xmlns="urn:vim25"><_this type="ContainerView">)" + view.toUtf8() + "</_this></DestroyView>", cookie)
                    .status
                == 200);
    }

    // summary.storage.committed is what the VM's files take on disk, not their apparent
    // size: lab disks are sparse, so the used size is well below the provisioned one.
    void committedIsAllocatedSize()
    {
        const QByteArray cookie = login(m_lab->endpoint());
        const QString view = containerView(m_lab->endpoint(), cookie, "VirtualMachine");
        const SoapReply reply = call(m_lab->endpoint(),
                                     retrieveVms(view, "<pathSet>name</pathSet><pathSet>summary.storage.committed</pathSet>", 100), cookie);
        QCOMPARE(reply.status, 200);
        int checked = 0;
        for (const QHash<QString, QString> &vm : objectProperties(reply.body)) {
            const QString name = vm.value(u"name"_s);
            if (name != u"tiny-linux-bios" && name != u"multi-disk" && name != u"filler-005")
                continue;
            bool ok = false;
            const qint64 committed = vm.value(u"summary.storage.committed"_s).toLongLong(&ok);
            const auto [allocated, apparent] = directoryUsage(m_data.path() + u"/datastore1/"_s + name);
            const QString info = u"%1: committed %2, allocated %3, apparent %4"_s.arg(name).arg(committed).arg(allocated).arg(apparent);
            QVERIFY2(ok && committed > 0, qPrintable(info));
            QVERIFY2(committed <= allocated, qPrintable(info));
            QVERIFY2(committed < apparent, qPrintable(info));
            ++checked;
        }
        QCOMPARE(checked, 3);
    }

    void paging()
    {
        const QByteArray cookie = login(m_lab->endpoint());
        const QString view = containerView(m_lab->endpoint(), cookie, "VirtualMachine");
        SoapReply page = call(m_lab->endpoint(), retrieveVms(view, "<pathSet>name</pathSet>", 4), cookie);
        QStringList objects = texts(page.body, u"obj"_s);
        QCOMPARE(objects.size(), 4);
        int pages = 1;
        QString token = texts(page.body, u"token"_s).value(0);
        while (!token.isEmpty() && pages < 10) {
            page = call(
                m_lab->endpoint(),
                R"(<ContinueRetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">ha-property-collector</_this><token>)"
                    + token.toUtf8() + "</token></ContinueRetrievePropertiesEx>",
                cookie);
            QCOMPARE(page.status, 200);
            objects += texts(page.body, u"obj"_s);
            token = texts(page.body, u"token"_s).value(0);
            ++pages;
        }
        QCOMPARE(objects.size(), 13); // 8 lab VMs + 5 fillers
        QCOMPARE(pages, 4);
        objects.removeDuplicates();
        QCOMPARE(objects.size(), 13);
    }

    void datacenterAndDatastore()
    {
        const QByteArray cookie = login(m_lab->endpoint());
        const SoapReply dc = call(
            m_lab->endpoint(),
            R"(<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">ha-property-collector</_this><specSet>)"
            "<propSet><type>Datacenter</type><pathSet>name</pathSet><pathSet>vmFolder</pathSet><pathSet>datastoreFolder</pathSet></propSet>"
            R"(<objectSet><obj type="Datacenter">ha-datacenter</obj></objectSet></specSet><options/></RetrievePropertiesEx>)",
            cookie);
        QCOMPARE(dc.status, 200);
        QVERIFY(dc.body.contains(R"(<val type="Folder" xsi:type="ManagedObjectReference">ha-folder-vm</val>)"));
        const QString view = containerView(m_lab->endpoint(), cookie, "Datastore");
        const SoapReply ds
            = call(m_lab->endpoint(),
                   R"(<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">ha-property-collector</_this><specSet>)"
                   "<propSet><type>Datastore</type><pathSet>summary</pathSet><pathSet>summary.capacity</pathSet></propSet>"
                   R"(<objectSet><obj type="ContainerView">)"
                       + view.toUtf8()
                       + "</obj><skip>true</skip>"
                         R"(<selectSet xsi:type="TraversalSpec"><type>ContainerView</type><path>view</path></selectSet></objectSet>)"
                         "</specSet><options/></RetrievePropertiesEx>",
                   cookie);
        QCOMPARE(ds.status, 200);
        QVERIFY(ds.body.contains(R"(<val xsi:type="DatastoreSummary">)"));
        QVERIFY(ds.body.contains("<name>datastore1</name>"));
        QVERIFY(ds.body.contains("<type>VMFS</type>"));
        QCOMPARE(texts(ds.body, u"capacity"_s).value(0), u"2199023255552"_s);
    }

    void sessionIdleTimeout()
    {
        auto lab = startLab(m_data.path(), {u"--session-idle-timeout"_s, u"1"_s});
        QVERIFY(lab);
        const QByteArray cookie = login(lab->endpoint());
        QVERIFY(!cookie.isEmpty());
        const QByteArray now = R"(<CurrentTime xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></CurrentTime>)";
        QCOMPARE(call(lab->endpoint(), now, cookie).status, 200);
        // The session must sit idle for longer than the timeout; waiting is the test.
        QElapsedTimer idle;
        idle.start();
        QTRY_VERIFY_WITH_TIMEOUT(idle.elapsed() > 1500, 5000);
        const SoapReply expired = call(lab->endpoint(), now, cookie);
        QCOMPARE(expired.status, 500);
        QVERIFY(expired.body.contains(R"(xsi:type="NotAuthenticated")"));
        QCOMPARE(labStats(lab->endpoint()).value(u"session_expiries"_s).toInteger(), 1);
        // A fresh login works again.
        QCOMPARE(call(lab->endpoint(), now, login(lab->endpoint())).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestLabSoap)
#include "tst_labsoap.moc"
