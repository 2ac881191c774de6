#pragma once

#include "base/error.h"
#include "command.h"
#include "sourceoptions.h"
#include "vsphere/inventory.h"

namespace Ferry::Cli {

// ferry-cli inventory --source URL [auth] [trust] [--json] [--page-size N]
// Lists the host and its VMs as a table, or the InventoryJson document on stdout.
// Exit codes: 0 ok, 1 failure, 2 usage, 3 certificate not trusted (its fingerprint
// is printed on stderr with the --fingerprint option that would accept it).
class InventoryCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(const QStringList &arguments) override;

    // The readable listing: one host line, then one row per VM.
    static QString formatTable(const Inventory &inventory);

private:
    SourceOptions m_sourceOptions;
};

} // namespace Ferry::Cli
