#include "profilefile.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Profiles are small; anything larger is not a profile, and is not read into memory whole.
constexpr qint64 maximumProfileBytes = 1 << 20;

QString context(const QString &path)
{
    return u"profile %1"_s.arg(path);
}

// "line L, column C (offset O)" of a byte offset, for JSON syntax errors.
QString position(const QByteArray &bytes, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, bytes.size());
    const QByteArray before = bytes.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return u"line %1, column %2 (offset %3)"_s.arg(line).arg(column).arg(offset);
}

Result<QByteArray> readBytes(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return fail(ErrorCode::NotFound, u"no such file; check the path"_s);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, u"cannot read it: %1"_s.arg(file.errorString()));
    QByteArray bytes = file.read(maximumProfileBytes + 1);
    if (bytes.size() > maximumProfileBytes)
        return fail(ErrorCode::Usage, u"larger than %1 bytes, so not a profile"_s.arg(maximumProfileBytes));
    return bytes;
}

} // namespace

Result<Profile> ProfileFile::load(const QString &path)
{
    auto bytes = readBytes(path);
    if (!bytes)
        return std::unexpected(bytes.error().prefixed(context(path)));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(ErrorCode::Usage,
                    u"%1: not valid JSON: %2 at %3"_s.arg(context(path), parseError.errorString(), position(*bytes, parseError.offset)));
    if (!document.isObject())
        return fail(ErrorCode::Usage, u"%1: not a Ferry profile: the JSON is not an object"_s.arg(context(path)));
    auto profile = Profile::fromJson(document.object());
    if (!profile)
        return std::unexpected(profile.error().prefixed(context(path)));
    return profile;
}

Result<void> ProfileFile::save(const QString &path, const Profile &profile)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, u"%1: cannot write it: %2"_s.arg(context(path), file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray bytes = QJsonDocument(profile.toJson()).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return fail(ErrorCode::Io, u"%1: cannot write it: %2"_s.arg(context(path), file.errorString()));
    return {};
}

} // namespace Ferry
