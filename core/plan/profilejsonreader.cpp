#include "profilejsonreader.h"

#include "base/bytesize.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"true/false"_s;
    case QJsonValue::Double:
        return u"the number %1"_s.arg(value.toDouble());
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"a list"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"undefined"_s;
}

// JSON numbers are doubles: accept only those that are exact whole numbers in range.
std::optional<qint64> wholeNumber(const QJsonValue &value, qint64 low, qint64 high)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (std::trunc(number) != number || number < double(low) || number > double(high))
        return std::nullopt;
    return qint64(number);
}

} // namespace

ProfileJsonReader::ProfileJsonReader(const QJsonObject &object)
    : ProfileJsonReader(object, {}, std::make_shared<std::optional<Error>>(), true)
{
}

ProfileJsonReader::ProfileJsonReader(const QJsonObject &object, QString path, std::shared_ptr<std::optional<Error>> error, bool present)
    : m_object(object)
    , m_path(std::move(path))
    , m_error(std::move(error))
    , m_present(present)
{
}

ProfileJsonReader ProfileJsonReader::child(const QString &key)
{
    const auto value = take(key);
    if (value && !value->isObject())
        failType(key, *value, u"an object"_s);
    const bool present = value && value->isObject();
    return ProfileJsonReader(present ? value->toObject() : QJsonObject(), pathOf(key), m_error, present);
}

bool ProfileJsonReader::isPresent() const
{
    return m_present;
}

bool ProfileJsonReader::has(const QString &key) const
{
    return m_object.contains(key);
}

void ProfileJsonReader::read(const QString &key, QString *out)
{
    if (const auto value = take(key)) {
        if (value->isString())
            *out = value->toString();
        else
            failType(key, *value, u"a string"_s);
    }
}

void ProfileJsonReader::read(const QString &key, bool *out)
{
    if (const auto value = take(key)) {
        if (value->isBool())
            *out = value->toBool();
        else
            failType(key, *value, u"true or false"_s);
    }
}

void ProfileJsonReader::read(const QString &key, int *out)
{
    if (const auto value = take(key)) {
        if (const auto number = wholeNumber(*value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()))
            *out = int(*number);
        else
            failType(key, *value, u"a whole number"_s);
    }
}

void ProfileJsonReader::readBytes(const QString &key, qint64 *out)
{
    const auto value = take(key);
    if (!value)
        return;
    if (value->isString()) {
        auto parsed = parseByteSize(value->toString());
        if (parsed)
            *out = *parsed;
        else
            failAt(key, parsed.error().message());
    } else if (const auto number = wholeNumber(*value, 0, qint64(1) << 53)) {
        *out = *number;
    } else {
        failType(key, *value, u"a whole number of bytes or a size such as \"32M\""_s);
    }
}

void ProfileJsonReader::read(const QString &key, QStringList *out)
{
    const auto value = take(key);
    if (!value)
        return;
    if (!value->isArray())
        return failType(key, *value, u"a list of strings"_s);
    QStringList list;
    for (const QJsonValue item : value->toArray()) {
        if (!item.isString())
            return failType(key, item, u"a list of strings"_s);
        list << item.toString();
    }
    *out = list;
}

void ProfileJsonReader::read(const QString &key, QMap<QString, QString> *out)
{
    const auto value = take(key);
    if (!value)
        return;
    if (!value->isObject())
        return failType(key, *value, u"an object of strings"_s);
    QMap<QString, QString> map;
    const QJsonObject object = value->toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            return failType(key + u'.' + it.key(), it.value(), u"a string"_s);
        map.insert(it.key(), it.value().toString());
    }
    *out = map;
}

void ProfileJsonReader::rejectUnknown(const QStringList &known)
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        if (!known.contains(it.key())) {
            failAt(it.key(), u"unknown key; remove it or check its spelling (known here: %1)"_s.arg(known.join(u", "_s)));
            return;
        }
    }
}

void ProfileJsonReader::failAt(const QString &key, const QString &message)
{
    if (!m_error->has_value())
        *m_error = Error(ErrorCode::Usage, u"\"%1\": %2"_s.arg(pathOf(key), message));
}

std::optional<Error> ProfileJsonReader::error() const
{
    return *m_error;
}

bool ProfileJsonReader::isText(const QString &key, const QString &text) const
{
    const auto value = take(key);
    return value && value->isString() && value->toString() == text;
}

std::optional<QJsonValue> ProfileJsonReader::take(const QString &key) const
{
    if (m_error->has_value() || !m_object.contains(key))
        return std::nullopt;
    return m_object.value(key);
}

void ProfileJsonReader::failType(const QString &key, const QJsonValue &value, const QString &wanted)
{
    failAt(key, u"must be %1, not %2"_s.arg(wanted, typeName(value)));
}

QString ProfileJsonReader::pathOf(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + u'.' + key;
}

} // namespace Ferry
