#pragma once

#include "error.h"

#include <QByteArray>
#include <QString>

namespace Ferry {

// Creating and reopening the files that hold guest data (disks, staging files, journals,
// reports, domain XML) so that other local users can neither read them nor redirect
// them: files are created mode 0600 and directories 0700 whatever the umask, a symbolic
// link at the final component is never followed, and nothing another user owns is
// reopened or filled. Every refusal is one sentence naming the path and what to do.
//
// The directories above the final component are the caller's to trust: OutputDirectory
// and the staging directory make theirs private with makeOwnDirectory() or
// makeTemporaryDirectory(). Descriptors are returned with O_CLOEXEC set; the caller
// closes them. Thread-safe (no state).
class SafeFile
{
public:
    // Creates path exclusively (O_CREAT|O_EXCL|O_NOFOLLOW), mode 0600; flags add the access
    // mode (O_RDWR, O_WRONLY) and such as O_APPEND. An existing file fails with
    // ErrorCode::Usage, a symbolic link with ErrorCode::Unsupported.
    static Result<int> create(const QString &path, int flags);
    // Opens an existing file to continue it (--resume): refuses a symbolic link, anything
    // but a regular file, and a file the effective user does not own. A missing file fails
    // with ErrorCode::NotFound.
    static Result<int> openOwn(const QString &path, int flags);
    // The same checks without opening, for files a child process opens (qemu-img, qemu-nbd).
    static Result<void> checkOwn(const QString &path);
    // Replaces path with data atomically and durably: a new 0600 file next to it, synced,
    // then renamed over it. Refuses when path is a symbolic link or not a regular file, so
    // a planted link is neither written through nor silently replaced.
    static Result<void> writeAtomically(const QString &path, const QByteArray &data);
    // Creates the directory path (mode 0700; its parent must exist) or accepts an existing
    // one that checkOwnDirectory() accepts.
    static Result<void> makeOwnDirectory(const QString &path);
    // Refuses a symbolic link, a non-directory, a directory another user owns and one that
    // group or others may write to (unless it has the sticky bit, as /tmp does).
    static Result<void> checkOwnDirectory(const QString &path);
    // A new private directory parent/<prefix>XXXXXX (mkdtemp, mode 0700); parent is created
    // when missing.
    static Result<QString> makeTemporaryDirectory(const QString &parent, const QString &prefix);
};

} // namespace Ferry
