#pragma once

#include "vsphere/sourceendpoint.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace Ferry {

// What the HTTP checks and the read benchmark read: one disk's -flat.vmdk on the source.
// Plain data; the caller finds the disk in the inventory (SourceEndpoint::folderUrl()).
struct NetCheckSource
{
    SourceEndpoint endpoint;
    QUrl diskUrl;        // /folder URL of a -flat.vmdk
    qint64 capacity = 0; // the disk's size in bytes (the Content-Range total)
    QByteArray cookie;   // "vmware_soap_session=..." from a logged-in session; may be empty
    QString diskLabel;   // "vm1 / Hard disk 1", for summaries
};

} // namespace Ferry
