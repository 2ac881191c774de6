#include "blockaccess.h"

#include "inspect/loopdevice.h"
#include "nbd/fuseblockexport.h"
#include "nbd/nbdkitcurlexport.h"
#include "nbd/qemunbdexport.h"
#include "process/toolrunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Wraps a move-only export in a copyable cleanup action.
template<typename Export>
CleanupStack::Action stopAction(std::unique_ptr<Export> server)
{
    auto shared = std::shared_ptr<Export>(std::move(server));
    return [shared] { return shared->stop(); };
}

qint64 blockDeviceSize(const QString &device)
{
    const int fd = ::open(QFile::encodeName(device).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    quint64 bytes = 0;
    const int rc = ::ioctl(fd, BLKGETSIZE64, &bytes);
    ::close(fd);
    return rc == 0 ? qint64(bytes) : -1;
}

// A /dev/nbdN without a client (size 0 and no pid file).
QString freeNbdDevice()
{
    const QStringList names = QDir(u"/sys/block"_s).entryList({u"nbd*"_s}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        QFile size(u"/sys/block/%1/size"_s.arg(name));
        if (!QFile::exists(u"/sys/block/%1/pid"_s.arg(name)) && size.open(QIODevice::ReadOnly) && size.readAll().trimmed() == "0"
            && QFile::exists(u"/dev/"_s + name))
            return u"/dev/"_s + name;
    }
    return {};
}

} // namespace

bool BlockAccess::kernelNbdAvailable()
{
    if (qEnvironmentVariable("FERRY_INSPECT_BLOCK") == u"fuse")
        return false;
    return QFileInfo::exists(u"/sys/block/nbd0"_s) && QFileInfo::exists(u"/dev/nbd0"_s);
}

Result<BlockAccess> BlockAccess::open(const InspectSource &target, CleanupStack &cleanup, const std::atomic<bool> *cancel)
{
    BlockAccess access;
    const auto uri = access.exportTarget(target, cleanup, cancel);
    if (!uri)
        return std::unexpected(uri.error());
    if (cancel && cancel->load())
        return fail(ErrorCode::Cancelled, u"Inspection was cancelled."_s);
    const auto attached = kernelNbdAvailable() ? access.attachKernelNbd(*uri, cleanup, cancel)
                                               : access.attachFuseLoop(*uri, cleanup, cancel);
    if (!attached)
        return std::unexpected(attached.error());
    access.m_size = blockDeviceSize(access.m_device);
    if (access.m_size <= 0)
        return fail(ErrorCode::Io, u"Cannot read the size of %1."_s.arg(access.m_device));
    return access;
}

Result<QString> BlockAccess::exportTarget(const InspectSource &target, CleanupStack &cleanup, const std::atomic<bool> *cancel)
{
    switch (target.kind) {
    case InspectSource::Kind::Nbd:
        return target.nbdUri;
    case InspectSource::Kind::Image: {
        QemuNbdExport::Options options;
        options.image = target.image;
        options.format = target.format.isEmpty() ? InspectSource::detectFormat(target.image) : target.format;
        options.readOnly = true;
        options.maxClients = 2;
        auto server = QemuNbdExport::start(options);
        if (!server)
            return std::unexpected(server.error());
        const QString uri = (*server)->uri();
        cleanup.push(u"stop qemu-nbd"_s, stopAction(std::move(*server)));
        return uri;
    }
    case InspectSource::Kind::Http: {
        auto server = NbdkitCurlExport::start(target.http, cancel);
        if (!server)
            return std::unexpected(server.error());
        const QString uri = (*server)->uri();
        cleanup.push(u"stop nbdkit"_s, stopAction(std::move(*server)));
        return uri;
    }
    }
    return fail(ErrorCode::Internal, u"Unknown inspection target."_s);
}

Result<void> BlockAccess::attachFuseLoop(const QString &uri, CleanupStack &cleanup, const std::atomic<bool> *cancel)
{
    FuseBlockExport::Options options;
    options.nbdUri = uri;
    auto fuse = FuseBlockExport::start(options, cancel);
    if (!fuse)
        return std::unexpected(fuse.error());
    m_backing = (*fuse)->path();
    cleanup.push(u"stop qemu-storage-daemon"_s, stopAction(std::move(*fuse)));
    const auto loop = LoopDevice::attach(m_backing, 0, 0, cancel);
    if (!loop)
        return std::unexpected(loop.error());
    m_device = *loop;
    cleanup.push(u"losetup -d "_s + m_device, [device = m_device] { return LoopDevice::detach(device); });
    m_method = Method::FuseLoop;
    return {};
}

Result<void> BlockAccess::attachKernelNbd(const QString &uri, CleanupStack &cleanup, const std::atomic<bool> *cancel)
{
    const QString device = freeNbdDevice();
    if (device.isEmpty())
        return attachFuseLoop(uri, cleanup, cancel);
    ToolRunner::Options options;
    options.timeoutMs = 30000;
    options.cancel = cancel;
    // qemu-nbd --connect forks a client that serves the kernel device until --disconnect.
    const auto connected = ToolRunner::runChecked(u"qemu-nbd"_s, {u"--connect="_s + device, u"--read-only"_s, u"--format=raw"_s, uri},
                                                  options);
    if (!connected)
        return std::unexpected(connected.error());
    cleanup.push(u"qemu-nbd --disconnect "_s + device, [device] {
        ToolRunner::Options disconnect;
        disconnect.timeoutMs = 30000;
        const auto done = ToolRunner::runChecked(u"qemu-nbd"_s, {u"--disconnect"_s, device}, disconnect);
        return done ? Result<void>() : std::unexpected(done.error());
    });
    m_device = device;
    m_backing = device;
    m_method = Method::KernelNbd;
    return {};
}

Result<QString> BlockAccess::slice(qint64 offset, qint64 size, CleanupStack &cleanup, const std::atomic<bool> *cancel) const
{
    const auto loop = LoopDevice::attach(m_backing, offset, size, cancel);
    if (!loop)
        return std::unexpected(loop.error());
    cleanup.push(u"losetup -d "_s + *loop, [device = *loop] { return LoopDevice::detach(device); });
    return *loop;
}

QString BlockAccess::device() const
{
    return m_device;
}

qint64 BlockAccess::size() const
{
    return m_size;
}

BlockAccess::Method BlockAccess::method() const
{
    return m_method;
}

} // namespace Ferry
