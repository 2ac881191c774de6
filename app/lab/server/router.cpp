#include "router.h"

#include "datastore/folderhandler.h"
#include "labstats.h"
#include "vim25/sdkhandler.h"

namespace Ferry::Lab {

Router::Router(SdkHandler &sdk, FolderHandler &folder, LabStats &stats, const FaultOptions &faults, bool verbose)
    : m_sdk(sdk)
    , m_folder(folder)
    , m_stats(stats)
    , m_faults(faults)
    , m_verbose(verbose)
    , m_link(faults.rateLimitTotal)
{
}

HttpResponse Router::handle(const HttpRequest &request) const
{
    const QByteArray &path = request.path;
    if (path == "/folder" || path.startsWith("/folder/"))
        return m_folder.handle(request);
    if (path == "/sdk" || path.startsWith("/sdk/"))
        return m_sdk.handle(request);
    ++m_stats.otherRequests;
    if (path == "/lab/stats" && (request.method == "GET" || request.method == "HEAD"))
        return HttpResponse::text(200, m_stats.toJson(), "application/json");
    return HttpResponse::text(404, "Not Found\n");
}

LabStats &Router::stats() const
{
    return m_stats;
}

SharedTokenBucket &Router::link() const
{
    return m_link;
}

const FaultOptions &Router::faults() const
{
    return m_faults;
}

bool Router::verbose() const
{
    return m_verbose;
}

} // namespace Ferry::Lab
