#include "xmlnode.h"

#include "vsphere/xmltagguard.h"

#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

namespace {
constexpr int maxDepth = 64;
constexpr int maxElements = 100000;
const QString xsiNamespace = u"http://www.w3.org/2001/XMLSchema-instance"_s;
} // namespace

const XmlNode *XmlNode::child(QStringView childName) const
{
    for (const XmlNode &node : children) {
        if (node.name == childName)
            return &node;
    }
    return nullptr;
}

QList<const XmlNode *> XmlNode::childrenNamed(QStringView childName) const
{
    QList<const XmlNode *> out;
    for (const XmlNode &node : children) {
        if (node.name == childName)
            out.append(&node);
    }
    return out;
}

QString XmlNode::childText(QStringView childName) const
{
    const XmlNode *node = child(childName);
    return node ? node->text.trimmed() : QString();
}

Result<XmlNode> XmlNode::parse(const QByteArray &xml)
{
    if (auto tags = XmlTagGuard::check(xml, u"the SOAP request"_s); !tags)
        return fail(ErrorCode::Usage, tags.error().message());
    QXmlStreamReader reader(xml);
    QList<XmlNode> stack;
    XmlNode root;
    int elements = 0;
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartElement: {
            if (stack.size() >= maxDepth || ++elements > maxElements)
                return fail(ErrorCode::Usage, u"the SOAP request is too deep or too large"_s);
            XmlNode node;
            node.name = reader.name().toString();
            for (const QXmlStreamAttribute &attribute : reader.attributes()) {
                if (attribute.namespaceUri() == xsiNamespace && attribute.name() == u"type") {
                    const QString value = attribute.value().toString();
                    node.xsiType = value.mid(value.indexOf(u':') + 1);
                } else if (attribute.namespaceUri().isEmpty()) {
                    node.attributes.insert(attribute.name().toString(), attribute.value().toString());
                }
            }
            stack.append(node);
            break;
        }
        case QXmlStreamReader::Characters:
            if (!stack.isEmpty())
                stack.last().text += reader.text();
            break;
        case QXmlStreamReader::EndElement: {
            XmlNode node = stack.takeLast();
            if (stack.isEmpty())
                root = std::move(node);
            else
                stack.last().children.append(std::move(node));
            break;
        }
        default:
            break;
        }
    }
    if (reader.hasError())
        return fail(ErrorCode::Usage, u"malformed XML: %1 at line %2"_s.arg(reader.errorString()).arg(reader.lineNumber()));
    return root;
}

} // namespace Ferry::Lab
