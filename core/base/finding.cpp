#include "finding.h"

using namespace Qt::StringLiterals;

namespace Ferry {

QJsonObject Finding::toJson() const
{
    QJsonObject object{{u"severity"_s, toString(severity)}, {u"code"_s, code}, {u"message"_s, message}};
    if (!details.isEmpty())
        object.insert(u"details"_s, details);
    return object;
}

QString toString(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Severity::Info:
        return u"info"_s;
    case Finding::Severity::Warning:
        return u"warning"_s;
    case Finding::Severity::Blocker:
        return u"blocker"_s;
    }
    return {};
}

} // namespace Ferry
