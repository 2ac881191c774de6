#pragma once

#include "command.h"

namespace Ferry::Cli {

// ferry-cli convert DIR [--json] [--virtio-win PATH]
// (--virtio-win: a virtio-win ISO or directory, so a Windows guest gets virtio drivers)
// Runs the guest conversion again, and only that, on a migrated VM: DIR holds its
// report.json (dir:PATH/<vm>, or --report-dir/<vm> for libvirt targets), whose disks are
// given to virt-v2v-in-place in order. The copy is never redone. Updates report.json's
// "conversion" and, when the conversion succeeded and the domain is a <vm>.xml file,
// rewrites that file for virtio; a libvirt domain is left as defined, with a line that
// says how to switch it. Needs root. Ctrl-C cancels and leaves no appliance behind.
// Exit codes: 0 converted, 1 failed, 2 usage, 130 interrupted.
class ConvertCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(const QStringList &arguments) override;
};

} // namespace Ferry::Cli
