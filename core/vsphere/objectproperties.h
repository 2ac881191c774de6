#pragma once

#include "base/error.h"
#include "managedobjectref.h"
#include "retrieveresult.h"

#include <QStringList>

#include <functional>

namespace Ferry {

class SoapSession;

// Reads some properties of one managed object (a VM's runtime.powerState, a Task's
// info.state) with one RetrievePropertiesEx: no container view, no traversal. The
// session must outlive the call; the callback runs once, on the session's thread.
class ObjectProperties
{
public:
    using Callback = std::function<void(Result<ObjectContent>)>;

    static void read(SoapSession *session, const ManagedObjectRef &object, const QStringList &paths, Callback done);

    // The request arguments, exposed for tests.
    static QByteArray arguments(const ManagedObjectRef &object, const QStringList &paths);
};

} // namespace Ferry
