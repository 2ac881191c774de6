#include "objectproperties.h"

#include "soapenvelope.h"
#include "soapsession.h"

using namespace Qt::StringLiterals;

namespace Ferry {

QByteArray ObjectProperties::arguments(const ManagedObjectRef &object, const QStringList &paths)
{
    QByteArray out = "<specSet><propSet>" + SoapEnvelope::element(u"type"_s, object.type) + SoapEnvelope::boolean(u"all"_s, false);
    for (const QString &path : paths)
        out += SoapEnvelope::element(u"pathSet"_s, path);
    out += "</propSet><objectSet>" + SoapEnvelope::moref(u"obj"_s, object) + SoapEnvelope::boolean(u"skip"_s, false)
        + "</objectSet></specSet>";
    return out + "<options></options>";
}

void ObjectProperties::read(SoapSession *session, const ManagedObjectRef &object, const QStringList &paths, Callback done)
{
    session->invoke(u"RetrievePropertiesEx"_s, session->serviceContent().propertyCollector, arguments(object, paths),
                    [object, done = std::move(done)](Result<XmlElement> response) {
                        if (!response)
                            return done(std::unexpected(response.error()));
                        auto page = RetrieveResult::fromResponse(*response);
                        if (!page)
                            return done(std::unexpected(page.error()));
                        for (const ObjectContent &content : std::as_const(page->objects)) {
                            if (content.obj == object)
                                return done(content);
                        }
                        done(std::unexpected(Error(ErrorCode::NotFound, u"the server knows no %1 %2"_s.arg(object.type, object.value))));
                    });
}

} // namespace Ferry
