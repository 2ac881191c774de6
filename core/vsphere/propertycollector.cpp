#include "propertycollector.h"

#include "soapenvelope.h"
#include "soapfault.h"
#include "soapsession.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int maxRestarts = 2;

// One retrieval in flight; owned by the callbacks that continue it.
struct Retrieval : std::enable_shared_from_this<Retrieval>
{
    SoapSession *session = nullptr;
    ManagedObjectRef container;
    QList<PropertySpec> specs;
    int maxObjects = PropertyCollector::defaultMaxObjects;
    PropertyCollector::Callback done;

    ManagedObjectRef view;
    int loginCount = 0;
    int restarts = 0;
    QList<ObjectContent> objects;

    void start();
    void retrieveFirst();
    void handlePage(Result<XmlElement> response);
    void fail(const Error &error);
    void finish(Result<QList<ObjectContent>> result);
};

void Retrieval::start()
{
    objects.clear();
    view = {};
    loginCount = session->loginCount();
    auto self = shared_from_this();
    session->invoke(u"CreateContainerView"_s, session->serviceContent().viewManager,
                    PropertyCollector::createViewArguments(container, specs), [self](Result<XmlElement> response) {
                        if (!response)
                            return self->fail(response.error());
                        self->view = ManagedObjectRef::fromElement(response->child(u"returnval"));
                        if (self->view.isNull())
                            return self->fail(Error(ErrorCode::Protocol, u"the server created a container view without returning it"_s));
                        self->retrieveFirst();
                    });
}

void Retrieval::retrieveFirst()
{
    auto self = shared_from_this();
    session->invoke(u"RetrievePropertiesEx"_s, session->serviceContent().propertyCollector,
                    PropertyCollector::retrieveArguments(view, specs, maxObjects),
                    [self](Result<XmlElement> response) { self->handlePage(std::move(response)); });
}

void Retrieval::handlePage(Result<XmlElement> response)
{
    if (!response)
        return fail(response.error());
    auto page = RetrieveResult::fromResponse(*response);
    if (!page)
        return fail(page.error());
    if (!page->token.isEmpty() && page->objects.isEmpty())
        return fail(Error(ErrorCode::Protocol, u"the server returned an empty page with a continuation token"_s));
    objects.append(std::move(page->objects));
    if (objects.size() > PropertyCollector::maxTotalObjects)
        return fail(Error(ErrorCode::Protocol, u"the server returned more than %1 objects"_s.arg(PropertyCollector::maxTotalObjects)));
    if (page->token.isEmpty())
        return finish(std::move(objects));
    auto self = shared_from_this();
    session->invoke(u"ContinueRetrievePropertiesEx"_s, session->serviceContent().propertyCollector,
                    SoapEnvelope::element(u"token"_s, page->token), [self](Result<XmlElement> next) { self->handlePage(std::move(next)); });
}

void Retrieval::fail(const Error &error)
{
    // A renewed session lost the view and the token: start over with the new one.
    // A view that vanished means the same even when the server did not say
    // NotAuthenticated first (govmomi's simulator answers ManagedObjectNotFound).
    const bool sessionRenewed = session->isLoggedIn() && session->loginCount() != loginCount;
    const bool viewLost = !view.isNull() && SoapFault::typeOf(error) == u"ManagedObjectNotFound";
    if ((sessionRenewed || viewLost) && restarts < maxRestarts) {
        ++restarts;
        return start();
    }
    finish(std::unexpected(error));
}

void Retrieval::finish(Result<QList<ObjectContent>> result)
{
    if (!view.isNull() && session->isLoggedIn()) {
        // Best effort: a view that outlives us only costs the server until logout.
        session->invoke(u"DestroyView"_s, view, {}, [](Result<XmlElement>) {});
    }
    view = {};
    done(std::move(result));
}

} // namespace

PropertyCollector::PropertyCollector(SoapSession *session, int maxObjects)
    : m_session(session)
    , m_maxObjects(qMax(1, maxObjects))
{
}

void PropertyCollector::retrieve(const ManagedObjectRef &container, const QList<PropertySpec> &specs, Callback done) const
{
    auto retrieval = std::make_shared<Retrieval>();
    retrieval->session = m_session;
    retrieval->container = container;
    retrieval->specs = specs;
    retrieval->maxObjects = m_maxObjects;
    retrieval->done = std::move(done);
    retrieval->start();
}

QByteArray PropertyCollector::createViewArguments(const ManagedObjectRef &container, const QList<PropertySpec> &specs)
{
    QByteArray out = SoapEnvelope::moref(u"container"_s, container);
    QStringList seen;
    for (const PropertySpec &spec : specs) {
        if (seen.contains(spec.type))
            continue;
        seen.append(spec.type);
        out += SoapEnvelope::element(u"type"_s, spec.type);
    }
    return out + SoapEnvelope::boolean(u"recursive"_s, true);
}

QByteArray PropertyCollector::retrieveArguments(const ManagedObjectRef &view, const QList<PropertySpec> &specs, int maxObjects)
{
    QByteArray out = "<specSet>";
    for (const PropertySpec &spec : specs) {
        out += "<propSet>" + SoapEnvelope::element(u"type"_s, spec.type) + SoapEnvelope::boolean(u"all"_s, false);
        for (const QString &path : spec.paths)
            out += SoapEnvelope::element(u"pathSet"_s, path);
        out += "</propSet>";
    }
    out += "<objectSet>" + SoapEnvelope::moref(u"obj"_s, view) + SoapEnvelope::boolean(u"skip"_s, true)
        + "<selectSet xsi:type=\"TraversalSpec\"><name>traverseView</name><type>ContainerView</type>"
          "<path>view</path><skip>false</skip></selectSet></objectSet></specSet>";
    return out + "<options>" + SoapEnvelope::element(u"maxObjects"_s, QString::number(maxObjects)) + "</options>";
}

} // namespace Ferry
