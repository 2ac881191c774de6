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

Error readerError(const QXmlStreamReader &reader, const QString &subject)
{
    if (reader.error() == QXmlStreamReader::PrematureEndOfDocumentError)
        return Error(ErrorCode::Protocol, u"%1 ended early (truncated)"_s.arg(subject), u"line %1"_s.arg(reader.lineNumber()));
    return Error(ErrorCode::Protocol, u"%1 is not well-formed XML"_s.arg(subject),
                 u"line %1, column %2: %3"_s.arg(reader.lineNumber()).arg(reader.columnNumber()).arg(reader.errorString()));
}

} // namespace

Result<XmlElement> XmlTreeReader::read(const QByteArray &xml, int maxDepth, qsizetype maxElements)
{
    return read(xml, u"the server's XML response"_s, u"which vim25 never sends"_s, maxDepth, maxElements);
}

Result<XmlElement> XmlTreeReader::read(const QByteArray &xml, const QString &subject, const QString &dtdReason, int maxDepth,
                                       qsizetype maxElements)
{
    if (xml.trimmed().isEmpty())
        return fail(ErrorCode::Protocol, u"%1 is empty, not XML"_s.arg(subject));
    if (auto tags = XmlTagGuard::check(xml, subject); !tags)
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
            return fail(ErrorCode::Protocol, u"%1 contains a DTD, %2"_s.arg(subject, dtdReason));
        case QXmlStreamReader::StartElement:
            if (++count > maxElements)
                return fail(ErrorCode::Protocol, u"%1 has more than %2 elements"_s.arg(subject).arg(maxElements));
            if (open.size() >= maxDepth)
                return fail(ErrorCode::Protocol, u"%1 nests deeper than %2 levels"_s.arg(subject).arg(maxDepth));
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
        return std::unexpected(readerError(reader, subject));
    if (!haveRoot)
        return fail(ErrorCode::Protocol, u"%1 is empty, not XML"_s.arg(subject));
    return root;
}

} // namespace Ferry
