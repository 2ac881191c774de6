#include "lvmscanner.h"

#include "process/toolrunner.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

Result<QJsonArray> reportRows(const QByteArray &json, const QString &kind)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (document.isNull())
        return fail(ErrorCode::Protocol, u"LVM printed a report that is not JSON."_s, error.errorString());
    const QJsonArray reports = document.object().value(u"report"_s).toArray();
    QJsonArray rows;
    for (const QJsonValue report : reports) {
        for (const QJsonValue row : report.toObject().value(kind).toArray())
            rows.append(row);
    }
    return rows;
}

qint64 number(const QJsonObject &row, const QString &key)
{
    return row.value(key).toString().toLongLong();
}

// LVM's filters are regular expressions between '|' delimiters inside a quoted string.
QString escapeForLvm(const QString &path)
{
    QString out;
    for (const QChar c : path) {
        if (QStringView(u".[]()*+?^$\\|{}\"").contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

} // namespace

QString LvmScanner::config(const QStringList &pvDevices)
{
    QStringList accept;
    for (const QString &device : pvDevices)
        accept << u"\"a|^%1$|\""_s.arg(escapeForLvm(device));
    const QString filter = u"["_s + accept.join(u',') + u",\"r|.*|\"]"_s;
    return u"devices { filter=%1 global_filter=%1 use_devicesfile=0 obtain_device_list_from_udev=0 } "
           "global { activation=0 } backup { backup=0 archive=0 }"_s.arg(filter);
}

Result<QList<LvmScanner::Volume>> LvmScanner::scan(const QStringList &pvDevices, const std::atomic<bool> *cancel)
{
    if (pvDevices.isEmpty())
        return QList<Volume>();
    ToolRunner::Options options;
    options.timeoutMs = 60000;
    options.cancel = cancel;
    const QStringList common{u"--readonly"_s, u"--config"_s, config(pvDevices), u"--reportformat"_s, u"json"_s,
                             u"--units"_s,    u"b"_s,        u"--nosuffix"_s};
    const auto lvs = ToolRunner::runChecked(
        u"lvs"_s, common + QStringList{u"--segments"_s, u"-o"_s, u"vg_name,lv_name,lv_uuid,lv_size,segtype,seg_pe_ranges,vg_extent_size"_s},
        options);
    if (!lvs)
        return std::unexpected(lvs.error());
    const auto pvs = ToolRunner::runChecked(u"pvs"_s, common + QStringList{u"-o"_s, u"pv_name,vg_name,pe_start"_s}, options);
    if (!pvs)
        return std::unexpected(pvs.error());
    return parse(lvs->out, pvs->out);
}

Result<QList<LvmScanner::Volume>> LvmScanner::parse(const QByteArray &lvsJson, const QByteArray &pvsJson)
{
    const auto segments = reportRows(lvsJson, u"seg"_s);
    const auto pvRows = reportRows(pvsJson, u"pv"_s);
    if (!segments)
        return std::unexpected(segments.error());
    if (!pvRows)
        return std::unexpected(pvRows.error());
    QHash<QString, qint64> peStart;
    for (const QJsonValue row : *pvRows)
        peStart.insert(row.toObject().value(u"pv_name"_s).toString(), number(row.toObject(), u"pe_start"_s));

    QList<Volume> volumes;
    QHash<QString, qsizetype> index; // uuid -> volumes index
    for (const QJsonValue value : *segments) {
        const QJsonObject row = value.toObject();
        const QString uuid = row.value(u"lv_uuid"_s).toString();
        if (index.contains(uuid)) { // a second segment: not one contiguous range any more
            Volume &volume = volumes[index.value(uuid)];
            volume.info.mapped = false;
            volume.extent.reset();
            continue;
        }
        index.insert(uuid, volumes.size());
        volumes.append(volumeFrom(row, peStart));
    }
    return volumes;
}

// One LV from its first segment row; mapped when that segment is one range on one PV.
LvmScanner::Volume LvmScanner::volumeFrom(const QJsonObject &row, const QHash<QString, qint64> &peStart)
{
    static const QRegularExpression range(u"^(\\S+):(\\d+)-(\\d+)$"_s);
    Volume volume;
    volume.info.vg = row.value(u"vg_name"_s).toString();
    volume.info.name = row.value(u"lv_name"_s).toString();
    volume.info.uuid = row.value(u"lv_uuid"_s).toString();
    volume.info.size = number(row, u"lv_size"_s);
    volume.info.segmentType = row.value(u"segtype"_s).toString();
    const auto match = range.match(row.value(u"seg_pe_ranges"_s).toString().trimmed());
    const bool linear = volume.info.segmentType == u"linear" || volume.info.segmentType == u"striped";
    if (linear && match.hasMatch() && peStart.contains(match.captured(1))) {
        const qint64 first = match.captured(2).toLongLong();
        const qint64 offset = peStart.value(match.captured(1)) + first * number(row, u"vg_extent_size"_s);
        volume.extent = Extent{match.captured(1), offset, volume.info.size};
        volume.info.mapped = true;
    }
    return volume;
}

} // namespace Ferry
