#include "xmlelement.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Values are quoted in errors; a hostile server must not flood a log line.
QString clipped(const QString &text)
{
    constexpr qsizetype limit = 40;
    return text.size() <= limit ? text : text.left(limit) + u"..."_s;
}

} // namespace

XmlElement::XmlElement(QString name, QString text)
    : m_name(std::move(name))
    , m_text(std::move(text))
{
}

QString XmlElement::name() const
{
    return m_name;
}

QString XmlElement::xsiType() const
{
    return m_xsiType;
}

QString XmlElement::text() const
{
    return m_text;
}

QString XmlElement::attribute(QStringView localName) const
{
    for (const auto &[key, value] : m_attributes) {
        if (key == localName)
            return value;
    }
    return {};
}

const QList<XmlElement> &XmlElement::children() const
{
    return m_children;
}

const XmlElement *XmlElement::child(QStringView name) const
{
    for (const XmlElement &element : m_children) {
        if (element.m_name == name)
            return &element;
    }
    return nullptr;
}

QList<const XmlElement *> XmlElement::childrenNamed(QStringView name) const
{
    QList<const XmlElement *> out;
    for (const XmlElement &element : m_children) {
        if (element.m_name == name)
            out.append(&element);
    }
    return out;
}

QString XmlElement::childText(QStringView name) const
{
    const XmlElement *element = child(name);
    return element ? element->m_text : QString();
}

const XmlElement *XmlElement::find(QStringView dottedPath) const
{
    const XmlElement *current = this;
    for (const QStringView part : dottedPath.tokenize(u'.')) {
        current = current->child(part);
        if (!current)
            return nullptr;
    }
    return current;
}

Result<qint64> XmlElement::toInteger() const
{
    bool ok = false;
    const qint64 value = m_text.trimmed().toLongLong(&ok);
    if (!ok)
        return fail(ErrorCode::Protocol, u"the server sent '%1' for <%2>, which is not an integer"_s.arg(clipped(m_text), m_name));
    return value;
}

Result<bool> XmlElement::toBool() const
{
    const QString text = m_text.trimmed();
    if (text == u"true" || text == u"1")
        return true;
    if (text == u"false" || text == u"0")
        return false;
    return fail(ErrorCode::Protocol, u"the server sent '%1' for <%2>, which is not a boolean"_s.arg(clipped(m_text), m_name));
}

Result<qint64> XmlElement::childInteger(QStringView name, qint64 fallback) const
{
    const XmlElement *element = child(name);
    return element ? element->toInteger() : Result<qint64>(fallback);
}

Result<bool> XmlElement::childBool(QStringView name, bool fallback) const
{
    const XmlElement *element = child(name);
    return element ? element->toBool() : Result<bool>(fallback);
}

void XmlElement::setXsiType(const QString &type)
{
    m_xsiType = type;
}

void XmlElement::addAttribute(const QString &localName, const QString &value)
{
    m_attributes.append({localName, value});
}

void XmlElement::appendText(QStringView text)
{
    m_text += text;
}

XmlElement &XmlElement::appendChild(XmlElement child)
{
    m_children.append(std::move(child));
    return m_children.last();
}

} // namespace Ferry
