#include "migrationreport.h"

#include "safefile.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Ferry {

QJsonObject DiskReport::toJson() const
{
    QJsonObject object{
        {u"label"_s, label},
        {u"source"_s, source},
        {u"capacity"_s, capacity},
        {u"target"_s, target},
        {u"format"_s, format},
        {u"bytes_fetched"_s, bytesFetched},
        {u"bytes_zero"_s, bytesZero},
        {u"bytes_resumed"_s, bytesResumed},
        {u"sha256"_s, sha256},
        {u"seconds"_s, seconds},
        {u"verified"_s, verified},
        {u"retries"_s, retries},
        {u"responses_503"_s, responses503},
    };
    if (!mismatches.isEmpty()) {
        QJsonArray list;
        for (const VerifyMismatch &mismatch : mismatches)
            list.append(QJsonObject{{u"offset"_s, mismatch.offset},
                                    {u"length"_s, mismatch.length},
                                    {u"expected"_s, mismatch.expected},
                                    {u"actual"_s, mismatch.actual}});
        object.insert(u"verify_mismatches"_s, list);
    }
    if (!error.isEmpty())
        object.insert(u"error"_s, error);
    return object;
}

bool MigrationReport::ok() const
{
    if (error)
        return false;
    return std::all_of(disks.begin(), disks.end(), [](const DiskReport &disk) { return disk.error.isEmpty(); });
}

QJsonObject MigrationReport::toJson() const
{
    QJsonArray diskList;
    for (const DiskReport &disk : disks)
        diskList.append(disk.toJson());
    QJsonArray findingList;
    for (const Finding &finding : findings)
        findingList.append(finding.toJson());
    // Without inspection (--no-inspect, or it could not run) "performed": false says so
    // and the findings are preflight's alone.
    QJsonObject inspectionJson = inspected ? inspection
                                           : QJsonObject{{u"os"_s, QJsonObject{}}, {u"partitions"_s, QJsonArray{}}};
    inspectionJson.insert(u"performed"_s, inspected);
    inspectionJson.insert(u"findings"_s, findingList);
    QJsonObject object{
        {u"vm"_s, vm},
        {u"source"_s, source},
        {u"target"_s, target},
        {u"disks"_s, diskList},
        {u"inspection"_s, inspectionJson},
        {u"domain_xml"_s, domainXml},
        {u"decisions"_s, QJsonArray::fromStringList(decisions)},
        {u"warnings"_s, QJsonArray::fromStringList(warnings)},
        {u"result"_s, ok() ? u"ok"_s : u"failed"_s},
    };
    if (conversion)
        object.insert(u"conversion"_s, conversion->toJson());
    if (error)
        object.insert(u"error"_s, QJsonObject{{u"message"_s, error->message()}, {u"details"_s, error->details()}});
    return object;
}

Result<void> MigrationReport::writeTo(const QString &path) const
{
    return SafeFile::writeAtomically(path, QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
}

} // namespace Ferry
