#pragma once

#include "error.h"

#include <QString>

namespace Ferry {

// Parses "33554432", "32M", "32MiB", "1.5G", "512k" (binary multiples: k/M/G/T = 1024^n,
// with or without "iB"; "MB" is accepted as MiB too, since every size Ferry takes is a
// buffer or a chunk where the binary meaning is what people expect).
Result<qint64> parseByteSize(const QString &text);

// 1536 -> "1.5 KiB", 34359738368 -> "32.0 GiB".
QString formatByteSize(qint64 bytes);

} // namespace Ferry
