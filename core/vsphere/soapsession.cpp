#include "soapsession.h"

#include "base/version.h"
#include "soapenvelope.h"
#include "soapresponse.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr char tooLargeProperty[] = "ferryResponseTooLarge";
constexpr QByteArrayView cookieName = "vmware_soap_session";
// Before the service content names the server's API version. vim25 servers answer
// RetrieveServiceContent and Login for any version they do not know.
const QString fallbackApiVersion = u"8.0"_s;

bool isSocketLevel(QNetworkReply::NetworkError error)
{
    return error != QNetworkReply::NoError && error < QNetworkReply::ContentAccessDenied;
}

} // namespace

SoapSession::SoapSession(SourceEndpoint endpoint, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

SoapSession::~SoapSession()
{
    // Callbacks may capture objects that are already gone: drop them, then abort.
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        reply->disconnect(this);
        reply->abort();
    }
}

const SourceEndpoint &SoapSession::endpoint() const
{
    return m_endpoint;
}

const ServiceContent &SoapSession::serviceContent() const
{
    return m_content;
}

bool SoapSession::isLoggedIn() const
{
    return m_loggedIn;
}

int SoapSession::loginCount() const
{
    return m_loginCount;
}

QByteArray SoapSession::sessionCookie() const
{
    return m_cookie;
}

void SoapSession::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
}

std::chrono::milliseconds SoapSession::timeout() const
{
    return m_timeout;
}

void SoapSession::setMaxResponseSize(qint64 bytes)
{
    m_maxResponseSize = bytes;
}

void SoapSession::connectToHost(std::function<void(Result<ServiceContent>)> done)
{
    const ManagedObjectRef serviceInstance{u"ServiceInstance"_s, u"ServiceInstance"_s};
    Call call{u"RetrieveServiceContent"_s, SoapEnvelope::build(u"RetrieveServiceContent"_s, serviceInstance, {}),
              [this, done](Result<XmlElement> response) {
                  if (!response)
                      return done(std::unexpected(response.error()));
                  const XmlElement *returnval = response->child(u"returnval");
                  auto content = returnval ? ServiceContent::fromElement(*returnval)
                                           : fail(ErrorCode::Protocol, u"the server's service content is empty"_s);
                  if (!content)
                      return done(std::unexpected(content.error()));
                  m_content = *content;
                  login([this, done](Result<void> loggedIn) {
                      if (!loggedIn)
                          return done(std::unexpected(loggedIn.error()));
                      done(m_content);
                  });
              },
              false};
    send(std::move(call));
}

void SoapSession::login(std::function<void(Result<void>)> done)
{
    // The password lives in this request body only; it is never logged.
    const QByteArray arguments = SoapEnvelope::element(u"userName"_s, m_endpoint.user)
        + SoapEnvelope::element(u"password"_s, m_endpoint.password);
    Call call{u"Login"_s, SoapEnvelope::build(u"Login"_s, m_content.sessionManager, arguments),
              [this, done](Result<XmlElement> response) {
                  if (!response)
                      return done(std::unexpected(response.error()));
                  if (m_cookie.isEmpty())
                      return done(fail(ErrorCode::Protocol, u"the server accepted the login but sent no vmware_soap_session cookie"_s));
                  m_loggedIn = true;
                  ++m_loginCount;
                  done({});
              },
              false};
    m_cookie.clear();
    send(std::move(call));
}

void SoapSession::logout(std::function<void(Result<void>)> done)
{
    if (!m_loggedIn) {
        m_cookie.clear();
        QMetaObject::invokeMethod(
            this, [done] { done({}); }, Qt::QueuedConnection);
        return;
    }
    Call call{u"Logout"_s, SoapEnvelope::build(u"Logout"_s, m_content.sessionManager, {}),
              [this, done](Result<XmlElement> response) {
                  m_loggedIn = false;
                  m_cookie.clear();
                  if (!response)
                      return done(std::unexpected(response.error()));
                  done({});
              },
              false};
    send(std::move(call));
}

void SoapSession::invoke(const QString &method, const ManagedObjectRef &thisRef, const QByteArray &bodyXml, ResponseCallback done)
{
    send(Call{method, SoapEnvelope::build(method, thisRef, bodyXml), std::move(done), true});
}

