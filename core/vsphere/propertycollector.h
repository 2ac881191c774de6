#pragma once

#include "base/error.h"
#include "managedobjectref.h"
#include "retrieveresult.h"

#include <QList>
#include <QStringList>

#include <functional>

namespace Ferry {

class SoapSession;

// Which properties to read for one managed object type. Types match subtypes too:
// "Network" also selects DistributedVirtualPortgroup objects.
struct PropertySpec
{
    QString type;
    QStringList paths;
};

// Reads properties of every object of some types below a container, the way
// govmomi's view package does: CreateContainerView (recursive) ->
// RetrievePropertiesEx -> ContinueRetrievePropertiesEx until no token -> DestroyView.
//
// The collector is a value: each retrieve() keeps its own state alive until its
// callback ran, so the collector may be a temporary. The session must outlive the
// retrieval (it drops callbacks when destroyed). If the session was renewed during
// the retrieval (ContainerViews and tokens die with the old session), the retrieval
// starts over, at most twice.
class PropertyCollector
{
public:
    using Callback = std::function<void(Result<QList<ObjectContent>>)>;
    static constexpr int defaultMaxObjects = 100;
    // Bounds memory against a server that pages forever.
    static constexpr qsizetype maxTotalObjects = 250'000;

    explicit PropertyCollector(SoapSession *session, int maxObjects = defaultMaxObjects);

    void retrieve(const ManagedObjectRef &container, const QList<PropertySpec> &specs, Callback done) const;

    // The request arguments, exposed for tests.
    static QByteArray createViewArguments(const ManagedObjectRef &container, const QList<PropertySpec> &specs);
    static QByteArray retrieveArguments(const ManagedObjectRef &view, const QList<PropertySpec> &specs, int maxObjects);

private:
    SoapSession *m_session;
    int m_maxObjects;
};

} // namespace Ferry
