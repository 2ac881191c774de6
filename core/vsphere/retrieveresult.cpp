#include "retrieveresult.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

Result<ObjectContent> parseObject(const XmlElement &element)
{
    ObjectContent object;
    object.obj = ManagedObjectRef::fromElement(element.child(u"obj"));
    if (object.obj.isNull() || object.obj.type.isEmpty())
        return fail(ErrorCode::Protocol, u"the server returned a property set without its object reference"_s);
    for (const XmlElement *propSet : element.childrenNamed(u"propSet")) {
        const QString name = propSet->childText(u"name").trimmed();
        if (name.isEmpty())
            return fail(ErrorCode::Protocol, u"the server returned a property of %1 without a name"_s.arg(object.obj.value));
        if (const XmlElement *value = propSet->child(u"val"))
            object.properties.insert(name, *value);
    }
    for (const XmlElement *missing : element.childrenNamed(u"missingSet"))
        object.missingPaths.append(missing->childText(u"path").trimmed());
    return object;
}

} // namespace

const XmlElement *ObjectContent::property(const QString &path) const
{
    const auto it = properties.constFind(path);
    return it == properties.constEnd() ? nullptr : &*it;
}

Result<RetrieveResult> RetrieveResult::fromResponse(const XmlElement &response)
{
    RetrieveResult result;
    const XmlElement *returnval = response.child(u"returnval");
    if (!returnval)
        return result;
    result.token = returnval->childText(u"token").trimmed();
    for (const XmlElement *element : returnval->childrenNamed(u"objects")) {
        auto object = parseObject(*element);
        if (!object)
            return std::unexpected(object.error());
        result.objects.append(std::move(*object));
    }
    return result;
}

} // namespace Ferry
