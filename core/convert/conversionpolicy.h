#pragma once

#include <QJsonObject>
#include <QString>

namespace Ferry::ConversionPolicy {

// Why an inspected guest is not converted, read from report.json's "inspection" object;
// empty when virt-v2v-in-place should run. Converted: Linux with a kernel image under
// /boot. Windows needs virtio-win drivers, which Ferry cannot supply yet; a guest
// without an OS or a kernel would only make virt-v2v fail after a minute of appliance.
QString skipReason(const QJsonObject &inspection);

// True when skipReason() is the Windows one: the report then carries a finding.
bool needsVirtioWin(const QJsonObject &inspection);

} // namespace Ferry::ConversionPolicy
