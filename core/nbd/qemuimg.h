#pragma once

#include "base/error.h"
#include "process/childprocess.h"

#include <QString>
#include <QStringList>

namespace Ferry {

// The qemu-img commands Ferry needs, run synchronously as child processes.
// Blocking (up to the timeout): call from worker threads only. The child is always
// reaped, also on timeout.
class QemuImg
{
public:
    struct Info
    {
        QString format;
        qint64 virtualSize = 0;
        qint64 actualSize = 0;
        QString backingFile; // as the image names it; empty when it has none
    };

    // Creates (or overwrites) an image of `capacity` bytes; callers refuse existing
    // targets themselves (NbdSink creates the file with O_EXCL first).
    static Result<void> create(const QString &path, const QString &format, qint64 capacity);
    // Reads the header only (qemu-img info never opens the backing file).
    static Result<Info> info(const QString &path, const QString &format);
    // qemu-img check: fails with ErrorCode::Integrity when the image has errors. A raw
    // image has no metadata and always passes.
    static Result<void> check(const QString &path, const QString &format);
    // How Ferry names an image to qemu-img, qemu-nbd and qemu-storage-daemon: a json:
    // filename with the format and "backing": null, so a backing file the image names is
    // never opened (a planted one could make qemu read any file as root).
    static QString imageSpec(const QString &path, const QString &format);
    // Runs qemu-img with these arguments and returns its stdout.
    // timeoutMs -1 waits as long as it takes. death: see ChildProcess::Death; a commit that
    // must never stop half-way uses OwnArrangement (it outlives a crashed Ferry).
    static Result<QByteArray> run(const QStringList &arguments, int timeoutMs,
                                  ChildProcess::Death death = ChildProcess::Death::WithStartingThread);
};

} // namespace Ferry
