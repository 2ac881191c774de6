#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace Ferry::Lab {

// A vim25 value as a small tree: a scalar (xsd:string, xsd:int, an enum, ...), a
// managed object reference, a data object with ordered fields, or an array. Property
// paths ("config.hardware.device") are answered by walking the fields, so any path the
// tree holds can be asked for without per-property code. Immutable once built.
class DataNode
{
public:
    enum class Kind { Scalar, Reference, Object, Array };

    static DataNode string(const QString &value);
    static DataNode integer(qint64 value, const char *type = "xsd:int");
    static DataNode boolean(bool value);
    static DataNode dateTime(const QString &iso);
    // An enum or any other simple type rendered as text: DataNode::scalar("VirtualMachinePowerState", "poweredOff").
    static DataNode scalar(const QByteArray &type, const QString &text);
    static DataNode reference(const QByteArray &type, const QString &value);
    // A data object; `polymorphic` makes it carry xsi:type where it is nested in another
    // object or an array, as vim25 does for base-typed fields (backing, slotInfo, devices).
    static DataNode object(const QByteArray &type, bool polymorphic = false);
    // An array of `elementType` ("VirtualDevice", "ManagedObjectReference", "int").
    static DataNode array(const QByteArray &elementType);

    // Builders; add() returns *this so fields chain.
    DataNode &add(const QByteArray &name, DataNode value);
    DataNode &append(DataNode element);

    Kind kind() const;
    QByteArray type() const;
    // The node at a dotted path below this one, or nullptr.
    const DataNode *find(QStringView path) const;
    bool isEmptyArray() const;
    // The values of a reference or of an array of references; empty otherwise.
    QStringList referenceValues() const;
    // A scalar's text or a reference's value; empty for objects and arrays.
    QString text() const;

    // <val xsi:type="...">...</val> for a propSet.
    QByteArray renderVal() const;
    // <name ...>...</name> as a field of a data object, or repeated for an array.
    QByteArray renderField(const QByteArray &name) const;

private:
    DataNode(Kind kind, QByteArray type);
    QByteArray renderElement(const QByteArray &name, bool withType) const;
    QByteArray renderContent() const;
    QByteArray arrayType() const;

    Kind m_kind;
    QByteArray m_type; // xsi:type; for references the managed object type
    QString m_text;    // scalar text or reference value
    bool m_polymorphic = false;
    QList<std::pair<QByteArray, DataNode>> m_fields; // objects: ordered fields; arrays: ("", element)
};

} // namespace Ferry::Lab
