#include "diskcapacity.h"

using namespace Qt::StringLiterals;

namespace Ferry {

Result<void> DiskCapacity::check(qint64 bytes, ErrorCode code)
{
    if (bytes < 0)
        return fail(code, u"the disk capacity %1 bytes is negative, which no disk can be"_s.arg(bytes));
    if (bytes > maximum)
        return fail(code,
                    u"the disk capacity %1 bytes is larger than the 62 TiB a VMDK can hold; the server's answer cannot be right"_s.arg(
                        bytes));
    return {};
}

} // namespace Ferry
