#include "nbdconnection.h"

#include <QFile>
#include <QLoggingCategory>

#include <libnbd.h>

#include <cstring>
#include <functional>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcNbdConnection, "ferry.nbd.connection")

namespace {

// NBD requests carry a 32-bit length; stay well inside it for zero requests.
constexpr qint64 kMaxZeroRequest = qint64(1) << 30;
constexpr qint64 kMaxReadRequest = 32 * 1024 * 1024; // qemu-nbd's maximum payload
constexpr int kPumpRounds = 16;

QString lastNbdError()
{
    // Must be read right after the failing call, on the same thread (libnbd keeps it
    // in thread-local storage).
    const char *message = nbd_get_error();
    return message ? QString::fromLocal8Bit(message) : qt_error_string(nbd_get_errno());
}

} // namespace

class NbdConnection::Private
{
public:
    struct Slot
    {
        Private *owner = nullptr;
        std::unique_ptr<char[]> buffer;
        qint64 capacity = 0;
        qint64 offset = 0;
        qint64 length = 0;
        bool busy = false;
        bool isZero = false;
    };

    ~Private()
    {
        if (handle)
            nbd_close(handle);
    }

    static int completed(void *userData, int *error);
    static Result<std::unique_ptr<NbdConnection>> open(const Limits &limits, const QString &where,
                                                       const std::function<int(nbd_handle *)> &connect);
    Result<Slot *> freeSlot();
    Result<void> waitForProgress();
    Result<void> sticky() const;
    Result<void> issue(Slot &slot, const char *data);
    void pump();

    nbd_handle *handle = nullptr;
    Limits limits;
    std::vector<Slot> slots; // sized once: completion callbacks keep pointers into it
    std::optional<Error> failure;
    bool canZero = true;
};

int NbdConnection::Private::completed(void *userData, int *error)
{
    // Runs inside nbd_poll() on the thread that drives this connection; never throws.
    auto *slot = static_cast<Slot *>(userData);
    slot->busy = false;
    if (*error != 0 && !slot->owner->failure) {
        slot->owner->failure = Error(ErrorCode::Io,
                                     u"An NBD %1 request failed at offset %2: %3"_s.arg(slot->isZero ? u"zero"_s : u"write"_s)
                                         .arg(slot->offset)
                                         .arg(qt_error_string(*error)),
                                     u"length %1"_s.arg(slot->length));
    }
    return 1; // retire the command automatically
}

Result<void> NbdConnection::Private::sticky() const
{
    if (failure)
        return std::unexpected(*failure);
    return {};
}

Result<void> NbdConnection::Private::waitForProgress()
{
    const int rc = nbd_poll(handle, limits.timeoutMs);
    if (rc < 0) {
        const QString message = lastNbdError();
        failure = Error(ErrorCode::Io, u"The NBD connection failed: %1"_s.arg(message));
        return std::unexpected(*failure);
    }
    if (rc == 0) {
        failure = Error(ErrorCode::Timeout, u"The NBD server did not answer within %1 s."_s.arg(limits.timeoutMs / 1000));
        return std::unexpected(*failure);
    }
    return sticky();
}

Result<NbdConnection::Private::Slot *> NbdConnection::Private::freeSlot()
{
    for (;;) {
        if (auto ok = sticky(); !ok)
            return std::unexpected(ok.error());
        for (Slot &slot : slots) {
            if (!slot.busy)
                return &slot;
        }
        if (auto ok = waitForProgress(); !ok)
            return std::unexpected(ok.error());
    }
}

void NbdConnection::Private::pump()
{
    // libnbd only moves bytes while one of its calls runs. Without this, a request larger
    // than the socket buffer would sit half-sent while the caller is back on the network,
    // and qemu-nbd would idle. Bounded, so a fast server cannot keep us here.
    for (int round = 0; round < kPumpRounds && nbd_aio_in_flight(handle) > 0; ++round) {
        if (nbd_poll(handle, 0) != 1)
            return; // nothing ready now; a real error shows up on the next blocking wait
    }
}

Result<void> NbdConnection::Private::issue(Slot &slot, const char *data)
{
    nbd_completion_callback callback{};
    callback.callback = &Private::completed;
    callback.user_data = &slot;
    slot.busy = true;
    const int64_t cookie = slot.isZero ? nbd_aio_zero(handle, uint64_t(slot.length), uint64_t(slot.offset), callback, 0)
                                       : nbd_aio_pwrite(handle, data, size_t(slot.length), uint64_t(slot.offset), callback, 0);
    if (cookie < 0) {
        // libnbd did not take the request, so the callback will never run.
        const QString message = lastNbdError();
        slot.busy = false;
        failure = Error(
            ErrorCode::Io,
            u"Cannot send an NBD %1 request at offset %2: %3"_s.arg(slot.isZero ? u"zero"_s : u"write"_s).arg(slot.offset).arg(message));
        return std::unexpected(*failure);
    }
    pump();
    return sticky();
}

NbdConnection::NbdConnection()
    : d(std::make_unique<Private>())
{
}

