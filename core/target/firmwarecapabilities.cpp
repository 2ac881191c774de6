#include "firmwarecapabilities.h"

#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace Ferry {

Result<FirmwareCapabilities> FirmwareCapabilities::fromDomainCapabilities(const QString &xml)
{
    FirmwareCapabilities caps;
    QXmlStreamReader reader(xml);
    QStringList path; // element names from the root down to the current element
    QString enumName; // name of the <enum> we are inside, if any
    while (!reader.atEnd()) {
        const auto token = reader.readNext();
        if (token == QXmlStreamReader::StartElement) {
            const QString name = reader.name().toString();
            if (path.isEmpty() && name != u"domainCapabilities"_s)
                return fail(ErrorCode::Protocol, u"The host's domain capabilities are not a <domainCapabilities> document."_s,
                            u"root element <%1>"_s.arg(name));
            if (name == u"enum"_s)
                enumName = reader.attributes().value(u"name"_s).toString();
            path << name;
            continue;
        }
        if (token == QXmlStreamReader::EndElement) {
            if (path.takeLast() == u"enum"_s)
                enumName.clear();
            continue;
        }
        if (token != QXmlStreamReader::Characters || reader.isWhitespace())
            continue;
        const QString text = reader.text().toString().trimmed();
        const QString where = path.join(u'/');
        if (where == u"domainCapabilities/machine"_s)
            caps.machine = text;
        else if (where == u"domainCapabilities/domain"_s)
            caps.virtType = text;
        else if (where == u"domainCapabilities/os/enum/value"_s && enumName == u"firmware"_s && text == u"efi"_s)
            caps.efiAutoSelect = true;
        else if (where == u"domainCapabilities/os/loader/value"_s)
            caps.efiLoaders << text;
        else if (where == u"domainCapabilities/os/loader/enum/value"_s && enumName == u"secure"_s && text == u"yes"_s)
            caps.secureBootSupported = true;
    }
    if (reader.hasError())
        return fail(ErrorCode::Protocol, u"The host's domain capabilities are not well-formed XML."_s,
                    u"line %1: %2"_s.arg(reader.lineNumber()).arg(reader.errorString()));
    return caps;
}

} // namespace Ferry
