#pragma once

#include "command.h"
#include "error.h"
#include "plan/migrationplan.h"
#include "sourceoptions.h"

#include <QCommandLineParser>

namespace Ferry::Cli {

// ferry-cli migrate --source URL --vm NAME [--vm NAME ...] [auth] [trust] --target TARGET
//                   [--format raw|qcow2] [--connections N] [--requests-per-connection M]
//                   [--chunk-size BYTES] [--memory-budget BYTES] [--network SRC=DST ...]
//                   [--pool NAME] [--verify] [--resume] [--keep-partial] [--no-inspect]
//                   [--start] [--allow-powered-on] [--progress bar|json|none]
// Exit codes: 0 every VM migrated, 1 failure, 2 usage, 3 certificate not trusted,
// 4 some VMs of a batch failed.
class MigrateCommand : public Command
{
public:
    MigrateCommand();

    QString name() const override;
    QString summary() const override;
    int run(const QStringList &arguments) override;

private:
    Result<MigrationPlan> planFrom(const QCommandLineParser &parser) const;
    Result<void> applyTuning(const QCommandLineParser &parser, MigrationPlan &plan) const;

    SourceOptions m_sourceOptions;
    QList<QCommandLineOption> m_options;
};

} // namespace Ferry::Cli
