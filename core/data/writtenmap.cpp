#include "writtenmap.h"

#include "zerodetector.h"

#include <algorithm>

namespace Ferry {

namespace {
constexpr qint64 kBitsPerWord = 64;

// Bits [first, last] of word `word`, where first/last are global bit numbers.
quint64 wordMask(qint64 word, qint64 first, qint64 last)
{
    const qint64 lo = std::max(first, word * kBitsPerWord) - word * kBitsPerWord;
    const qint64 hi = std::min(last, word * kBitsPerWord + kBitsPerWord - 1) - word * kBitsPerWord;
    const quint64 upTo = hi == kBitsPerWord - 1 ? ~quint64(0) : (quint64(1) << (hi + 1)) - 1;
    return upTo & ~((quint64(1) << lo) - 1);
}
}

WrittenMap::WrittenMap(qint64 capacity)
    : m_capacity(capacity)
    , m_words(capacity <= 0 ? 0 : (capacity - 1) / (kZeroBlock * kBitsPerWord) + 1)
    , m_bits(std::make_unique<std::atomic<quint64>[]>(size_t(std::max<qint64>(m_words, 1))))
{
}

WrittenMap::~WrittenMap() = default;

void WrittenMap::markWritten(qint64 offset, qint64 length)
{
    if (length <= 0 || offset < 0 || offset >= m_capacity)
        return;
    const qint64 first = offset / kZeroBlock;
    const qint64 last = (offset + std::min(length, m_capacity - offset) - 1) / kZeroBlock;
    for (qint64 word = first / kBitsPerWord; word <= last / kBitsPerWord; ++word)
        m_bits[size_t(word)].fetch_or(wordMask(word, first, last), std::memory_order_release);
}

bool WrittenMap::isUntouched(qint64 offset, qint64 length) const
{
    if (length <= 0)
        return true;
    if (offset < 0 || offset > m_capacity || length > m_capacity - offset)
        return false;
    const qint64 first = offset / kZeroBlock;
    const qint64 last = (offset + length - 1) / kZeroBlock;
    for (qint64 word = first / kBitsPerWord; word <= last / kBitsPerWord; ++word) {
        if (m_bits[size_t(word)].load(std::memory_order_acquire) & wordMask(word, first, last))
            return false;
    }
    return true;
}

} // namespace Ferry
