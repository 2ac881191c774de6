#include "libvirtsupport_p.h"

#include <QFile>
#include <QScopeGuard>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

Error libvirtError(const QString &context)
{
    const virErrorPtr error = virGetLastError();
    if (!error)
        return Error(ErrorCode::Target, u"%1: libvirt gave no reason"_s.arg(context));
    const QString message = error->message ? QString::fromUtf8(error->message).simplified() : u"unknown error"_s;
    Error result(ErrorCode::Target, u"%1: %2"_s.arg(context, message),
                 u"libvirt error code %1, domain %2"_s.arg(error->code).arg(error->domain));
    virResetLastError();
    return result;
}

int libvirtErrorCode()
{
    const virErrorPtr error = virGetLastError();
    return error ? error->code : VIR_ERR_OK;
}

bool takeLibvirtErrorIf(int code)
{
    if (libvirtErrorCode() != code)
        return false;
    virResetLastError();
    return true;
}

QString takeLibvirtString(char *text)
{
    if (!text)
        return {};
    QString result = QString::fromUtf8(text);
    std::free(text);
    return result;
}

namespace {

// Everything the stream callbacks need; they run on the uploading thread, inside
// virStreamSparseSendAll, and report failures through error (no exceptions into C).
struct UploadState
{
    int fd = -1;
    qint64 size = 0;
    qint64 done = 0; // bytes of the file covered so far, data and holes
    qint64 nextReport = 0;
    const std::atomic<bool> *cancelled = nullptr;
    const LibvirtConnection::ProgressFunction *progress = nullptr;
    QString path;
    std::optional<Error> error;

    void advance(qint64 bytes)
    {
        done += bytes;
        if (*progress && (done >= nextReport || done == size)) {
            (*progress)(done, size);
            nextReport = done + std::max<qint64>(size / 100, 1);
        }
    }
    bool isCancelled()
    {
        if (cancelled && cancelled->load()) {
            error = Error(ErrorCode::Cancelled, u"The upload of %1 was cancelled."_s.arg(path));
            return true;
        }
        return false;
    }
    int ioFailure(const QString &what)
    {
        error = Error(ErrorCode::Io, u"%1 %2 failed: %3"_s.arg(what, path, qt_error_string(errno)));
        return -1;
    }
};

int sendData(virStreamPtr, char *data, size_t bytes, void *opaque)
{
    auto *state = static_cast<UploadState *>(opaque);
    if (state->isCancelled())
        return -1;
    ssize_t n = 0;
    do {
        n = ::read(state->fd, data, bytes);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return state->ioFailure(u"Reading"_s);
    state->advance(n);
    return int(n);
}

// Says whether the current position is in data or in a hole, and how long that lasts.
int findSection(virStreamPtr, int *inData, long long *length, void *opaque)
{
    auto *state = static_cast<UploadState *>(opaque);
    if (state->isCancelled())
        return -1;
    const off_t here = ::lseek(state->fd, 0, SEEK_CUR);
    if (here < 0)
        return state->ioFailure(u"Seeking in"_s);
    if (here >= state->size) {
        *inData = 0;
        *length = 0; // end of file: the sender stops
        return 0;
    }
    const off_t data = ::lseek(state->fd, here, SEEK_DATA);
    if (data < 0 && errno == ENXIO) {
        *inData = 0; // a hole up to the end of the file
        *length = state->size - here;
    } else if (data < 0 && (errno == EINVAL || errno == EOPNOTSUPP)) {
        *inData = 1; // the file system cannot say: all data
        *length = state->size - here;
    } else if (data < 0) {
        return state->ioFailure(u"Finding data in"_s);
    } else if (data > here) {
        *inData = 0;
        *length = data - here;
    } else {
        const off_t hole = ::lseek(state->fd, here, SEEK_HOLE);
        if (hole < 0)
            return state->ioFailure(u"Finding holes in"_s);
        *inData = 1;
        *length = std::min<qint64>(hole, state->size) - here;
    }
    if (::lseek(state->fd, here, SEEK_SET) < 0)
        return state->ioFailure(u"Seeking in"_s);
    return 0;
}

int skipHole(virStreamPtr, long long length, void *opaque)
{
    auto *state = static_cast<UploadState *>(opaque);
    if (::lseek(state->fd, off_t(length), SEEK_CUR) < 0)
        return state->ioFailure(u"Seeking in"_s);
    state->advance(length);
    return 0;
}

} // namespace

Result<void> uploadSparseFile(virConnectPtr connection, virStorageVolPtr volume, const QString &localFile,
                              const std::atomic<bool> *cancelled, const LibvirtConnection::ProgressFunction &progress)
{
    UploadState state;
    state.path = localFile;
    state.cancelled = cancelled;
    state.progress = &progress;
    state.fd = ::open(QFile::encodeName(localFile).constData(), O_RDONLY | O_CLOEXEC);
    if (state.fd < 0)
        return fail(ErrorCode::Io, u"Cannot open %1 to upload it: %2"_s.arg(localFile, qt_error_string(errno)));
    struct stat info = {};
    if (::fstat(state.fd, &info) != 0) {
        ::close(state.fd);
        return fail(ErrorCode::Io, u"Cannot read the size of %1: %2"_s.arg(localFile, qt_error_string(errno)));
    }
    state.size = qint64(info.st_size);
    const auto closeFile = qScopeGuard([&] { ::close(state.fd); });

    const StreamHandle stream(virStreamNew(connection, 0));
    if (!stream)
        return std::unexpected(libvirtError(u"Cannot open a stream to upload %1"_s.arg(localFile)));
    if (virStorageVolUpload(volume, stream.get(), 0, 0, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM) != 0)
        return std::unexpected(libvirtError(u"Cannot start the upload of %1"_s.arg(localFile)));
    if (virStreamSparseSendAll(stream.get(), sendData, findSection, skipHole, &state) != 0) {
        // The callbacks' own error (cancel, read failure) explains more than libvirt's
        // "stream aborted"; virStreamSparseSendAll already aborted the stream then.
        Error failure = libvirtError(u"Uploading %1 failed"_s.arg(localFile));
        if (state.error)
            return std::unexpected(*state.error);
        virStreamAbort(stream.get());
        return std::unexpected(failure);
    }
    if (virStreamFinish(stream.get()) != 0)
        return std::unexpected(libvirtError(u"The daemon did not confirm the upload of %1"_s.arg(localFile)));
    return {};
}

} // namespace Ferry
