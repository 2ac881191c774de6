#include "conversionpolicy.h"

#include "convert/virtiowin.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Ferry::ConversionPolicy {

namespace {

QString family(const QJsonObject &inspection)
{
    return inspection.value(u"os"_s).toObject().value(u"family"_s).toString();
}

} // namespace

bool needsVirtioWin(const QJsonObject &inspection)
{
    return family(inspection) == u"windows"_s;
}

QString skipReason(const QJsonObject &inspection, bool haveVirtioWin, const QString &reportDir)
{
    if (needsVirtioWin(inspection))
        return haveVirtioWin ? QString() : VirtioWin::missingAdvice(reportDir);
    if (family(inspection) != u"linux"_s)
        return u"inspection found no Linux system: nothing to convert"_s;
    const QJsonArray kernels = inspection.value(u"os"_s).toObject().value(u"kernels"_s).toArray();
    for (const QJsonValue kernel : kernels) {
        if (kernel.toObject().value(u"image"_s).toBool())
            return QString();
    }
    return u"inspection found no kernel image under /boot: nothing virt-v2v-in-place could convert"_s;
}

} // namespace Ferry::ConversionPolicy
