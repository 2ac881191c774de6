#include "privatedirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry::PrivateDirectory {

namespace {
constexpr qsizetype kMaxTemplate = 80; // leaves room for "/nbd.sock" in a 108-byte sun_path
}

QString pattern(const QString &kind)
{
    const QString name = u"/ferry-%1-%2-XXXXXX"_s.arg(kind).arg(QCoreApplication::applicationPid());
    const QString preferred = QDir::tempPath() + name;
    return preferred.size() < kMaxTemplate ? preferred : u"/tmp"_s + name;
}

qint64 ownerOf(const QString &name)
{
    static const QRegularExpression owned(u"^ferry-[a-z]+-([0-9]+)-[A-Za-z0-9]{6}$"_s);
    const QRegularExpressionMatch match = owned.match(name);
    return match.hasMatch() ? match.captured(1).toLongLong() : 0;
}

} // namespace Ferry::PrivateDirectory
