#pragma once

#include "base/error.h"

#include <QString>

namespace Ferry::Lab {

// The bench VM's disk: incompressible pseudo-random bytes (AES-128-CTR of zeros with
// a fixed key, so every run and every machine gets the same bytes) where each 8th
// 64 MiB region is left as a hole, so zero detection has real work to do.
class BenchDisk
{
public:
    static constexpr qint64 regionSize = qint64(64) << 20;
    static constexpr int zeroEvery = 8; // region index % 8 == 7 is zero

    // Writes the file unless it already exists with the right size. Atomic: a
    // half-written file never has the final name.
    static Result<void> ensure(const QString &path, qint64 size);
    static bool isZeroRegion(qint64 offset);
};

} // namespace Ferry::Lab
