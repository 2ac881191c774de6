#include "bytesource.h"

#include <array>

using namespace Qt::StringLiterals;

namespace Ferry {

Result<qint64> ByteSource::read(char *data, qint64 maxSize)
{
    auto got = readData(data, maxSize);
    if (got)
        m_position += *got;
    return got;
}

Result<void> ByteSource::readExactly(char *data, qint64 size, const QString &what)
{
    qint64 done = 0;
    while (done < size) {
        auto got = read(data + done, size - done);
        if (!got)
            return std::unexpected(got.error());
        if (*got == 0)
            return fail(ErrorCode::Integrity, u"truncated input: %1 ends at byte %2"_s.arg(what).arg(m_position));
        done += *got;
    }
    return {};
}

Result<void> ByteSource::skip(qint64 size, const QString &what)
{
    std::array<char, 64 * 1024> buffer;
    while (size > 0) {
        const qint64 step = qMin<qint64>(size, qint64(buffer.size()));
        if (auto ok = readExactly(buffer.data(), step, what); !ok)
            return ok;
        size -= step;
    }
    return {};
}

Result<QByteArray> ByteSource::readAll(qint64 maxSize, const QString &what)
{
    QByteArray all;
    std::array<char, 64 * 1024> buffer;
    for (;;) {
        auto got = read(buffer.data(), qint64(buffer.size()));
        if (!got)
            return std::unexpected(got.error());
        if (*got == 0)
            return all;
        if (all.size() + *got > maxSize)
            return fail(ErrorCode::Integrity, u"%1 is larger than %2 bytes"_s.arg(what).arg(maxSize));
        all.append(buffer.data(), qsizetype(*got));
    }
}

} // namespace Ferry
