#pragma once

#include "convert/conversionreport.h"
#include "error.h"
#include "plan/finding.h"
#include "transfer/verifier.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Ferry {

// One disk's line in report.json (see the README's report.json contract).
struct DiskReport
{
    QString label;           // "Hard disk 1"
    QString source;          // "[datastore1] vm/vm.vmdk"
    qint64 capacity = 0;
    QString target;          // path or volume
    QString format;          // raw | qcow2
    qint64 bytesFetched = 0; // in this run
    qint64 bytesZero = 0;    // fetched bytes that were zero and became holes
    qint64 bytesResumed = 0; // skipped because an earlier run had them (--resume)
    QString sha256;          // of the whole virtual disk as written
    double seconds = 0;
    bool verified = false;   // --verify read it back and every chunk matched
    int retries = 0;
    int responses503 = 0;
    QList<VerifyMismatch> mismatches;
    QString error;           // empty when the disk was copied

    QJsonObject toJson() const;
};

// report.json of one migrated VM. Written for failures too, so the admin always
// finds out what happened and what is left on disk.
struct MigrationReport
{
    QString vm;
    QJsonObject source;      // host, moref, vmx, datacenter
    QJsonObject target;      // kind, path/uri
    QList<DiskReport> disks;
    QList<Finding> findings; // preflight and inspection findings
    bool inspected = false;
    QJsonObject inspection;  // InspectionReport::toJson() when inspected
    std::optional<ConversionReport> conversion; // set once the VM reached the conversion step
    QStringList decisions;   // how the domain was shaped, each with its reason
    QString domainXml;       // path or name
    QStringList warnings;
    std::optional<Error> error;

    bool ok() const;
    QJsonObject toJson() const;
    // Writes atomically (temp file + rename): a report is either whole or absent.
    Result<void> writeTo(const QString &path) const;
};

} // namespace Ferry
