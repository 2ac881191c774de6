#include "checkresult.h"

using namespace Qt::StringLiterals;

namespace Ferry {

QString toString(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass:
        return u"pass"_s;
    case CheckStatus::Warn:
        return u"warn"_s;
    case CheckStatus::Fail:
        return u"fail"_s;
    case CheckStatus::Skip:
        break;
    }
    return u"skip"_s;
}

QJsonObject CheckResult::toJson() const
{
    return QJsonObject{{u"id"_s, id},           {u"title"_s, title},   {u"status"_s, toString(status)},
                       {u"summary"_s, summary}, {u"advice"_s, advice}, {u"details"_s, details}};
}

} // namespace Ferry
