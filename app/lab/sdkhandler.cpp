#include "sdkhandler.h"

#include "labstats.h"

namespace Ferry::Lab {

SdkHandler::SdkHandler(LabInventory &inventory, LabAuth &auth, LabStats &stats, int maxObjects)
    : m_inventory(inventory)
    , m_auth(auth)
    , m_stats(stats)
    , m_maxObjects(maxObjects)
{
}

HttpResponse SdkHandler::handle(const HttpRequest &) const
{
    ++m_stats.sdkRequests;
    return HttpResponse::text(500, "not yet\n");
}

} // namespace Ferry::Lab
