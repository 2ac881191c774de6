#include "soapenvelope.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

bool allowedInXml(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
}

} // namespace

QByteArray SoapEnvelope::build(const QString &method, const ManagedObjectRef &thisRef, const QByteArray &argumentsXml)
{
    const QByteArray name = escape(method);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
           "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
           " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
           " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><"
        + name + " xmlns=\"urn:vim25\">" + moref(u"_this"_s, thisRef) + argumentsXml + "</" + name + "></soapenv:Body></soapenv:Envelope>";
}

QByteArray SoapEnvelope::element(const QString &name, const QString &text)
{
    const QByteArray tag = escape(name);
    return '<' + tag + '>' + escape(text) + "</" + tag + '>';
}

QByteArray SoapEnvelope::moref(const QString &name, const ManagedObjectRef &ref)
{
    const QByteArray tag = escape(name);
    return '<' + tag + " type=\"" + escape(ref.type) + "\">" + escape(ref.value) + "</" + tag + '>';
}

QByteArray SoapEnvelope::boolean(const QString &name, bool value)
{
    return element(name, value ? u"true"_s : u"false"_s);
}

QByteArray SoapEnvelope::escape(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (const char32_t c : text.toUcs4()) {
        switch (c) {
        case U'&':
            out += u"&amp;"_s;
            break;
        case U'<':
            out += u"&lt;"_s;
            break;
        case U'>':
            out += u"&gt;"_s;
            break;
        case U'"':
            out += u"&quot;"_s;
            break;
        case U'\'':
            out += u"&apos;"_s;
            break;
        case U'\r':
            out += u"&#13;"_s;
            break; // a raw CR would be normalised to LF
        default:
            if (allowedInXml(c))
                out += QChar::fromUcs4(c);
        }
    }
    return out.toUtf8();
}

} // namespace Ferry
