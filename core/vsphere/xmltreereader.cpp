#include "xmltreereader.h"

#include "xmltagguard.h"

#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr QStringView xsiNamespace = u"http://www.w3.org/2001/XMLSchema-instance";

// "xsd:string" -> "string", "VirtualDisk" -> "VirtualDisk".
QString localPart(QStringView qualified)
{
    const qsizetype colon = qualified.lastIndexOf(u':');
    return (colon < 0 ? qualified : qualified.mid(colon + 1)).toString();
}

XmlElement makeElement(const QXmlStreamReader &reader)
{
    XmlElement element(reader.name().toString());
    for (const QXmlStreamAttribute &attribute : reader.attributes()) {
        if (attribute.namespaceUri() == xsiNamespace && attribute.name() == u"type")
            element.setXsiType(localPart(attribute.value()));
        else
            element.addAttribute(attribute.name().toString(), attribute.value().toString());
    }
    return element;
}

Error readerError(const QXmlStreamReader &reader)
{
    if (reader.error() == QXmlStreamReader::PrematureEndOfDocumentError)
        return Error(ErrorCode::Protocol, u"the server's XML response ended early (truncated)"_s, u"line %1"_s.arg(reader.lineNumber()));
    return Error(ErrorCode::Protocol, u"the server's response is not well-formed XML"_s,
                 u"line %1, column %2: %3"_s.arg(reader.lineNumber()).arg(reader.columnNumber()).arg(reader.errorString()));
}

} // namespace

Result<XmlElement> XmlTreeReader::read(const QByteArray &xml, int maxDepth, qsizetype maxElements)
{
    if (xml.trimmed().isEmpty())
        return fail(ErrorCode::Protocol, u"the server's response is empty, not XML"_s);
    if (auto tags = XmlTagGuard::check(xml, u"the server's XML response"_s); !tags)
        return std::unexpected(tags.error());
    QXmlStreamReader reader(xml);
    XmlElement root;
    bool haveRoot = false;
    // Pointers stay valid: an element's list only grows after its open children are closed.
    QList<XmlElement *> open;
    qsizetype count = 0;

    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::DTD:
            return fail(ErrorCode::Protocol, u"the server's XML response contains a DTD, which vim25 never sends"_s);
        case QXmlStreamReader::StartElement:
            if (++count > maxElements)
                return fail(ErrorCode::Protocol, u"the server's XML response has more than %1 elements"_s.arg(maxElements));
            if (open.size() >= maxDepth)
                return fail(ErrorCode::Protocol, u"the server's XML response nests deeper than %1 levels"_s.arg(maxDepth));
            if (open.isEmpty()) {
                root = makeElement(reader);
                haveRoot = true;
                open.append(&root);
            } else {
                open.append(&open.last()->appendChild(makeElement(reader)));
            }
            break;
        case QXmlStreamReader::EndElement:
            open.removeLast();
            break;
        case QXmlStreamReader::Characters:
            if (!open.isEmpty())
                open.last()->appendText(reader.text());
            break;
        default:
            break;
        }
    }
    if (reader.hasError())
        return std::unexpected(readerError(reader));
    if (!haveRoot)
        return fail(ErrorCode::Protocol, u"the server's response is empty, not XML"_s);
    return root;
}

} // namespace Ferry
