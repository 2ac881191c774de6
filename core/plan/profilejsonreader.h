#pragma once

#include "base/error.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <memory>
#include <optional>

namespace Ferry {

// Reads typed, optional values out of one JSON object of a profile. A missing key leaves
// the output untouched (the default stays); a value of the wrong type records a Usage
// error naming the key by its path ("tuning.connections"). The first error wins: later
// calls on this reader and on its children do nothing, so a caller reads every field
// and checks error() once.
class ProfileJsonReader
{
public:
    explicit ProfileJsonReader(const QJsonObject &object);

    // A reader for the object under key, sharing this reader's error. isPresent() is
    // false (and every read a no-op) when the key is missing.
    ProfileJsonReader child(const QString &key);
    bool isPresent() const;
    bool has(const QString &key) const;
    // The value under key is this very string (a keyword such as "auto" where a number
    // may stand otherwise).
    bool isText(const QString &key, const QString &text) const;

    void read(const QString &key, QString *out);
    void read(const QString &key, bool *out);
    void read(const QString &key, int *out);
    // A whole number of bytes, or a size text such as "32M" (parseByteSize).
    void readBytes(const QString &key, qint64 *out);
    void read(const QString &key, QStringList *out);
    // An object whose values are all strings.
    void read(const QString &key, QMap<QString, QString> *out);

    // Records an error for every key not in known.
    void rejectUnknown(const QStringList &known);
    // Records "<path of key>: message" unless an error is recorded already.
    void failAt(const QString &key, const QString &message);

    std::optional<Error> error() const;

private:
    ProfileJsonReader(const QJsonObject &object, QString path, std::shared_ptr<std::optional<Error>> error, bool present);
    // The value under key when it is present and no error was recorded yet.
    std::optional<QJsonValue> take(const QString &key) const;
    void failType(const QString &key, const QJsonValue &value, const QString &wanted);
    QString pathOf(const QString &key) const;

    QJsonObject m_object;
    QString m_path;
    std::shared_ptr<std::optional<Error>> m_error;
    bool m_present = true;
};

} // namespace Ferry
