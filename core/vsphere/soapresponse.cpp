#include "soapresponse.h"

#include "base/printabletext.h"
#include "xmltreereader.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

bool looksLikeHtml(const QByteArray &contentType, const QByteArray &body)
{
    if (contentType.toLower().contains("text/html"))
        return true;
    const QByteArray start = body.left(512).trimmed().toLower();
    return start.startsWith("<!doctype html") || start.startsWith("<html") || start.contains("<html");
}

// The <title> of an HTML page, for the details of the error.
QString htmlTitle(const QByteArray &body)
{
    static const QRegularExpression title(u"<title[^>]*>([^<]{0,200})</title>"_s, QRegularExpression::CaseInsensitiveOption);
    return printableText(title.match(QString::fromUtf8(body.left(64 * 1024))).captured(1).simplified());
}

QString statusText(int httpStatus)
{
    return httpStatus > 0 ? u"HTTP %1"_s.arg(httpStatus) : u"a response"_s;
}

Result<const XmlElement *> soapBody(const XmlElement &root)
{
    if (root.name() != u"Envelope")
        return fail(ErrorCode::Protocol, u"the server answered XML that is not a SOAP envelope (<%1>)"_s.arg(root.name().left(60)));
    const XmlElement *body = root.child(u"Body");
    if (!body || body->children().isEmpty())
        return fail(ErrorCode::Protocol, u"the server's SOAP envelope has an empty body"_s);
    return &body->children().first();
}

} // namespace

Result<SoapResponse> SoapResponse::parse(const QString &method, int httpStatus, const QByteArray &contentType, const QByteArray &body,
                                         qint64 maxBytes)
{
    if (body.size() > maxBytes)
        return fail(ErrorCode::Protocol,
                    u"the server's answer to %1 exceeds %2 MiB; refusing it"_s.arg(method).arg(maxBytes / (1024 * 1024)));
    if (httpStatus == 401)
        return fail(ErrorCode::Auth, u"the server answered HTTP 401 to %1: not logged in"_s.arg(method));
    if (body.trimmed().isEmpty())
        return fail(ErrorCode::Protocol, u"the server answered %1 with an empty body to %2"_s.arg(statusText(httpStatus), method));
    if (looksLikeHtml(contentType, body))
        return fail(ErrorCode::Protocol,
                    u"the server answered %1 with an HTML page, not a vSphere API response; is this an ESXi or vCenter address?"_s.arg(
                        statusText(httpStatus)),
                    htmlTitle(body));

    auto root = XmlTreeReader::read(body);
    if (!root) {
        if (httpStatus != 0 && httpStatus != 200)
            return fail(ErrorCode::Protocol, u"the server answered %1 to %2 without a SOAP response"_s.arg(statusText(httpStatus), method),
                        printableText(QString::fromUtf8(body.left(200)).simplified()));
        return std::unexpected(root.error().prefixed(method));
    }
    auto first = soapBody(*root);
    if (!first)
        return std::unexpected(first.error());

    SoapResponse out;
    if ((*first)->name() == u"Fault") {
        out.m_fault = SoapFault::fromElement(**first);
        return out;
    }
    if ((*first)->name() != method + u"Response")
        return fail(ErrorCode::Protocol, u"the server answered %1 with <%2>"_s.arg(method, (*first)->name().left(60)));
    if (httpStatus != 0 && httpStatus != 200)
        return fail(ErrorCode::Protocol, u"the server answered %1 to %2"_s.arg(statusText(httpStatus), method));
    out.m_body = **first;
    return out;
}

bool SoapResponse::isFault() const
{
    return m_fault.has_value();
}

const SoapFault &SoapResponse::fault() const
{
    return *m_fault;
}

const XmlElement &SoapResponse::body() const
{
    return m_body;
}

} // namespace Ferry
