#pragma once

#include "base/error.h"
#include "inspect/inspectionreport.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>

namespace Ferry {

// Reads LVM metadata from the guest's physical volumes with pvs/lvs --reportformat json,
// restricted by a devices filter to exactly those (read-only loop) devices, with
// --readonly (no locks, no metadata repair) and activation disabled: the host's own VGs
// are never looked at and the guest's are never activated, so a guest VG named like one of
// the host's is harmless and no device-mapper state is left behind.
//
// A linear LV on one PV is a contiguous byte range of that PV; the inspector reads it
// through a loop device by offset (works without device-mapper). Other LVs (striped,
// thin, raid, several segments) are reported, not read. Blocking; worker threads only.
class LvmScanner
{
public:
    struct Extent
    {
        QString pvDevice;
        qint64 offset = 0; // bytes from the start of the PV device
        qint64 size = 0;
    };

    struct Volume
    {
        LvmVolume info;
        std::optional<Extent> extent; // set when info.mapped
    };

    static Result<QList<Volume>> scan(const QStringList &pvDevices, const std::atomic<bool> *cancel);
    // Pure: the volumes from `lvs --segments` and `pvs` JSON reports.
    static Result<QList<Volume>> parse(const QByteArray &lvsJson, const QByteArray &pvsJson);
    // The --config string that limits LVM to these devices.
    static QString config(const QStringList &pvDevices);

private:
    static Volume volumeFrom(const QJsonObject &row, const QHash<QString, qint64> &peStart);
};

} // namespace Ferry
