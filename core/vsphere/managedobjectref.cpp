#include "managedobjectref.h"

#include "xmlelement.h"

using namespace Qt::StringLiterals;

namespace Ferry {

ManagedObjectRef ManagedObjectRef::fromElement(const XmlElement *element)
{
    if (!element)
        return {};
    return {element->attribute(u"type"), element->text().trimmed()};
}

} // namespace Ferry
