#pragma once

#include <QString>

namespace Ferry::PrivateDirectory {

// The mkdtemp/QTemporaryDir template of a private directory Ferry makes for one job:
// "<temp>/ferry-<kind>-<pid>-XXXXXX". The pid names the owner, so that StaleSweep can
// tell a killed Ferry's leftovers from a running one's. Falls back to /tmp when the
// temp path is so long that a socket inside would pass the 108-byte sun_path limit.
QString pattern(const QString &kind);

// The owner's pid of a directory made from pattern(); 0 when name is not one.
qint64 ownerOf(const QString &name);

} // namespace Ferry::PrivateDirectory
