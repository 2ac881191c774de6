#include "migrationreport.h"

#include "base/safefile.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Ferry {

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
    QJsonObject inspectionJson = inspected ? inspection : QJsonObject{{u"os"_s, QJsonObject{}}, {u"partitions"_s, QJsonArray{}}};
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
    if (!transfer.isEmpty())
        object.insert(u"transfer"_s, transfer);
    if (conversion)
        object.insert(u"conversion"_s, conversion->toJson());
    if (bootCheck)
        object.insert(u"boot_check"_s, bootCheck->toJson());
    if (error)
        object.insert(u"error"_s, QJsonObject{{u"message"_s, error->message()}, {u"details"_s, error->details()}});
    return object;
}

Result<void> MigrationReport::writeTo(const QString &path) const
{
    return SafeFile::writeAtomically(path, QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
}

} // namespace Ferry
