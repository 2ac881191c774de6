#pragma once

#include "faults/faultoptions.h"
#include "server/httprequest.h"
#include "server/httpresponse.h"

#include <QHash>
#include <QString>

#include <optional>

namespace Ferry::Lab {

class FaultPlan;
class LabAuth;
class LabStats;

// GET and HEAD on /folder/<path>?dcPath=<dc>&dsName=<ds>: datastore files as ESXi
// serves them (Basic or cookie auth, single byte ranges, 416 past the end, an HTML
// listing for directories), plus the server-wide faults (503s, lies, --no-range).
// Thread-safe: it only reads its configuration and calls thread-safe services.
class FolderHandler
{
public:
    FolderHandler(QString datacenter, QHash<QString, QString> datastoreRoots, LabAuth &auth, FaultPlan &faults, LabStats &stats);

    HttpResponse handle(const HttpRequest &request) const;

private:
    struct Range
    {
        qint64 first = 0;
        qint64 last = -1; // inclusive
        bool satisfiable = true;
    };

    // The local path a request names, or the error answer.
    std::optional<HttpResponse> resolve(const HttpRequest &request, QString *localPath, QString *relative) const;
    HttpResponse fileResponse(const HttpRequest &request, const QString &localPath, qint64 total) const;
    HttpResponse rangeResponse(const QString &localPath, qint64 total, const Range &range) const;
    void applyLie(LieMode lie, HttpResponse &response, const Range &range, qint64 total) const;
    HttpResponse listing(const QString &localPath, const QString &relative, const HttpRequest &request) const;
    static std::optional<Range> parseRange(const QByteArray &header, qint64 total);
    static QByteArray contentType(const QString &localPath);

    QString m_datacenter;
    QHash<QString, QString> m_datastoreRoots; // datastore name -> local directory
    LabAuth &m_auth;
    FaultPlan &m_faults;
    LabStats &m_stats;
};

} // namespace Ferry::Lab
