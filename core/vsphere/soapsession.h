#pragma once

#include "base/error.h"
#include "managedobjectref.h"
#include "servicecontent.h"
#include "sourceendpoint.h"
#include "xmlelement.h"

#include <QByteArray>
#include <QList>
#include <QObject>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Ferry {

class SoapResponse;

// A logged-in vim25 session with one ESXi host or vCenter over POST /sdk (HTTP/1.1).
//
// Thread affinity: lives on the thread that created it (its QNetworkAccessManager
// does); call everything there. All calls are asynchronous; each callback runs
// exactly once, later, on that thread, unless the session is destroyed first, in
// which case pending requests are aborted and their callbacks are dropped.
//
// Session renewal: when a call meets a NotAuthenticated fault or HTTP 401 after a
// successful login (an expired idle session), the session logs in again once and
// re-sends the call; sessionRenewed() is emitted when that login succeeds. Calls
// that fail meanwhile wait for the same login instead of starting their own.
//
// Errors: TrustRefused carries the refused certificate's "AB:CD:..." SHA-256
// fingerprint as its details; InvalidLogin -> Auth; other faults -> SoapFault;
// HTML pages, truncated or oversized answers -> Protocol; socket problems ->
// Network; no answer within timeout() -> Timeout.
class SoapSession : public QObject
{
    Q_OBJECT

public:
    using ResponseCallback = std::function<void(Result<XmlElement>)>;
    static constexpr std::chrono::milliseconds defaultTimeout{60'000};
    static constexpr qint64 defaultMaxResponseSize = 64 * 1024 * 1024;

    explicit SoapSession(SourceEndpoint endpoint, QObject *parent = nullptr);
    ~SoapSession() override;

    const SourceEndpoint &endpoint() const;
    // Valid after connectToHost() succeeded.
    const ServiceContent &serviceContent() const;
    bool isLoggedIn() const;
    // How many logins succeeded so far; a change tells session-scoped objects
    // (ContainerViews, retrieve tokens) were lost to a renewal.
    int loginCount() const;
    // The cookie header value of this session, e.g. vmware_soap_session="52ab...",
    // as sent in the Cookie header; empty before login. For /folder requests.
    QByteArray sessionCookie() const;

    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const;
    void setMaxResponseSize(qint64 bytes);

    // RetrieveServiceContent, then SessionManager.Login with the endpoint's credentials.
    void connectToHost(std::function<void(Result<ServiceContent>)> done);
    // SessionManager.Logout; the session forgets its cookie whatever the answer.
    void logout(std::function<void(Result<void>)> done);
    // Calls method on thisRef with already serialised arguments (SoapEnvelope helpers,
    // XSD order). done gets the <METHODResponse> element or an Error.
    void invoke(const QString &method, const ManagedObjectRef &thisRef, const QByteArray &bodyXml, ResponseCallback done);

Q_SIGNALS:
    void sessionRenewed();
    // Every answer (or transport failure) of a call, before its callback runs: for
    // logs and for tests that act between two calls. Do not destroy the session here.
    void replyReceived(const QString &method);

private:
    struct Call
    {
        QString method;
        QByteArray envelope;
        ResponseCallback done;
        bool renewable = true;
    };

    void send(Call call);
    void finish(QNetworkReply *reply, Call call);
    Result<SoapResponse> decode(QNetworkReply *reply, const QString &method);
    Error networkError(QNetworkReply *reply, const QString &method) const;
    void storeCookie(const QNetworkReply *reply);
    void login(std::function<void(Result<void>)> done);
    void renewAndRetry(Call call);
    QString hostLabel() const;

    SourceEndpoint m_endpoint;
    QNetworkAccessManager *m_network = nullptr;
    ServiceContent m_content;
    QByteArray m_cookie;
    bool m_loggedIn = false;
    int m_loginCount = 0;
    std::chrono::milliseconds m_timeout = defaultTimeout;
    qint64 m_maxResponseSize = defaultMaxResponseSize;
    bool m_renewing = false;
    QList<Call> m_waitingForRenewal;
};

} // namespace Ferry
