#pragma once

#include <QString>

namespace Ferry::ConvertedDomain {

// The domain XML Ferry wrote for a guest that was not converted (SATA disks, e1000e, VGA,
// no balloon), rewritten for the guest after a conversion: virtio-blk disks named vdX in
// the same order, virtio video and balloon, and virtio-net when virtioNet. Only the
// shapes DomainBuilder writes are recognised; anything else is left as it was.
QString withVirtio(const QString &xml, bool virtioNet);

} // namespace Ferry::ConvertedDomain
