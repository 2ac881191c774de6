#pragma once

#include "convert/nicnamekeeper.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Ferry {

// report.json's "conversion" object (DESIGN.md, report.json contract).
struct ConversionReport
{
    QString tool;                               // "virt-v2v-in-place"
    QString version;                            // "2.2.0", from the tool's own first log line
    QString result = QStringLiteral("skipped"); // converted | failed | cancelled | skipped
    QString reason;                             // why it failed or was skipped; empty when converted
    double seconds = 0;
    int disks = 0;        // how many disks the tool was given (the VM's, in source order)
    QStringList changes;  // what the tool says it did, best effort from its -v -x log
    QStringList warnings; // the tool's own warnings
    QString diskBus;      // virtio-blk | virtio-scsi | ide; empty when unknown
    QString nicModel;     // virtio-net | e1000 | rtl8139; empty when unknown
    QString log;          // path of the full log, next to report.json
    QString virtioWin;    // the virtio-win ISO or directory given to the tool, empty when none
    // One decision per NIC (NicNameKeeper), in source order; empty unless converted.
    QList<NicNameDecision> nicNames;
    // Writing the conversion into the copies began (qemu-img commit): when the result is
    // not "converted" the copies may be partly converted and must not be used as they are.
    bool copyModified = false;

    bool converted() const { return result == QLatin1String("converted"); }
    QJsonObject toJson() const;
    // A report of a step that did not run, with why.
    static ConversionReport skipped(const QString &reason);
};

} // namespace Ferry
