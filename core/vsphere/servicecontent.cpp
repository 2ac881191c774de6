#include "servicecontent.h"

#include "xmlelement.h"

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

Result<HostInfo> parseAbout(const XmlElement *about)
{
    if (!about)
        return fail(ErrorCode::Protocol, u"the server's service content has no 'about' section"_s);
    HostInfo host;
    host.fullName = about->childText(u"fullName");
    host.product = about->childText(u"name");
    host.version = about->childText(u"version");
    host.build = about->childText(u"build");
    host.apiVersion = about->childText(u"apiVersion").trimmed();
    host.instanceUuid = about->childText(u"instanceUuid");
    const QString apiType = about->childText(u"apiType").trimmed();
    if (apiType == u"HostAgent")
        host.apiType = ApiType::HostAgent;
    else if (apiType == u"VirtualCenter")
        host.apiType = ApiType::VirtualCenter;
    else
        return fail(ErrorCode::Protocol,
                    u"the server reports API type '%1'; Ferry talks to ESXi (HostAgent) or vCenter (VirtualCenter)"_s.arg(
                        apiType.left(40)));
    if (host.apiVersion.isEmpty())
        return fail(ErrorCode::Protocol, u"the server's service content has no API version"_s);
    return host;
}

} // namespace

Result<ServiceContent> ServiceContent::fromElement(const XmlElement &returnval)
{
    ServiceContent content;
    const struct
    {
        const char16_t *name;
        ManagedObjectRef *ref;
        bool required;
    } managers[] = {
        {u"rootFolder", &content.rootFolder, true},    {u"propertyCollector", &content.propertyCollector, true},
        {u"viewManager", &content.viewManager, true},  {u"sessionManager", &content.sessionManager, true},
        {u"fileManager", &content.fileManager, false}, {u"virtualDiskManager", &content.virtualDiskManager, false},
    };
    for (const auto &manager : managers) {
        *manager.ref = ManagedObjectRef::fromElement(returnval.child(QStringView(manager.name)));
        if (manager.required && manager.ref->isNull())
            return fail(ErrorCode::Protocol, u"the server's service content lacks %1"_s.arg(QStringView(manager.name)));
    }
    auto about = parseAbout(returnval.child(u"about"));
    if (!about)
        return std::unexpected(about.error());
    content.about = *about;
    return content;
}

} // namespace Ferry
