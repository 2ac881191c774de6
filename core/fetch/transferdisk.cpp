#include "transferdisk.h"

using namespace Qt::StringLiterals;

namespace Ferry {

QString TransferDisk::displayName() const
{
    QString name = u"disk '%1'"_s.arg(label);
    if (!source.isEmpty())
        name += u" (%1)"_s.arg(source);
    return name;
}

} // namespace Ferry
