#include "recordingwritermock.h"

#include <cstring>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

RecordingWriterMock::Image::Image(qint64 size)
    : bytes(size, '\x5a') // not zero: a missing zero request must show
{
}

RecordingWriterMock::RecordingWriterMock(Image &image)
    : m_image(image)
{
}

Result<void> RecordingWriterMock::record(Call call)
{
    if (failAtCall == calls.size())
        return fail(ErrorCode::Io, u"injected failure"_s);
    std::lock_guard lock(m_image.mutex);
    if (call.offset < 0 || call.offset + call.length > m_image.bytes.size())
        return fail(ErrorCode::Internal, u"out of range"_s);
    if (call.kind == Call::Kind::Write)
        std::memcpy(m_image.bytes.data() + call.offset, call.data.constData(), size_t(call.length));
    else if (call.kind == Call::Kind::Zero)
        std::memset(m_image.bytes.data() + call.offset, 0, size_t(call.length));
    calls.append(std::move(call));
    return {};
}

Result<void> RecordingWriterMock::write(qint64 offset, QByteArrayView data)
{
    return record(Call{Call::Kind::Write, offset, data.size(), data.toByteArray()});
}

Result<void> RecordingWriterMock::zero(qint64 offset, qint64 length)
{
    return record(Call{Call::Kind::Zero, offset, length, {}});
}

Result<void> RecordingWriterMock::flush()
{
    return record(Call{Call::Kind::Flush, 0, 0, {}});
}

} // namespace Ferry::Test
