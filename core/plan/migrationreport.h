#pragma once

#include "base/error.h"
#include "base/finding.h"
#include "convert/conversionreport.h"
#include "data/diskreport.h"
#include "target/bootcheck.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Ferry {

// report.json of one migrated VM. Written for failures too, so the admin always
// finds out what happened and what is left on disk.
struct MigrationReport
{
    QString vm;
    QJsonObject source; // host, moref, vmx, datacenter
    QJsonObject target; // kind, path/uri
    QList<DiskReport> disks;
    // How the disks were fetched over HTTPS: {"connections": 8 | "auto", "connections_used":
    // [the count in use when each disk finished]}; empty for package sources.
    QJsonObject transfer;
    QList<Finding> findings; // preflight and inspection findings
    bool inspected = false;
    QJsonObject inspection;                     // InspectionReport::toJson() when inspected
    std::optional<ConversionReport> conversion; // set once the VM reached the conversion step
    QStringList decisions;                      // how the domain was shaped, each with its reason
    QString domainXml;                          // path or name
    std::optional<BootCheckReport> bootCheck;   // set once the VM reached the define step
    QStringList warnings;
    std::optional<Error> error;

    bool ok() const;
    QJsonObject toJson() const;
    // Writes atomically (temp file + rename): a report is either whole or absent.
    Result<void> writeTo(const QString &path) const;
};

} // namespace Ferry