void SoapSession::send(Call call)
{
    QNetworkRequest request(m_endpoint.sdkUrl());
    const QString apiVersion = m_content.about.apiVersion.isEmpty() ? fallbackApiVersion : m_content.about.apiVersion;
    request.setHeader(QNetworkRequest::ContentTypeHeader, "text/xml; charset=\"utf-8\""_ba);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray(QByteArray("Ferry/") + versionString));
    request.setRawHeader("SOAPAction", "urn:vim25/" + apiVersion.toUtf8());
    // Identity encoding: the size cap then bounds what is really held in memory.
    request.setRawHeader("Accept-Encoding", "identity");
    if (!m_cookie.isEmpty())
        request.setRawHeader("Cookie", m_cookie);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(int(m_timeout.count()));

    QNetworkReply *reply = m_network->post(request, call.envelope);
    m_endpoint.trust.apply(reply);
    const qint64 limit = m_maxResponseSize;
    connect(reply, &QNetworkReply::downloadProgress, this, [reply, limit](qint64 received, qint64 total) {
        if (received > limit || total > limit) {
            reply->setProperty(tooLargeProperty, true);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, call = std::move(call)]() mutable {
        reply->deleteLater();
        finish(reply, std::move(call));
    });
}

void SoapSession::finish(QNetworkReply *reply, Call call)
{
    auto response = decode(reply, call.method);
    Q_EMIT replyReceived(call.method);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool expired = status == 401 || (response && response->isFault() && response->fault().isNotAuthenticated());
    if (expired && call.renewable && m_loggedIn)
        return renewAndRetry(std::move(call));
    if (!response)
        return call.done(std::unexpected(response.error()));
    if (response->isFault())
        return call.done(std::unexpected(response->fault().toError(call.method)));
    call.done(response->body());
}

Result<SoapResponse> SoapSession::decode(QNetworkReply *reply, const QString &method)
{
    const QString refused = TlsTrust::refusedFingerprint(reply);
    if (!refused.isEmpty())
        return fail(ErrorCode::TrustRefused, u"the certificate of %1 is not trusted"_s.arg(hostLabel()), refused);
    if (reply->property(tooLargeProperty).toBool())
        return fail(ErrorCode::Protocol,
                    u"the server's answer to %1 exceeds %2 MiB; refusing it"_s.arg(method).arg(m_maxResponseSize / (1024 * 1024)));
    if (isSocketLevel(reply->error()))
        return std::unexpected(networkError(reply, method));
    storeCookie(reply);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return SoapResponse::parse(method, status, reply->rawHeader("Content-Type"), reply->readAll(), m_maxResponseSize);
}

Error SoapSession::networkError(QNetworkReply *reply, const QString &method) const
{
    const QString host = hostLabel();
    const QString details = method + u": " + reply->errorString();
    switch (reply->error()) {
    case QNetworkReply::OperationCanceledError: // setTransferTimeout() aborts this way
    case QNetworkReply::TimeoutError:
        return Error(ErrorCode::Timeout, u"%1 did not answer %2 within %3 s"_s.arg(host, method).arg(m_timeout.count() / 1000.0), details);
    case QNetworkReply::ConnectionRefusedError:
        return Error(ErrorCode::Network, u"%1 refused the connection; check the host name and port"_s.arg(host), details);
    case QNetworkReply::HostNotFoundError:
        return Error(ErrorCode::Network, u"cannot resolve %1; check the host name"_s.arg(host), details);
    case QNetworkReply::RemoteHostClosedError:
        return Error(ErrorCode::Network, u"%1 closed the connection before answering %2"_s.arg(host, method), details);
    case QNetworkReply::SslHandshakeFailedError:
        return Error(ErrorCode::Network, u"the TLS handshake with %1 failed"_s.arg(host), details);
    default:
        return Error(ErrorCode::Network, u"cannot talk to %1"_s.arg(host), details);
    }
}

void SoapSession::storeCookie(const QNetworkReply *reply)
{
    // Qt joins repeated Set-Cookie headers with '\n'; the value is kept as sent
    // (ESXi quotes it, govmomi does not) because the server compares it verbatim.
    for (const auto &[name, value] : reply->rawHeaderPairs()) {
        if (name.compare("set-cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &line : value.split('\n')) {
            const QByteArray pair = line.left(line.indexOf(';')).trimmed();
            const qsizetype equals = pair.indexOf('=');
            if (equals > 0 && pair.left(equals).trimmed() == cookieName)
                m_cookie = cookieName.toByteArray() + '=' + pair.mid(equals + 1).trimmed();
        }
    }
}

void SoapSession::renewAndRetry(Call call)
{
    call.renewable = false;
    m_waitingForRenewal.append(std::move(call));
    if (m_renewing)
        return;
    m_renewing = true;
    m_loggedIn = false;
    login([this](Result<void> loggedIn) {
        m_renewing = false;
        const QList<Call> waiting = std::exchange(m_waitingForRenewal, {});
        if (loggedIn)
            Q_EMIT sessionRenewed();
        for (const Call &pending : waiting) {
            if (loggedIn)
                send(pending);
            else
                pending.done(std::unexpected(loggedIn.error().prefixed(u"logging in again after the session expired"_s)));
        }
    });
}

QString SoapSession::hostLabel() const
{
    const QUrl &url = m_endpoint.url;
    return url.port() > 0 ? url.host() + u':' + QString::number(url.port()) : url.host();
}

} // namespace Ferry
