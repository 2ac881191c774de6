#include "nbdsink.h"

#include "nbd/nbdconnection.h"
#include "nbd/qemuimg.h"
#include "nbd/qemunbdexport.h"
#include "writtenmap.h"

#include "base/safefile.h"

#include <QFile>
#include <QLoggingCategory>

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcNbdSink, "ferry.transfer.nbdsink")

namespace {

// What writers and readers share with the sink; they keep it alive by shared_ptr.
struct NbdSinkState
{
    QString socketPath;
    NbdConnection::Limits limits;
    std::unique_ptr<WrittenMap> fresh; // set only for an image this session created
    std::atomic<int> liveWriters = 0;
    std::atomic<int> liveReaders = 0;
};

class NbdSinkWriter : public SinkWriter
{
public:
    NbdSinkWriter(std::shared_ptr<NbdSinkState> state, std::unique_ptr<NbdConnection> connection)
        : m_state(std::move(state))
        , m_connection(std::move(connection))
    {
    }
    ~NbdSinkWriter() override
    {
        m_connection.reset(); // drains before the slot is given back
        --m_state->liveWriters;
    }

    Result<void> write(qint64 offset, QByteArrayView data) override
    {
        if (m_state->fresh)
            m_state->fresh->markWritten(offset, data.size());
        return m_connection->write(offset, data);
    }

    Result<void> zero(qint64 offset, qint64 length) override
    {
        if (length == 0 || (m_state->fresh && m_state->fresh->isUntouched(offset, length)))
            return {};
        return m_connection->zero(offset, length);
    }

    Result<void> flush() override { return m_connection->flush(); }

private:
    std::shared_ptr<NbdSinkState> m_state;
    std::unique_ptr<NbdConnection> m_connection;
};

class NbdSinkReader : public SinkReader
{
public:
    NbdSinkReader(std::shared_ptr<NbdSinkState> state, std::unique_ptr<NbdConnection> connection)
        : m_state(std::move(state))
        , m_connection(std::move(connection))
    {
    }
    ~NbdSinkReader() override
    {
        m_connection.reset();
        --m_state->liveReaders;
    }

    Result<void> read(qint64 offset, std::span<char> buffer) override { return m_connection->pread(offset, buffer); }

private:
    std::shared_ptr<NbdSinkState> m_state;
    std::unique_ptr<NbdConnection> m_connection;
};

} // namespace

class NbdSink::Private
{
public:
    Result<void> createImage(qint64 capacity);
    Result<void> checkImage(qint64 capacity);
    Result<void> startExport(qint64 capacity);
    Result<std::unique_ptr<NbdConnection>> connect(bool writer);
    Result<void> release();
    void removeImage();

    QString path;
    Options options;
    std::shared_ptr<NbdSinkState> state;
    std::unique_ptr<QemuNbdExport> server;
};

Result<void> NbdSink::Private::createImage(qint64 capacity)
{
    // O_EXCL first: qemu-img create would silently overwrite, and two jobs racing for the
    // same path must not both succeed.
    // qemu-img keeps the file's 0600 mode.
    const auto fd = SafeFile::create(path, O_WRONLY);
    if (!fd)
        return std::unexpected(fd.error());
    ::close(*fd);
    if (auto created = QemuImg::create(path, options.format, capacity); !created) {
        removeImage();
        return created;
    }
    return {};
}

Result<void> NbdSink::Private::checkImage(qint64 capacity)
{
    if (auto own = SafeFile::checkOwn(path); !own)
        return std::unexpected(own.error().prefixed(u"cannot resume"_s));
    const auto info = QemuImg::info(path, options.format);
    if (!info)
        return std::unexpected(info.error());
    // Never Ferry's own: an image with a backing file was put there by someone else.
    if (!info->backingFile.isEmpty())
        return fail(
            ErrorCode::Unsupported,
            u"%1 has a backing file (%2), which Ferry never creates, so it cannot be resumed; delete it and start without --resume"_s.arg(
                path, info->backingFile));
    if (info->virtualSize != capacity)
        return fail(ErrorCode::Integrity,
                    u"%1 does not have the disk's size, so it cannot be resumed; start without --resume or delete it"_s.arg(path),
                    u"virtual size %1, disk capacity %2"_s.arg(info->virtualSize).arg(capacity));
    return {};
}

Result<void> NbdSink::Private::startExport(qint64 capacity)
{
    QemuNbdExport::Options exportOptions;
    exportOptions.image = path;
    exportOptions.format = options.format;
    exportOptions.readOnly = false;
    exportOptions.discard = true;
    exportOptions.maxClients = options.maxWriters + options.maxReaders;
    exportOptions.startTimeoutMs = options.startTimeoutMs;
    auto started = QemuNbdExport::start(exportOptions);
    if (!started)
        return std::unexpected(started.error());
    server = std::move(*started);
    state = std::make_shared<NbdSinkState>();
    state->socketPath = server->socketPath();
    state->limits.maxInFlight = options.requestsInFlight;
    state->limits.maxRequestBytes = options.maxRequestBytes;
    if (server->size() != capacity)
        return fail(ErrorCode::Integrity, u"qemu-nbd exports %1 with a size other than the disk's"_s.arg(path),
                    u"export size %1, disk capacity %2"_s.arg(server->size()).arg(capacity));
    return {};
}

