#include "guestprofile.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Families named with their first release that ships virtio drivers in the kernel *and*
// in the default initramfs, so the converted disk boots from virtio-blk unchanged.
bool isModernLinux(const QString &id)
{
    static const QRegularExpression versioned(u"^(rhel|centos|debian|sles|oracleLinux)(\\d+)(_64)?Guest$"_s);
    const auto match = versioned.match(id);
    // "centos64Guest" and "sles64Guest" are the old unversioned 64-bit ids, not version 64.
    if (match.hasMatch() && !(match.captured(3).isEmpty() && match.captured(2).endsWith(u"64"_s))) {
        const QString family = match.captured(1);
        const int version = match.captured(2).toInt();
        const int first = family == u"debian"_s ? 10 : family == u"sles"_s ? 12 : 7;
        return version >= first;
    }
    static const QRegularExpression modern(u"^(ubuntu64Guest|other[3-6]xLinux64Guest|otherLinux64Guest|fedora64Guest|"
                                           "rockylinux_64Guest|almalinux_64Guest|amazonlinux[2-9]_64Guest|coreos64Guest|"
                                           "vmwarePhoton64Guest|asianux[4-9]_64Guest)$"_s);
    return modern.match(id).hasMatch();
}

} // namespace

GuestProfile GuestProfile::fromGuestId(const QString &guestId)
{
    GuestProfile profile;
    profile.windows = guestId.startsWith(u"win"_s, Qt::CaseInsensitive);
    profile.virtioDisk = !profile.windows && isModernLinux(guestId);
    profile.virtioNet = profile.virtioDisk;
    const QString id = guestId.isEmpty() ? u"(none)"_s : guestId;
    profile.reason = u"chosen from guest id %1; inspection not available"_s.arg(id);
    return profile;
}

} // namespace Ferry
