#pragma once

#include "base/error.h"
#include "soapfault.h"
#include "xmlelement.h"

#include <QByteArray>
#include <optional>

namespace Ferry {

// One decoded vim25 HTTP response: either the <METHODResponse> element or a SOAP fault.
// Everything that is neither (an HTML error page, a truncated or oversized body, an
// HTTP error without a fault, the response of another method) is a Protocol error
// from parse(), with a message that says what arrived instead.
class SoapResponse
{
public:
    static constexpr qint64 defaultMaxBytes = 64 * 1024 * 1024;

    // method: the request's method, e.g. "RetrievePropertiesEx".
    // httpStatus: 0 when unknown. contentType: the raw Content-Type header.
    static Result<SoapResponse> parse(const QString &method, int httpStatus, const QByteArray &contentType, const QByteArray &body,
                                      qint64 maxBytes = defaultMaxBytes);

    bool isFault() const;
    // Valid only when isFault().
    const SoapFault &fault() const;
    // The <METHODResponse> element; its <returnval> children carry the result.
    const XmlElement &body() const;

private:
    std::optional<SoapFault> m_fault;
    XmlElement m_body;
};

} // namespace Ferry
