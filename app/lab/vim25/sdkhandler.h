#pragma once

#include "labcollector.h"
#include "labpower.h"
#include "server/httprequest.h"
#include "server/httpresponse.h"
#include "soapwriter.h"

namespace Ferry::Lab {

class LabAuth;
class LabInventory;
class LabStats;
struct XmlNode;

// POST /sdk: the vim25 SOAP API of a standalone ESXi 8.0.2 host, as far as an
// inventory client needs it: RetrieveServiceContent, Login, Logout, CurrentTime,
// CreateContainerView, DestroyView, RetrieveProperties(Ex), Continue/CancelRetrievePropertiesEx,
// and for a shutdown before the copy ShutdownGuest and PowerOffVM_Task (LabPower: a guest
// goes down 2 s after it was asked; nothing powers a VM on).
// Anything else is a MethodNotFound fault; calls other than RetrieveServiceContent and
// Login need a live vmware_soap_session cookie (NotAuthenticated otherwise, HTTP 500).
// GET /sdk/vimServiceVersions.xml lists the API version. Thread-safe.
class SdkHandler
{
public:
    SdkHandler(const LabInventory &inventory, LabAuth &auth, LabStats &stats, int maxObjects);

    HttpResponse handle(const HttpRequest &request);

private:
    struct Call
    {
        QString method;
        QString thisType;
        QString thisValue;
        const XmlNode *node = nullptr;
    };

    HttpResponse dispatch(const Call &call, const HttpRequest &request);
    HttpResponse login(const Call &call, const HttpRequest &request);
    HttpResponse logout(const HttpRequest &request);
    HttpResponse createContainerView(const Call &call);
    HttpResponse powerCall(const Call &call);
    HttpResponse collectorAnswer(const QByteArray &method, const LabCollector::Answer<QByteArray> &answer, bool wrap);
    static HttpResponse soap(const QByteArray &method, const QByteArray &content);
    static HttpResponse fault(const SoapFault &fault);
    static HttpResponse serviceVersions();

    const LabInventory &m_inventory;
    LabAuth &m_auth;
    LabStats &m_stats;
    LabPower m_power; // before the collector, which reads it
    LabCollector m_collector;
};

} // namespace Ferry::Lab
