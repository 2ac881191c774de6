#pragma once

#include <QJsonObject>
#include <QString>

namespace Ferry::ConversionPolicy {

// Why an inspected guest is not converted, read from report.json's "inspection" object;
// empty when virt-v2v-in-place should run. Converted: Linux with a kernel image under
// /boot, and Windows when a virtio-win ISO or directory was given (haveVirtioWin); a
// Windows guest without one keeps SATA/e1000e (VirtioWin::missingAdvice says how to add
// the drivers later); a guest without an OS or a kernel would only make virt-v2v fail
// after a minute of appliance.
QString skipReason(const QJsonObject &inspection, bool haveVirtioWin = false, const QString &reportDir = {});

// True for a Windows guest: without virtio-win its report carries a "virtio-win-needed" finding.
bool needsVirtioWin(const QJsonObject &inspection);

} // namespace Ferry::ConversionPolicy
