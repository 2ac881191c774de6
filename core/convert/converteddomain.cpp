#include "converteddomain.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ferry::ConvertedDomain {

QString withVirtio(const QString &xml, bool virtioNet)
{
    QString out = xml;
    static const QRegularExpression sataDisk(u"<target dev=\"sd([a-z]+)\" bus=\"sata\"/>"_s);
    out.replace(sataDisk, u"<target dev=\"vd\\1\" bus=\"virtio\"/>"_s);
    static const QRegularExpression video(u"(<video>\\s*)<model type=\"vga\"/>"_s);
    out.replace(video, u"\\1<model type=\"virtio\"/>"_s);
    out.replace(u"<memballoon model=\"none\"/>"_s, u"<memballoon model=\"virtio\"/>"_s);
    if (virtioNet)
        out.replace(u"<model type=\"e1000e\"/>"_s, u"<model type=\"virtio\"/>"_s);
    return out;
}

} // namespace Ferry::ConvertedDomain
