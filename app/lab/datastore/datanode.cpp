#include "datanode.h"

#include "vim25/soapwriter.h"

namespace Ferry::Lab {

DataNode::DataNode(Kind kind, QByteArray type)
    : m_kind(kind)
    , m_type(std::move(type))
{
}

DataNode DataNode::string(const QString &value)
{
    return scalar("xsd:string", value);
}

DataNode DataNode::integer(qint64 value, const char *type)
{
    return scalar(type, QString::number(value));
}

DataNode DataNode::boolean(bool value)
{
    return scalar("xsd:boolean", value ? QStringLiteral("true") : QStringLiteral("false"));
}

DataNode DataNode::dateTime(const QString &iso)
{
    return scalar("xsd:dateTime", iso);
}

DataNode DataNode::scalar(const QByteArray &type, const QString &text)
{
    DataNode node(Kind::Scalar, type);
    node.m_text = text;
    return node;
}

DataNode DataNode::reference(const QByteArray &type, const QString &value)
{
    DataNode node(Kind::Reference, type);
    node.m_text = value;
    return node;
}

DataNode DataNode::object(const QByteArray &type, bool polymorphic)
{
    DataNode node(Kind::Object, type);
    node.m_polymorphic = polymorphic;
    return node;
}

DataNode DataNode::array(const QByteArray &elementType)
{
    return DataNode(Kind::Array, elementType);
}

DataNode &DataNode::add(const QByteArray &name, DataNode value)
{
    m_fields.append({name, std::move(value)});
    return *this;
}

DataNode &DataNode::append(DataNode element)
{
    m_fields.append({QByteArray(), std::move(element)});
    return *this;
}

DataNode::Kind DataNode::kind() const
{
    return m_kind;
}

QByteArray DataNode::type() const
{
    return m_type;
}

bool DataNode::isEmptyArray() const
{
    return m_kind == Kind::Array && m_fields.isEmpty();
}

QString DataNode::text() const
{
    return m_kind == Kind::Scalar || m_kind == Kind::Reference ? m_text : QString();
}

QStringList DataNode::referenceValues() const
{
    if (m_kind == Kind::Reference)
        return {m_text};
    QStringList out;
    if (m_kind == Kind::Array) {
        for (const auto &field : m_fields) {
            if (field.second.m_kind == Kind::Reference)
                out.append(field.second.m_text);
        }
    }
    return out;
}

const DataNode *DataNode::find(QStringView path) const
{
    if (path.isEmpty())
        return this;
    if (m_kind != Kind::Object)
        return nullptr;
    const qsizetype dot = path.indexOf(u'.');
    const QStringView head = dot < 0 ? path : path.left(dot);
    for (const auto &[name, value] : m_fields) {
        if (QLatin1StringView(name) == head)
            return value.find(dot < 0 ? QStringView() : path.mid(dot + 1));
    }
    return nullptr;
}

QByteArray DataNode::arrayType() const
{
    QByteArray element = m_type;
    if (element.startsWith("xsd:"))
        element = element.mid(4);
    if (!element.isEmpty() && element.at(0) >= 'a' && element.at(0) <= 'z')
        element[0] = char(element.at(0) - 'a' + 'A');
    return "ArrayOf" + element;
}

QByteArray DataNode::renderContent() const
{
    switch (m_kind) {
    case Kind::Scalar:
    case Kind::Reference:
        return SoapWriter::escape(m_text);
    case Kind::Object: {
        QByteArray out;
        for (const auto &[name, value] : m_fields)
            out += value.renderField(name);
        return out;
    }
    case Kind::Array: {
        // Inside <val xsi:type="ArrayOfX"> the elements are named after their type.
        const QByteArray elementName = m_type.startsWith("xsd:") ? m_type.mid(4) : m_type;
        QByteArray out;
        for (const auto &field : m_fields)
            out += field.second.renderElement(elementName, field.second.m_kind != Kind::Scalar);
        return out;
    }
    }
    return {};
}

QByteArray DataNode::renderElement(const QByteArray &name, bool withType) const
{
    QByteArray open = '<' + name;
    if (m_kind == Kind::Reference)
        open += " type=\"" + m_type + '"';
    if (withType)
        open += m_kind == Kind::Reference ? QByteArray(" xsi:type=\"ManagedObjectReference\"") : " xsi:type=\"" + m_type + '"';
    return open + '>' + renderContent() + "</" + name + '>';
}

QByteArray DataNode::renderField(const QByteArray &name) const
{
    if (m_kind != Kind::Array)
        return renderElement(name, m_polymorphic);
    QByteArray out;
    for (const auto &field : m_fields)
        out += field.second.renderElement(name, field.second.m_polymorphic);
    return out;
}

QByteArray DataNode::renderVal() const
{
    if (m_kind == Kind::Array)
        return "<val xsi:type=\"" + arrayType() + "\">" + renderContent() + "</val>";
    if (m_kind == Kind::Reference)
        return "<val type=\"" + m_type + "\" xsi:type=\"ManagedObjectReference\">" + renderContent() + "</val>";
    return "<val xsi:type=\"" + m_type + "\">" + renderContent() + "</val>";
}

} // namespace Ferry::Lab
