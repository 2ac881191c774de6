#include "conversionreport.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Ferry {

QJsonObject ConversionReport::toJson() const
{
    QJsonObject object{{u"tool"_s, tool},        {u"version"_s, version},    {u"result"_s, result},
                       {u"seconds"_s, seconds},  {u"disks"_s, disks},        {u"changes"_s, QJsonArray::fromStringList(changes)},
                       {u"disk_bus"_s, diskBus}, {u"nic_model"_s, nicModel}, {u"nic_names"_s, NicNameKeeper::toJson(nicNames)},
                       {u"log"_s, log}};
    if (!reason.isEmpty())
        object.insert(u"reason"_s, reason);
    // sha256sum of a converted disk no longer matches the digest taken while copying.
    if (converted())
        object.insert(u"digests"_s, u"the disks changed in place after the copy: their sha256 in this report is of the disks as copied"_s);
    if (!warnings.isEmpty())
        object.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    if (!virtioWin.isEmpty())
        object.insert(u"virtio_win"_s, virtioWin);
    return object;
}

ConversionReport ConversionReport::skipped(const QString &reason)
{
    ConversionReport report;
    report.reason = reason;
    return report;
}

} // namespace Ferry
