#include "loopdevice.h"

#include "base/backoff.h"
#include "inspect/deviceholders.h"
#include "process/toolrunner.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int kAttempts = 6;

bool isTransient(const ToolRunner::Output &output)
{
    return output.err.contains("busy") || output.err.contains("Resource temporarily unavailable")
        || output.err.contains("failed to set up loop device");
}

} // namespace

Result<QString> LoopDevice::attach(const QString &file, qint64 offset, qint64 size, const std::atomic<bool> *cancel)
{
    QStringList arguments{u"--find"_s, u"--show"_s, u"--read-only"_s};
    if (offset > 0)
        arguments << u"--offset"_s << QString::number(offset);
    if (size > 0)
        arguments << u"--sizelimit"_s << QString::number(size);
    arguments << file;
    ToolRunner::Options options;
    options.timeoutMs = 30000;
    options.cancel = cancel;
    Backoff backoff(std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
    for (int attempt = 1;; ++attempt) {
        const auto output = ToolRunner::run(u"losetup"_s, arguments, options);
        if (!output)
            return std::unexpected(output.error());
        const QString device = QString::fromLocal8Bit(output->out).trimmed();
        if (output->exitCode == 0 && device.startsWith(u"/dev/"_s))
            return device;
        if (attempt >= kAttempts || !isTransient(*output))
            return fail(ErrorCode::Io,
                        u"Cannot attach a loop device to %1 (%2); check that the loop module is loaded."_s.arg(file, output->describe()));
        QThread::msleep(quint64(backoff.next().count()));
    }
}

Result<void> LoopDevice::detach(const QString &device)
{
    if (auto released = DeviceHolders::remove(device); !released)
        return released;
    ToolRunner::Options options;
    options.timeoutMs = 30000;
    Backoff backoff(std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
    for (int attempt = 1;; ++attempt) {
        const auto output = ToolRunner::run(u"losetup"_s, {u"--detach"_s, device}, options);
        if (!output)
            return std::unexpected(output.error());
        if (output->exitCode == 0) {
            // An activation racing with us: the kernel then only marks a loop device that is
            // still held for autoclear and reports success; it goes once its holders are gone.
            return DeviceHolders::remove(device);
        }
        if (attempt >= kAttempts || !output->err.contains("busy"))
            return fail(ErrorCode::Io, u"Cannot detach the loop device %1 (%2)."_s.arg(device, output->describe()));
        QThread::msleep(quint64(backoff.next().count()));
    }
}

} // namespace Ferry
