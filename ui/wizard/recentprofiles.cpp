#include "recentprofiles.h"

#include <QFileInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

const QString key = u"profiles/recent"_s;

} // namespace

QStringList RecentProfiles::paths()
{
    QStringList existing;
    for (const QString &path : QSettings().value(key).toStringList()) {
        if (QFileInfo::exists(path))
            existing.append(path);
    }
    return existing;
}

void RecentProfiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = paths();
    list.removeAll(absolute);
    list.prepend(absolute);
    QSettings().setValue(key, list.mid(0, maximum));
}

} // namespace Ferry
