#pragma once

#include <QByteArray>

#include <cstddef>
#include <cstdint>

// libFuzzer's input as a QByteArray that does not copy it (valid during one call).
inline QByteArray fuzzBytes(const uint8_t *data, size_t size)
{
    return QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
}

// A property the code promises was broken: abort so libFuzzer keeps the input.
#define FUZZ_ASSERT(condition)                                                                                                             \
    do {                                                                                                                                   \
        if (!(condition))                                                                                                                  \
            __builtin_trap();                                                                                                              \
    } while (false)
