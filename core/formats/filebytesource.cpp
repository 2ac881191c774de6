#include "filebytesource.h"

using namespace Qt::StringLiterals;

namespace Ferry {

FileByteSource::FileByteSource(const QString &path)
    : m_file(path)
{
}

Result<std::unique_ptr<FileByteSource>> FileByteSource::open(const QString &path)
{
    std::unique_ptr<FileByteSource> source(new FileByteSource(path));
    if (!source->m_file.exists())
        return fail(ErrorCode::NotFound, u"file '%1' does not exist"_s.arg(path));
    if (!source->m_file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, u"cannot open '%1': %2"_s.arg(path, source->m_file.errorString()));
    return source;
}

Result<qint64> FileByteSource::readData(char *data, qint64 maxSize)
{
    const qint64 got = m_file.read(data, maxSize);
    if (got < 0)
        return fail(ErrorCode::Io, u"cannot read '%1': %2"_s.arg(m_file.fileName(), m_file.errorString()));
    return got;
}

qint64 FileByteSource::size() const
{
    return m_file.size();
}

} // namespace Ferry
