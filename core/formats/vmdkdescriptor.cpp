#include "vmdkdescriptor.h"

#include "base/diskcapacity.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

Result<VmdkDescriptor> malformed(int lineNumber, const QString &what)
{
    return fail(ErrorCode::Protocol, u"invalid VMDK descriptor, line %1: %2"_s.arg(lineNumber).arg(what));
}

QString unquoted(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"'))
        return value.mid(1, value.size() - 2);
    return value;
}

} // namespace

Result<VmdkDescriptor> VmdkDescriptor::parse(QByteArrayView text)
{
    if (text.size() > 1 << 20)
        return fail(ErrorCode::Protocol, u"invalid VMDK descriptor: over 1 MiB"_s);
    const qsizetype nul = text.indexOf('\0');
    const QString all = QString::fromUtf8(nul >= 0 ? text.first(nul) : text);
    // RW 4192256 SPARSE "disk.vmdk" [offset]
    static const QRegularExpression extentLine(uR"re(^(RW|RDONLY|NOACCESS)\s+(\d+)\s+(\w+)(?:\s+"([^"]*)"(?:\s+(\d+))?)?\s*$)re"_s);
    VmdkDescriptor descriptor;
    qint64 total = 0;
    const QStringList lines = all.split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (const auto match = extentLine.match(line); match.hasMatch()) {
            Extent extent{match.captured(1), match.captured(2).toLongLong(), match.captured(3), match.captured(4),
                          match.captured(5).toLongLong()};
            if (match.captured(2).size() > 15 || extent.sectors > DiskCapacity::maximum / 512 - total / 512)
                return malformed(i + 1, u"extents add up to more than %1 bytes"_s.arg(DiskCapacity::maximum));
            if (extent.type != u"ZERO"_s && extent.fileName.isEmpty())
                return malformed(i + 1, u"%1 extent without a file name"_s.arg(extent.type));
            total += extent.sectors * 512;
            descriptor.extents.append(extent);
            continue;
        }
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0) {
            if (line.startsWith(u"RW"_s) || line.startsWith(u"RDONLY"_s) || line.startsWith(u"NOACCESS"_s))
                return malformed(i + 1, u"malformed extent line '%1'"_s.arg(line.left(80)));
            continue;
        }
        const QString key = line.left(equals).trimmed();
        const QString value = unquoted(line.mid(equals + 1));
        if (key == u"version"_s)
            descriptor.version = value.toInt();
        else if (key == u"createType"_s)
            descriptor.createType = value;
        else if (key == u"parentCID"_s)
            descriptor.parentCID = value;
        else if (key.startsWith(u"ddb."_s))
            descriptor.ddb.insert(key, value);
    }
    if (descriptor.createType.isEmpty())
        return fail(ErrorCode::Protocol, u"invalid VMDK descriptor: no createType"_s);
    return descriptor;
}

qint64 VmdkDescriptor::capacityBytes() const
{
    qint64 total = 0;
    for (const Extent &extent : extents)
        total += extent.sectors * 512;
    return total;
}

bool VmdkDescriptor::hasParent() const
{
    return !parentCID.isEmpty() && parentCID.compare(u"ffffffff"_s, Qt::CaseInsensitive) != 0;
}

} // namespace Ferry
