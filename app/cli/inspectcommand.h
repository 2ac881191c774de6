#pragma once

#include "command.h"
#include "error.h"
#include "inspect/inspectionreport.h"
#include "inspect/inspecttarget.h"
#include "sourceoptions.h"

namespace Ferry::Cli {

// ferry-cli inspect IMAGE|NBD-URI [--format raw|qcow2] [--json]
// ferry-cli inspect --source URL --vm NAME [--disk N] [auth] [trust] [--json]
// Inspects a guest disk read-only: a written image, an NBD export, or (the second form)
// a disk still on the source host, read through nbdkit curl before anything is copied.
// Prints a readable report, or the inspection JSON on stdout. Needs root (loop devices,
// mounts). Ctrl-C cancels and still releases every mount, loop device and process.
// Exit codes: 0 ok, 1 failure, 2 usage, 3 certificate not trusted.
class InspectCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(const QStringList &arguments) override;

    // The readable report.
    static QString formatReport(const InspectionReport &report);

private:
    Result<InspectTarget> sourceTarget(const QCommandLineParser &parser) const;

    SourceOptions m_sourceOptions;
};

} // namespace Ferry::Cli
