#include "soapwriter.h"

namespace Ferry::Lab {

QByteArray SoapWriter::escape(const QString &text)
{
    return text.toHtmlEscaped().toUtf8();
}

QByteArray SoapWriter::envelope(const QByteArray &body)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<soapenv:Envelope xmlns:soapenc=\"http://schemas.xmlsoap.org/soap/encoding/\"\n"
           " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"\n"
           " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"\n"
           " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n<soapenv:Body>\n"
        + body + "\n</soapenv:Body>\n</soapenv:Envelope>";
}

QByteArray SoapWriter::response(const QByteArray &method, const QByteArray &content)
{
    return envelope('<' + method + "Response xmlns=\"urn:vim25\">" + content + "</" + method + "Response>");
}

QByteArray SoapWriter::fault(const QByteArray &type, const QString &message, const QByteArray &detail)
{
    return envelope("<soapenv:Fault>\n<faultcode>ServerFaultCode</faultcode>\n<faultstring>" + escape(message)
                    + "</faultstring>\n<detail>\n<" + type + "Fault xmlns=\"urn:vim25\" xsi:type=\"" + type + "\">" + detail + "</" + type
                    + "Fault>\n</detail>\n</soapenv:Fault>");
}

QByteArray SoapWriter::fault(const SoapFault &fault)
{
    return SoapWriter::fault(fault.type, fault.message, fault.detail);
}

QByteArray SoapWriter::reference(const QByteArray &name, const QByteArray &type, const QString &value)
{
    return '<' + name + " type=\"" + type + "\">" + escape(value) + "</" + name + '>';
}

} // namespace Ferry::Lab
