#pragma once

#include <QByteArray>
#include <QString>

namespace Ferry::Lab {

// A vim25 fault to answer with: its type ("NotAuthenticated"), the faultstring and the
// inner XML of the fault object.
struct SoapFault
{
    QByteArray type;
    QString message;
    QByteArray detail;
};

// The text of vim25 SOAP answers: envelopes, method responses and faults shaped like
// hostd's (soapenv/xsd/xsi prefixes, urn:vim25 default namespace on the body element).
class SoapWriter
{
public:
    static QByteArray escape(const QString &text);
    static QByteArray envelope(const QByteArray &body);
    // <METHODResponse xmlns="urn:vim25">content</METHODResponse> in an envelope.
    static QByteArray response(const QByteArray &method, const QByteArray &content);
    // A SOAP fault: faultstring plus <detail><TYPEFault xsi:type="TYPE">detail</TYPEFault></detail>.
    static QByteArray fault(const QByteArray &type, const QString &message, const QByteArray &detail = {});
    static QByteArray fault(const SoapFault &fault);
    // <NAME type="TYPE">VALUE</NAME>
    static QByteArray reference(const QByteArray &name, const QByteArray &type, const QString &value);
};

} // namespace Ferry::Lab
