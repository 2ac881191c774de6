#include "extentfeeder.h"

#include "data/chunkprocessor.h"
#include "data/zerodetector.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Zero runs are fed to a chunk that already holds data from this buffer.
constexpr qsizetype kZeroSlice = 256 * 1024;

QByteArrayView zeroSlice()
{
    static const QByteArray zeros(kZeroSlice, '\0');
    return zeros;
}

} // namespace

ExtentFeeder::ExtentFeeder(qint64 capacity, qint64 chunkSize, SinkWriter &writer, ChunkDone done)
    : m_capacity(capacity)
    , m_chunkSize(chunkSize)
    , m_writer(writer)
    , m_done(std::move(done))
{
}

ExtentFeeder::~ExtentFeeder() = default;

qint64 ExtentFeeder::position() const
{
    return m_position;
}

qint64 ExtentFeeder::zeroBytes() const
{
    return m_zeroBytes;
}

qint64 ExtentFeeder::chunkLengthAt(qint64 index) const
{
    return std::min(m_chunkSize, m_capacity - index * m_chunkSize);
}

Result<void> ExtentFeeder::add(const DiskExtent &extent)
{
    if (extent.isEnd())
        return {};
    if (extent.offset != m_position || extent.length < 0 || extent.length > m_capacity - m_position
        || (!extent.isZero() && extent.data.size() != extent.length))
        return fail(ErrorCode::Integrity,
                    u"the disk stream is not contiguous: an extent of %1 bytes at offset %2, expected offset %3 within %4 bytes"_s
                        .arg(extent.length)
                        .arg(extent.offset)
                        .arg(m_position)
                        .arg(m_capacity));
    return extent.isZero() ? feedZeros(extent.length) : feed(extent.data);
}

void ExtentFeeder::setResumed(QSet<qint64> chunks, std::unique_ptr<SinkReader> reader)
{
    m_resumed = std::move(chunks);
    m_reader = std::move(reader);
}

Result<void> ExtentFeeder::compareWithTarget(QByteArrayView bytes)
{
    m_readBack.resize(bytes.size());
    if (auto read = m_reader->read(m_position, std::span<char>(m_readBack.data(), size_t(m_readBack.size()))); !read)
        return read;
    if (QByteArrayView(m_readBack) != bytes)
        return fail(ErrorCode::Integrity,
                    u"the package differs from the one the interrupted import read (at byte %1 of the disk); "
                    u"remove the partial output and import it again without --resume"_s.arg(m_position));
    m_position += bytes.size();
    return {};
}

Result<void> ExtentFeeder::feed(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        const qint64 index = m_position / m_chunkSize;
        if (m_resumed.contains(index)) {
            const qint64 inChunk = index * m_chunkSize + chunkLengthAt(index) - m_position;
            const QByteArrayView piece = bytes.first(std::min<qint64>(inChunk, bytes.size()));
            if (auto same = compareWithTarget(piece); !same)
                return same;
            bytes = bytes.sliced(piece.size());
            continue;
        }
        if (!m_chunk)
            m_chunk = std::make_unique<ChunkProcessor>(index * m_chunkSize, chunkLengthAt(index), index);
        const qint64 room = m_chunk->length() - m_chunk->received();
        const QByteArrayView piece = bytes.first(std::min<qint64>(room, bytes.size()));
        if (auto appended = m_chunk->append(piece, m_writer); !appended)
            return appended;
        m_position += piece.size();
        bytes = bytes.sliced(piece.size());
        if (m_chunk->received() == m_chunk->length()) {
            if (auto completed = completeChunk(); !completed)
                return completed;
        }
    }
    return {};
}

Result<void> ExtentFeeder::feedZeros(qint64 length)
{
    const qint64 end = m_position + length;
    while (m_position < end) {
        const qint64 index = m_position / m_chunkSize;
        if (!m_chunk && !m_resumed.contains(index) && m_position == index * m_chunkSize && end - m_position >= chunkLengthAt(index)) {
            if (auto zeroed = zeroWholeChunk(); !zeroed)
                return zeroed;
            continue;
        }
        const qint64 inChunk = (index + 1) * m_chunkSize - m_position;
        const qint64 piece = std::min({end - m_position, inChunk, qint64(kZeroSlice)});
        if (auto fed = feed(zeroSlice().first(piece)); !fed)
            return fed;
    }
    return {};
}

Result<void> ExtentFeeder::zeroWholeChunk()
{
    const qint64 index = m_position / m_chunkSize;
    const qint64 length = chunkLengthAt(index);
    if (auto zeroed = m_writer.zero(m_position, length); !zeroed)
        return zeroed;
    if (auto drained = m_writer.drain(); !drained)
        return drained;
    ChunkDigest digest;
    digest.index = index;
    digest.offset = m_position;
    digest.length = length;
    digest.zeroBytes = length;
    digest.zeroBlocks.fill(true, (length + kZeroBlock - 1) / kZeroBlock);
    m_position += length;
    m_zeroBytes += length;
    m_done(digest);
    return {};
}

Result<void> ExtentFeeder::completeChunk()
{
    auto digest = m_chunk->finish(m_writer);
    m_chunk.reset();
    if (!digest)
        return std::unexpected(digest.error());
    // The digest thread reads the chunk back: it must be on the target first.
    if (auto drained = m_writer.drain(); !drained)
        return drained;
    m_zeroBytes += digest->zeroBytes;
    m_done(*digest);
    return {};
}

Result<void> ExtentFeeder::finish()
{
    if (m_position != m_capacity || m_chunk)
        return fail(ErrorCode::Integrity, u"the disk stream ended at byte %1 of %2"_s.arg(m_position).arg(m_capacity));
    return m_writer.flush();
}

} // namespace Ferry
