#pragma once

#include <QString>

namespace Ferry {

class XmlElement;

// A vim25 ManagedObjectReference: <x type="VirtualMachine">vm-42</x>.
struct ManagedObjectRef
{
    QString type;  // "VirtualMachine", "Folder", ...
    QString value; // the moref id, "vm-42", "ha-folder-root"

    bool isNull() const { return value.isEmpty(); }
    bool operator==(const ManagedObjectRef &other) const = default;

    // Reads the type attribute and text of a moref element; null when element is nullptr.
    static ManagedObjectRef fromElement(const XmlElement *element);
};

} // namespace Ferry
