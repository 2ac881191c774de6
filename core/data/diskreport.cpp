#include "diskreport.h"

#include <QJsonArray>

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
    if (!bottleneck.isEmpty())
        object.insert(u"bottleneck"_s, bottleneck);
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
    if (!error.isEmpty() && bytesKept > 0)
        object.insert(u"bytes_kept"_s, bytesKept);
    return object;
}

} // namespace Ferry
