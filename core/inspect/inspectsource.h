#pragma once

#include "nbd/nbdkitcurlexport.h"
#include "vsphere/sourceendpoint.h"

#include <QString>

namespace Ferry {

// What to inspect: a written image file (exported with qemu-nbd), an existing NBD export,
// or a disk still on the source host (exported with nbdkit curl over its /folder URL).
struct InspectSource
{
    enum class Kind { Image, Nbd, Http };

    Kind kind = Kind::Image;
    QString image;                  // Kind::Image
    QString format;                 // raw or qcow2; empty: detected from the file's first bytes
    QString nbdUri;                 // Kind::Nbd: nbd+unix:///?socket=PATH or nbd://HOST:PORT/NAME
    NbdkitCurlExport::Options http; // Kind::Http

    static InspectSource fromImage(const QString &path, const QString &format = {});
    static InspectSource fromNbdUri(const QString &uri);
    // The -flat.vmdk of a source disk: flatPath as DiskInfo::flatPath() ("vm/vm-flat.vmdk").
    // With a session cookie the cookie authenticates, otherwise the endpoint's user/password.
    static InspectSource fromSourceDisk(const SourceEndpoint &endpoint, const QString &datacenter, const QString &datastore,
                                        const QString &flatPath, const QByteArray &sessionCookie = {});

    // For people and the report: the image path, the NBD URI or the URL without credentials.
    QString displayName() const;
    // "qcow2" when the file starts with the qcow2 magic, else "raw".
    static QString detectFormat(const QString &path);
};

} // namespace Ferry
