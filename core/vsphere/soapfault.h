#pragma once

#include "base/error.h"

#include <QString>

namespace Ferry {

class XmlElement;

// A soapenv:Fault from a vim25 server. The vim25 fault class ("InvalidLogin",
// "NotAuthenticated", "ManagedObjectNotFound", ...) is the xsi:type of the element
// inside <detail>; when a server omits it, the element name minus "Fault" is used.
class SoapFault
{
public:
    // Reads a <Fault> element; never fails: missing parts stay empty.
    static SoapFault fromElement(const XmlElement &fault);

    QString faultCode() const;
    QString faultString() const;
    QString faultType() const;

    // True for the faults that mean "log in again": the session expired or was never valid.
    bool isNotAuthenticated() const;
    // The fault as an Error: InvalidLogin and NoPermission -> Auth, others -> SoapFault.
    // method names the call for the message; details carry "type: faultstring".
    Error toError(const QString &method) const;
    // The fault type of an Error made by toError() ("ManagedObjectNotFound"), else empty.
    static QString typeOf(const Error &error);

private:
    QString m_faultCode;
    QString m_faultString;
    QString m_faultType;
};

} // namespace Ferry
