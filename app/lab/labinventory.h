#pragma once
#include "labvmspec.h"
namespace Ferry::Lab {
class LabInventory
{
public:
    explicit LabInventory(const QList<LabVmSpec> &vms) : m_vms(vms) {}
private:
    QList<LabVmSpec> m_vms;
};
}
