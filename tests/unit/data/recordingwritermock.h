#pragma once

#include "data/sink.h"

#include <QByteArray>
#include <QList>

#include <mutex>

namespace Ferry::Test {

// A mock SinkWriter (no real sink can tell whether zeros arrived as data or as zero
// requests): it records every call and applies it to an in-memory disk image.
// Several mocks may share one image; calls are serialised by the image's mutex.
class RecordingWriterMock : public SinkWriter
{
public:
    struct Call
    {
        enum class Kind { Write, Zero, Flush } kind;
        qint64 offset = 0;
        qint64 length = 0;
        QByteArray data; // the bytes of a Write
    };

    struct Image
    {
        explicit Image(qint64 size);
        QByteArray bytes;
        std::mutex mutex;
    };

    explicit RecordingWriterMock(Image &image);

    Result<void> write(qint64 offset, QByteArrayView data) override;
    Result<void> zero(qint64 offset, qint64 length) override;
    Result<void> flush() override;

    QList<Call> calls;
    // The call number (0-based) that fails with ErrorCode::Io; -1 for none.
    int failAtCall = -1;

private:
    Result<void> record(Call call);

    Image &m_image;
};

} // namespace Ferry::Test
