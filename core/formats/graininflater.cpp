#include "graininflater.h"

#include <zlib.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace Ferry {

GrainInflater::GrainInflater(int threads, qint64 grainBytes)
    : m_grainBytes(grainBytes)
{
    m_pool.setMaxThreadCount(qMax(1, threads));
    m_pool.setObjectName(u"grain-inflate"_s);
}

GrainInflater::~GrainInflater()
{
    m_pool.waitForDone();
}

void GrainInflater::submit(qint64 offset, qint64 minBytes, QByteArray compressed)
{
    auto promise = std::make_shared<std::promise<Result<QByteArray>>>();
    m_jobs.push_back(Job{offset, promise->get_future()});
    const qint64 maxBytes = m_grainBytes;
    m_pool.start([promise, compressed = std::move(compressed), minBytes, maxBytes] {
        promise->set_value(inflateGrain(compressed, minBytes, maxBytes));
    });
}

qsizetype GrainInflater::pending() const
{
    return qsizetype(m_jobs.size());
}

qint64 GrainInflater::frontOffset() const
{
    return m_jobs.front().offset;
}

Result<GrainInflater::Grain> GrainInflater::takeFirst()
{
    Job job = std::move(m_jobs.front());
    m_jobs.pop_front();
    Result<QByteArray> data = job.result.get();
    if (!data)
        return std::unexpected(data.error().prefixed(u"grain at byte %1"_s.arg(job.offset)));
    return Grain{job.offset, std::move(*data)};
}

Result<QByteArray> GrainInflater::inflateGrain(QByteArrayView compressed, qint64 minBytes, qint64 maxBytes)
{
    // One byte more than a grain: output that fills it proves an oversized grain.
    QByteArray out(qsizetype(maxBytes + 1), Qt::Uninitialized);
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 32) != Z_OK) // zlib or gzip header, as qemu and VMware write
        return fail(ErrorCode::Internal, u"zlib inflateInit failed"_s);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = inflate(&stream, Z_FINISH);
    const qint64 produced = qint64(stream.total_out);
    const QString zlibMessage = stream.msg ? QString::fromLatin1(stream.msg) : QString();
    inflateEnd(&stream);
    if (produced > maxBytes)
        return fail(ErrorCode::Integrity, u"corrupt grain: inflates to more than %1 bytes"_s.arg(maxBytes));
    if (status != Z_STREAM_END)
        return fail(ErrorCode::Integrity,
                    u"corrupt grain: the compressed data does not inflate (zlib %1%2)"_s.arg(status).arg(
                        zlibMessage.isEmpty() ? QString() : u": "_s + zlibMessage));
    if (produced < minBytes)
        return fail(ErrorCode::Integrity, u"corrupt grain: inflates to %1 bytes, expected %2"_s.arg(produced).arg(minBytes));
    out.truncate(qsizetype(produced));
    return out;
}

} // namespace Ferry
