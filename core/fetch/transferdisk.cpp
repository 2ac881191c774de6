#include "transferdisk.h"

using namespace Qt::StringLiterals;

namespace Ferry {

TransferDisk::TransferDisk(int index, DiskTransferSpec spec)
    : index(index)
    , spec(std::move(spec))
    , requestTarget(this->spec.url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment))
{
}

QString TransferDisk::displayName() const
{
    QString name = u"disk '%1'"_s.arg(spec.label);
    if (!spec.source.isEmpty())
        name += u" (%1)"_s.arg(spec.source);
    return name;
}

} // namespace Ferry
