#pragma once

#include "base/error.h"
#include "command.h"
#include "plan/migrationplan.h"
#include "plan/profile.h"
#include "sourceoptions.h"

#include <QCommandLineParser>

namespace Ferry::Cli {

// ferry-cli migrate --source URL|PACKAGE --vm NAME [--vm NAME ...] [auth] [trust] --target TARGET
//                   [--format raw|qcow2] [--connections N|auto] [--requests-per-connection M]
//                   [--chunk-size BYTES] [--memory-budget BYTES] [--network SRC=DST ...]
//                   [--pool NAME] [--disk-pool VM/N=POOL ...] [--virt-type kvm|qemu]
//                   [--report-dir DIR]
//                   [--verify] [--resume] [--keep-partial] [--no-inspect]
//                   [--start] [--allow-powered-on] [--shutdown-source [--shutdown-timeout SECONDS]]
//                   [--no-convert] [--virtio-win PATH] [--progress bar|json|none]
//                   [--profile FILE] [--save-profile FILE]
// --profile FILE starts from a saved profile (plan/profile.h): every option given then
// overrides its value, --vm replaces the profile's VM list, --network and --disk-pool add
// to or replace single mappings, --verify/--start/--allow-powered-on/--shutdown-source can
// only switch a choice on and --no-inspect/--no-convert off. --source and --target may be left out when the profile
// has them; the password still comes from --password-file or FERRY_PASSWORD.
// PACKAGE is an .ova or .ovf path (or file:// URL); --vm may be left out when it holds one VM.
// --save-profile FILE writes the effective choices (never the password, --resume or
// --keep-partial) before connecting, then migrates as usual.
// Exit codes: 0 every VM migrated, 1 failure, 2 usage (also an unreadable, corrupt or
// unsupported profile), 3 certificate not trusted, 4 some VMs of a batch failed.
class MigrateCommand : public Command
{
public:
    MigrateCommand();

    QString name() const override;
    QString summary() const override;
    int run(const QStringList &arguments) override;

private:
    Result<Profile> loadProfile(const QCommandLineParser &parser) const;
    // The one VM of a package source; a usage error naming them when there are several.
    Result<QString> onlyVmOf(const ProfileSource &source) const;
    // plan: the profile's (or the defaults); the options given override it.
    Result<MigrationPlan> planFrom(const QCommandLineParser &parser, MigrationPlan plan) const;
    void applyFlags(const QCommandLineParser &parser, MigrationPlan &plan) const;
    Result<void> applyTuning(const QCommandLineParser &parser, MigrationPlan &plan) const;

    SourceOptions m_sourceOptions;
    QList<QCommandLineOption> m_options;
};

} // namespace Ferry::Cli
