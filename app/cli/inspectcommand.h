#pragma once

#include "base/error.h"
#include "command.h"
#include "inspect/inspectionreport.h"
#include "inspect/inspectsource.h"
#include "sourceoptions.h"

#include <memory>

namespace Ferry::Cli {

class SourceConnection;

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
    InspectCommand();
    ~InspectCommand() override;
    QString name() const override;
    QString summary() const override;
    int run(const QStringList &arguments) override;

    // The readable report.
    static QString formatReport(const InspectionReport &report);

private:
    Result<InspectSource> targetFrom(const QCommandLineParser &parser);
    // Reads the inventory and names the VM's disk; the session stays logged in (its cookie
    // authenticates nbdkit) until m_connection goes, after the inspection.
    Result<InspectSource> sourceTarget(const QCommandLineParser &parser);

    std::unique_ptr<SourceConnection> m_connection;

    SourceOptions m_sourceOptions;
};

} // namespace Ferry::Cli
