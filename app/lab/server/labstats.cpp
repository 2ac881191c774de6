#include "labstats.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Ferry::Lab {

QByteArray LabStats::toJson() const
{
    const QJsonObject object{
        {u"connections_accepted"_s, connectionsAccepted.load()},
        {u"connections_refused"_s, connectionsRefused.load()},
        {u"open_connections"_s, openConnections.load()},
        {u"requests_sdk"_s, sdkRequests.load()},
        {u"requests_folder"_s, folderRequests.load()},
        {u"requests_other"_s, otherRequests.load()},
        {u"range_requests"_s, rangeRequests.load()},
        {u"responses_401"_s, responses401.load()},
        {u"responses_503"_s, responses503.load()},
        {u"drops"_s, drops.load()},
        {u"stalls"_s, stalls.load()},
        {u"lies"_s, lies.load()},
        {u"bytes_sent"_s, bytesSent.load()},
        {u"folder_body_bytes"_s, folderBodyBytes.load()},
        {u"logins"_s, logins.load()},
        {u"login_failures"_s, loginFailures.load()},
        {u"session_expiries"_s, sessionExpiries.load()},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace Ferry::Lab