Result<std::unique_ptr<NbdConnection>> NbdSink::Private::connect(bool writer)
{
    if (!server)
        return fail(ErrorCode::Internal, u"the NBD sink %1 is not open"_s.arg(path));
    std::atomic<int> &live = writer ? state->liveWriters : state->liveReaders;
    const int max = writer ? options.maxWriters : options.maxReaders;
    const QString role = writer ? u"writer"_s : u"reader"_s;
    // qemu-nbd would accept the extra connection only after another one closed, so a
    // caller asking for more than configured would hang: refuse instead.
    if (live.fetch_add(1) >= max) {
        --live;
        return fail(ErrorCode::Internal, u"more %1s of %2 than configured (%3)"_s.arg(role, path).arg(max));
    }
    auto connection = NbdConnection::connectUnix(state->socketPath, state->limits);
    if (!connection)
        --live;
    return connection;
}

Result<void> NbdSink::Private::release()
{
    Result<void> outcome;
    if (server) {
        outcome = server->flush();
        const auto stopped = server->stop();
        server.reset();
        if (outcome && !stopped)
            outcome = stopped;
    }
    state.reset();
    return outcome;
}

void NbdSink::Private::removeImage()
{
    ::unlink(QFile::encodeName(path).constData());
}

NbdSink::NbdSink(QString path)
    : NbdSink(std::move(path), Options{})
{
}

NbdSink::NbdSink(QString path, Options options)
    : d(std::make_unique<Private>())
{
    d->path = std::move(path);
    d->options = std::move(options);
}

NbdSink::~NbdSink()
{
    discard(true);
}

QString NbdSink::description() const
{
    return u"%1 image %2 (through qemu-nbd)"_s.arg(d->options.format, d->path);
}

QString NbdSink::target() const
{
    return d->path;
}

QString NbdSink::format() const
{
    return d->options.format;
}

Result<void> NbdSink::open(qint64 capacity, OpenMode mode)
{
    if (d->server)
        return fail(ErrorCode::Internal, u"the NBD sink %1 is already open"_s.arg(d->path));
    if (d->options.format != u"qcow2"_s && d->options.format != u"raw"_s)
        return fail(ErrorCode::Usage, u"unsupported target format \"%1\"; use raw or qcow2"_s.arg(d->options.format));
    // qemu rounds image sizes up to whole 512-byte sectors; VMware disks always are.
    if (capacity <= 0 || capacity % 512 != 0)
        return fail(ErrorCode::Unsupported,
                    u"the disk size %1 is not a whole number of 512-byte sectors, which qemu images need; write a raw file instead"_s.arg(
                        capacity));
    auto ready = mode == OpenMode::Create ? d->createImage(capacity) : d->checkImage(capacity);
    if (!ready)
        return ready;
    if (auto started = d->startExport(capacity); !started) {
        d->release();
        if (mode == OpenMode::Create)
            d->removeImage();
        return started;
    }
    if (mode == OpenMode::Create)
        d->state->fresh = std::make_unique<WrittenMap>(capacity);
    return {};
}

Result<std::unique_ptr<SinkWriter>> NbdSink::createWriter()
{
    auto connection = d->connect(true);
    if (!connection)
        return std::unexpected(connection.error());
    return std::make_unique<NbdSinkWriter>(d->state, std::move(*connection));
}

Result<std::unique_ptr<SinkReader>> NbdSink::createReader()
{
    auto connection = d->connect(false);
    if (!connection)
        return std::unexpected(connection.error());
    return std::make_unique<NbdSinkReader>(d->state, std::move(*connection));
}

Result<void> NbdSink::commit()
{
    if (!d->server)
        return fail(ErrorCode::Internal, u"the NBD sink %1 is not open"_s.arg(d->path));
    if (d->state->liveWriters > 0 || d->state->liveReaders > 0)
        return fail(ErrorCode::Internal, u"writers or readers of %1 are still alive at commit"_s.arg(d->path));
    if (auto released = d->release(); !released)
        return std::unexpected(released.error().prefixed(u"cannot complete %1"_s.arg(d->path)));
    if (d->options.checkOnCommit)
        return QemuImg::check(d->path, d->options.format);
    return {};
}

void NbdSink::discard(bool keepPartial)
{
    if (!d->server)
        return;
    if (auto released = d->release(); !released)
        qCWarning(lcNbdSink) << "discarding" << d->path << ":" << released.error().toString();
    if (!keepPartial)
        d->removeImage();
}

QString NbdSink::exportUri() const
{
    return d->server ? d->server->uri() : QString();
}

} // namespace Ferry