NbdConnection::~NbdConnection()
{
    if (!d->handle)
        return;
    const bool reported = d->failure.has_value(); // already returned to the caller
    if (auto drained = drain(); !drained && !reported)
        qCWarning(lcNbdConnection) << "closing an NBD connection with failed requests:" << drained.error().toString();
    nbd_shutdown(d->handle, 0);
}

Result<std::unique_ptr<NbdConnection>> NbdConnection::Private::open(const Limits &limits, const QString &where,
                                                                    const std::function<int(nbd_handle *)> &connect)
{
    std::unique_ptr<NbdConnection> connection(new NbdConnection());
    Private &p = *connection->d;
    p.limits = limits;
    p.limits.maxInFlight = std::max(1, limits.maxInFlight);
    p.limits.maxRequestBytes = std::max<qint64>(4096, limits.maxRequestBytes);
    p.slots.resize(size_t(p.limits.maxInFlight));
    for (Slot &slot : p.slots)
        slot.owner = &p;
    p.handle = nbd_create();
    if (!p.handle)
        return fail(ErrorCode::Internal, u"Cannot create an NBD handle: %1"_s.arg(lastNbdError()));
    if (connect(p.handle) != 0)
        return fail(ErrorCode::Network, u"Cannot connect to the NBD server at %1: %2"_s.arg(where, lastNbdError()));
    p.canZero = nbd_can_zero(p.handle) == 1;
    return connection;
}

Result<std::unique_ptr<NbdConnection>> NbdConnection::connectUnix(const QString &socketPath, const Limits &limits)
{
    const QByteArray path = QFile::encodeName(socketPath);
    return Private::open(limits, socketPath, [&](nbd_handle *h) { return nbd_connect_unix(h, path.constData()); });
}

Result<std::unique_ptr<NbdConnection>> NbdConnection::connectUri(const QString &uri, const Limits &limits)
{
    const QByteArray utf8 = uri.toUtf8();
    return Private::open(limits, uri, [&](nbd_handle *h) { return nbd_connect_uri(h, utf8.constData()); });
}

qint64 NbdConnection::size() const
{
    return nbd_get_size(d->handle);
}

bool NbdConnection::isReadOnly() const
{
    return nbd_is_read_only(d->handle) == 1;
}

int NbdConnection::inFlight() const
{
    return nbd_aio_in_flight(d->handle);
}

Result<void> NbdConnection::pread(qint64 offset, std::span<char> buffer)
{
    char *at = buffer.data();
    qint64 left = qint64(buffer.size());
    while (left > 0) {
        const qint64 piece = std::min(left, kMaxReadRequest);
        if (nbd_pread(d->handle, at, size_t(piece), uint64_t(offset), 0) != 0)
            return fail(ErrorCode::Io, u"An NBD read at offset %1 failed: %2"_s.arg(offset).arg(lastNbdError()));
        at += piece;
        offset += piece;
        left -= piece;
    }
    return {};
}

Result<void> NbdConnection::write(qint64 offset, QByteArrayView data)
{
    while (!data.isEmpty()) {
        auto slot = d->freeSlot();
        if (!slot)
            return std::unexpected(slot.error());
        Private::Slot &s = **slot;
        const qint64 piece = std::min<qint64>(data.size(), d->limits.maxRequestBytes);
        if (s.capacity < piece) {
            // Grows to the largest request seen, at most maxRequestBytes, once per slot.
            s.buffer = std::make_unique_for_overwrite<char[]>(size_t(piece));
            s.capacity = piece;
        }
        std::memcpy(s.buffer.get(), data.data(), size_t(piece));
        s.offset = offset;
        s.length = piece;
        s.isZero = false;
        if (auto issued = d->issue(s, s.buffer.get()); !issued)
            return issued;
        offset += piece;
        data = data.sliced(piece);
    }
    return {};
}

Result<void> NbdConnection::zero(qint64 offset, qint64 length)
{
    if (!d->canZero) {
        // A server without WRITE_ZEROES: send zeros as data, a request at a time.
        static const QByteArray zeros(4 * 1024 * 1024, '\0');
        while (length > 0) {
            const qint64 piece = std::min<qint64>(length, zeros.size());
            if (auto ok = write(offset, QByteArrayView(zeros).first(piece)); !ok)
                return ok;
            offset += piece;
            length -= piece;
        }
        return {};
    }
    while (length > 0) {
        auto slot = d->freeSlot();
        if (!slot)
            return std::unexpected(slot.error());
        Private::Slot &s = **slot;
        s.offset = offset;
        s.length = std::min(length, kMaxZeroRequest);
        s.isZero = true;
        if (auto issued = d->issue(s, nullptr); !issued)
            return issued;
        offset += s.length;
        length -= s.length;
    }
    return {};
}

Result<void> NbdConnection::drain()
{
    while (nbd_aio_in_flight(d->handle) > 0) {
        if (auto ok = d->waitForProgress(); !ok)
            return ok;
    }
    return d->sticky();
}

Result<void> NbdConnection::flush()
{
    if (auto ok = drain(); !ok)
        return ok;
    if (nbd_can_flush(d->handle) == 1 && nbd_flush(d->handle, 0) != 0)
        return fail(ErrorCode::Io, u"The NBD server could not flush its data: %1"_s.arg(lastNbdError()));
    return {};
}

} // namespace Ferry
