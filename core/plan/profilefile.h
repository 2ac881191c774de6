#pragma once

#include "base/error.h"
#include "plan/profile.h"

#include <QString>

namespace Ferry {

// Reads and writes profile files (the JSON shape is documented in profile.h).
// Blocking file I/O on the calling thread; profiles are a few KiB, so the GUI thread may
// call these directly.
class ProfileFile
{
public:
    // Every error is one line that starts with "profile FILE: " and says what was wrong:
    // NotFound/Io when the file cannot be read, Usage for JSON syntax errors (with line,
    // column and byte offset), a wrong "format", a version this Ferry does not read (the
    // version found and the versions it reads) and bad values (the key path).
    static Result<Profile> load(const QString &path);
    // Writes atomically (QSaveFile: a temporary file renamed over path), mode 0600.
    // Writes no secret: SourceEndpoint::password is never serialised.
    static Result<void> save(const QString &path, const Profile &profile);
};

} // namespace Ferry
