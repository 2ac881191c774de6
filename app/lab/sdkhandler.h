#pragma once

#include "httprequest.h"
#include "httpresponse.h"

namespace Ferry::Lab {

class LabAuth;
class LabInventory;
class LabStats;

// POST /sdk: the vim25 SOAP API of an ESXi 8.0.2 host (see sdkhandler.cpp for calls).
class SdkHandler
{
public:
    SdkHandler(LabInventory &inventory, LabAuth &auth, LabStats &stats, int maxObjects);

    HttpResponse handle(const HttpRequest &request) const;

private:
    LabInventory &m_inventory;
    LabAuth &m_auth;
    LabStats &m_stats;
    int m_maxObjects;
};

} // namespace Ferry::Lab
