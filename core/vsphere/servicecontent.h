#pragma once

#include "base/error.h"
#include "inventory.h"
#include "managedobjectref.h"

namespace Ferry {

class XmlElement;

// The parts of RetrieveServiceContent's answer Ferry uses: the managers every
// later call is addressed to, and "about" (product, version, API type and version).
struct ServiceContent
{
    ManagedObjectRef rootFolder;
    ManagedObjectRef propertyCollector;
    ManagedObjectRef viewManager;
    ManagedObjectRef sessionManager;
    ManagedObjectRef fileManager;        // may be null
    ManagedObjectRef virtualDiskManager; // may be null (vCenter without hosts)
    HostInfo about;

    // Reads <returnval> of RetrieveServiceContentResponse. A Protocol error names the
    // first missing manager: without it no inventory can be read.
    static Result<ServiceContent> fromElement(const XmlElement &returnval);
};

} // namespace Ferry
