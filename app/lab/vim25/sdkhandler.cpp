#include "sdkhandler.h"

#include "labinventory.h"
#include "server/labauth.h"
#include "server/labstats.h"
#include "server/sessionstore.h"
#include "xmlnode.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {

// Methods that answer without a session, as hostd does.
const QStringList anonymousMethods = {u"RetrieveServiceContent"_s, u"Login"_s};
const QStringList knownMethods = {u"RetrieveServiceContent"_s,
                                  u"Login"_s,
                                  u"Logout"_s,
                                  u"CurrentTime"_s,
                                  u"CreateContainerView"_s,
                                  u"DestroyView"_s,
                                  u"RetrievePropertiesEx"_s,
                                  u"ContinueRetrievePropertiesEx"_s,
                                  u"CancelRetrievePropertiesEx"_s,
                                  u"RetrieveProperties"_s,
                                  u"ShutdownGuest"_s,
                                  u"PowerOffVM_Task"_s};

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

SoapFault notAuthenticated()
{
    return SoapFault{"NotAuthenticated", u"The session is not authenticated."_s,
                     "<object type=\"Folder\">ha-folder-root</object><privilegeId>System.View</privilegeId>"};
}

} // namespace

SdkHandler::SdkHandler(const LabInventory &inventory, LabAuth &auth, LabStats &stats, int maxObjects)
    : m_inventory(inventory)
    , m_auth(auth)
    , m_stats(stats)
    , m_power(inventory.objects())
    , m_collector(inventory.objects(), maxObjects, &m_power)
{
}

HttpResponse SdkHandler::soap(const QByteArray &method, const QByteArray &content)
{
    return HttpResponse::text(200, SoapWriter::response(method, content), "text/xml; charset=utf-8");
}

HttpResponse SdkHandler::fault(const SoapFault &fault)
{
    return HttpResponse::text(500, SoapWriter::fault(fault), "text/xml; charset=utf-8");
}

HttpResponse SdkHandler::serviceVersions()
{
    return HttpResponse::text(200,
                              "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<namespaces version=\"1.0\">\n <namespace>\n"
                              "  <name>urn:vim25</name>\n  <version>8.0.2.0</version>\n  <priorVersions>\n"
                              "   <version>8.0.1.0</version>\n   <version>8.0.0.0</version>\n   <version>7.0.3.0</version>\n"
                              "   <version>7.0</version>\n   <version>6.7</version>\n   <version>6.5</version>\n"
                              "  </priorVersions>\n </namespace>\n</namespaces>\n",
                              "text/xml");
}

HttpResponse SdkHandler::handle(const HttpRequest &request)
{
    ++m_stats.sdkRequests;
    if (request.path == "/sdk/vimServiceVersions.xml" && (request.method == "GET" || request.method == "HEAD"))
        return serviceVersions();
    if (request.path != "/sdk" || request.method != "POST") {
        HttpResponse response = HttpResponse::text(405, "Method Not Allowed\n");
        response.addHeader("Allow", "POST");
        return response;
    }
    auto document = XmlNode::parse(request.body);
    const XmlNode *body = document ? document->child(u"Body") : nullptr;
    if (!body || body->children.isEmpty())
        return fault(
            SoapFault{"InvalidRequest", u"The SOAP request has no body: %1"_s.arg(document ? u"empty"_s : document.error().message()), {}});
    Call call;
    call.node = &body->children.constFirst();
    call.method = call.node->name;
    if (const XmlNode *self = call.node->child(u"_this")) {
        call.thisType = self->attributes.value(u"type"_s);
        call.thisValue = self->text.trimmed();
    }
    if (!knownMethods.contains(call.method)) {
        return fault(SoapFault{"MethodNotFound", u"Method %1 not found on %2"_s.arg(call.method, call.thisType),
                               SoapWriter::reference("receiver", call.thisType.toLatin1(), call.thisValue) + "<method>"
                                   + SoapWriter::escape(call.method) + "</method>"});
    }
    if (!anonymousMethods.contains(call.method)) {
        const QByteArray cookie = SessionStore::cookieFromHeader(request.header("Cookie"));
        if (m_auth.sessions().touch(cookie) != SessionStore::Lookup::Valid)
            return fault(notAuthenticated());
    }
    return dispatch(call, request);
}

