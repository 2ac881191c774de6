#include "soapfault.h"

#include "base/printabletext.h"
#include "xmlelement.h"

using namespace Qt::StringLiterals;

namespace Ferry {

SoapFault SoapFault::fromElement(const XmlElement &fault)
{
    SoapFault out;
    // Server text that ends up in error messages: made printable once, here.
    out.m_faultCode = printableText(fault.childText(u"faultcode").trimmed());
    out.m_faultString = printableText(fault.childText(u"faultstring").trimmed().left(1024));
    const XmlElement *detail = fault.child(u"detail");
    if (detail && !detail->children().isEmpty()) {
        const XmlElement &inner = detail->children().first();
        out.m_faultType = inner.xsiType();
        if (out.m_faultType.isEmpty()) {
            out.m_faultType = inner.name();
            if (out.m_faultType.endsWith(u"Fault") && out.m_faultType.size() > 5)
                out.m_faultType.chop(5);
        }
    }
    return out;
}

QString SoapFault::faultCode() const
{
    return m_faultCode;
}

QString SoapFault::faultString() const
{
    return m_faultString;
}

QString SoapFault::faultType() const
{
    return m_faultType;
}

bool SoapFault::isNotAuthenticated() const
{
    return m_faultType == u"NotAuthenticated";
}

Error SoapFault::toError(const QString &method) const
{
    const QString type = m_faultType.isEmpty() ? u"unknown fault"_s : m_faultType;
    const QString details = m_faultString.isEmpty() ? type : type + u": " + m_faultString;
    if (m_faultType == u"InvalidLogin")
        return Error(ErrorCode::Auth, u"the server refused the user name or password; check both and try again"_s, details);
    if (m_faultType == u"NotAuthenticated")
        return Error(ErrorCode::Auth, u"the server says the session is not logged in (%1)"_s.arg(method), details);
    if (m_faultType == u"NoPermission")
        return Error(ErrorCode::Auth, u"the user lacks the permission for %1; grant read access on the inventory"_s.arg(method), details);
    const QString text = m_faultString.isEmpty() ? type : m_faultString;
    return Error(ErrorCode::SoapFault, u"the server refused %1: %2"_s.arg(method, text.left(200)), details);
}

QString SoapFault::typeOf(const Error &error)
{
    // toError() puts "type: faultstring" (or just the type) into the details.
    if (error.code() != ErrorCode::SoapFault && error.code() != ErrorCode::Auth)
        return {};
    const QString details = error.details();
    const qsizetype colon = details.indexOf(u':');
    const QString type = colon < 0 ? details : details.left(colon);
    return type.contains(u' ') ? QString() : type;
}

} // namespace Ferry
