#pragma once

#include "httprequest.h"
#include "httpresponse.h"
#include "sharedtokenbucket.h"

namespace Ferry::Lab {

class FolderHandler;
class LabStats;
class SdkHandler;
struct FaultOptions;

// Sends each request to the handler of its path: /sdk (SOAP), /folder (files),
// /lab/stats (counters, no auth). Thread-safe; shared by all connections.
class Router
{
public:
    Router(SdkHandler &sdk, FolderHandler &folder, LabStats &stats, const FaultOptions &faults, bool verbose);

    HttpResponse handle(const HttpRequest &request) const;
    LabStats &stats() const;
    const FaultOptions &faults() const;
    // The link's bandwidth (--rate-limit-total), shared by all connections.
    SharedTokenBucket &link() const;
    bool verbose() const;

private:
    SdkHandler &m_sdk;
    FolderHandler &m_folder;
    LabStats &m_stats;
    const FaultOptions &m_faults;
    bool m_verbose;
    mutable SharedTokenBucket m_link;
};

} // namespace Ferry::Lab
