#pragma once

#include "error.h"

#include <QtGlobal>

namespace Ferry {

// The largest virtual disk Ferry copies: what a VMDK can hold (62 TiB since vSphere 5.5).
// A capacity comes from the server (or a saved inventory), and chunk counts, bitmaps,
// journal records and byte offsets are all sized from it. Checking it once against this
// bound, before anything is sized, keeps all of that arithmetic far from qint64 overflow
// and every allocation small (a hostile INT64_MAX would otherwise wrap the chunk count).
class DiskCapacity
{
public:
    static constexpr qint64 maximum = 62ll << 40;

    // Fails for a negative capacity or one above maximum, with a one-line message that
    // names the number; the caller prefixes which disk it was.
    static Result<void> check(qint64 bytes, ErrorCode code = ErrorCode::Protocol);
};

} // namespace Ferry
