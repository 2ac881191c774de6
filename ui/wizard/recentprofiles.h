#pragma once

#include <QStringList>

namespace Ferry {

// The most recently opened or saved profiles, newest first, remembered in QSettings
// ("profiles/recent"). Files that no longer exist are left out when read.
class RecentProfiles
{
public:
    static constexpr int maximum = 8;

    static QStringList paths();
    static void add(const QString &path);
};

} // namespace Ferry
