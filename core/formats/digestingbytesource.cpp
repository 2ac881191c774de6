#include "digestingbytesource.h"

using namespace Qt::StringLiterals;

namespace Ferry {

DigestingByteSource::DigestingByteSource(ByteSource &inner, Manifest::Entry expected)
    : m_inner(inner)
    , m_expected(std::move(expected))
    , m_hash(m_expected.algorithm)
{
}

Result<qint64> DigestingByteSource::readData(char *data, qint64 maxSize)
{
    auto got = m_inner.read(data, maxSize);
    if (got && *got > 0)
        m_hash.update(QByteArrayView(data, qsizetype(*got)));
    return got;
}

Result<void> DigestingByteSource::finish()
{
    // What the consumer did not need (padding after a VMDK's end-of-stream marker) is
    // still part of the file the manifest describes.
    QByteArray buffer(64 * 1024, Qt::Uninitialized);
    for (;;) {
        auto got = read(buffer.data(), buffer.size());
        if (!got)
            return std::unexpected(got.error());
        if (*got == 0)
            break;
    }
    m_actual = m_hash.result();
    if (m_actual != m_expected.digest)
        return fail(ErrorCode::Integrity,
                    u"file '%1': %2 digest does not match the manifest"_s.arg(m_expected.fileName, m_expected.algorithmName),
                    u"manifest %1, file %2"_s.arg(QString::fromLatin1(m_expected.digest.toHex()), QString::fromLatin1(m_actual.toHex())));
    return {};
}

QByteArray DigestingByteSource::actualDigest() const
{
    return m_actual;
}

} // namespace Ferry