HttpResponse SdkHandler::dispatch(const Call &call, const HttpRequest &request)
{
    const XmlNode &node = *call.node;
    if (call.method == u"RetrieveServiceContent")
        return soap("RetrieveServiceContent", m_inventory.serviceContent().renderField("returnval"));
    if (call.method == u"Login")
        return login(call, request);
    if (call.method == u"Logout")
        return logout(request);
    if (call.method == u"CurrentTime")
        return soap("CurrentTime", "<returnval>" + now().toLatin1() + "</returnval>");
    if (call.method == u"CreateContainerView")
        return createContainerView(call);
    if (call.method == u"ShutdownGuest" || call.method == u"PowerOffVM_Task")
        return powerCall(call);
    if (call.method == u"DestroyView") {
        m_collector.destroyView(call.thisValue);
        return soap("DestroyView", {});
    }
    if (call.method == u"RetrievePropertiesEx")
        return collectorAnswer("RetrievePropertiesEx", m_collector.retrieveEx(node), true);
    if (call.method == u"ContinueRetrievePropertiesEx")
        return collectorAnswer("ContinueRetrievePropertiesEx", m_collector.continueEx(node.childText(u"token")), true);
    if (call.method == u"CancelRetrievePropertiesEx") {
        m_collector.cancel(node.childText(u"token"));
        return soap("CancelRetrievePropertiesEx", {});
    }
    return collectorAnswer("RetrieveProperties", m_collector.retrieve(node), false);
}

HttpResponse SdkHandler::collectorAnswer(const QByteArray &method, const LabCollector::Answer<QByteArray> &answer, bool wrap)
{
    if (!answer)
        return fault(answer.error());
    // An empty result is an empty response element, as hostd sends it.
    if (answer->isEmpty() || !wrap)
        return soap(method, *answer);
    return soap(method, "<returnval>" + *answer + "</returnval>");
}

HttpResponse SdkHandler::login(const Call &call, const HttpRequest &request)
{
    const QString user = call.node->childText(u"userName");
    const QString password = call.node->child(u"password") ? call.node->child(u"password")->text : QString();
    if (!m_auth.checkPassword(user, password)) {
        ++m_stats.loginFailures;
        return fault(SoapFault{"InvalidLogin", u"Cannot complete login due to an incorrect user name or password."_s, {}});
    }
    ++m_stats.logins;
    const QByteArray cookie = m_auth.sessions().create(user);
    SessionStore::Session session;
    m_auth.sessions().touch(cookie, &session);
    const QString time = session.loginTime.toString(Qt::ISODateWithMs);
    const DataNode userSession = DataNode::object("UserSession")
                                     .add("key", DataNode::string(session.key))
                                     .add("userName", DataNode::string(user))
                                     .add("fullName", DataNode::string(user == u"root" ? u"Administrator"_s : user))
                                     .add("loginTime", DataNode::dateTime(time))
                                     .add("lastActiveTime", DataNode::dateTime(time))
                                     .add("locale", DataNode::string(u"en"_s))
                                     .add("messageLocale", DataNode::string(u"en"_s))
                                     .add("extensionSession", DataNode::boolean(false))
                                     .add("ipAddress", DataNode::string(u"127.0.0.1"_s))
                                     .add("userAgent", DataNode::string(QString::fromUtf8(request.header("User-Agent"))))
                                     .add("callCount", DataNode::integer(0, "xsd:long"));
    HttpResponse response = soap("Login", userSession.renderField("returnval"));
    response.addHeader("Set-Cookie", SessionStore::setCookieValue(cookie));
    return response;
}

HttpResponse SdkHandler::logout(const HttpRequest &request)
{
    m_auth.sessions().remove(SessionStore::cookieFromHeader(request.header("Cookie")));
    return soap("Logout", {});
}

HttpResponse SdkHandler::powerCall(const Call &call)
{
    if (call.method == u"ShutdownGuest") {
        const auto asked = m_power.shutdownGuest(call.thisValue);
        return asked ? soap("ShutdownGuest", {}) : fault(asked.error());
    }
    const auto task = m_power.powerOff(call.thisValue);
    return task ? soap("PowerOffVM_Task", SoapWriter::reference("returnval", "Task", *task)) : fault(task.error());
}

HttpResponse SdkHandler::createContainerView(const Call &call)
{
    const XmlNode &node = *call.node;
    QList<QByteArray> types;
    for (const XmlNode *type : node.childrenNamed(u"type"))
        types.append(type->text.trimmed().toLatin1());
    auto view = m_collector.createView(node.childText(u"container"), types, node.childText(u"recursive") == u"true");
    if (!view)
        return fault(view.error());
    return soap("CreateContainerView", SoapWriter::reference("returnval", "ContainerView", *view));
}

} // namespace Ferry::Lab
