#pragma once

#include "base/error.h"
#include "command.h"
#include "netcheck/checkresult.h"
#include "netcheck/netchecksuite.h"
#include "sourceoptions.h"
#include "vsphere/inventory.h"

#include <QList>
#include <QStringList>

namespace Ferry::Cli {

// ferry-cli netcheck --source URL [auth] [trust] [--json] [--vm NAME] [--checks LIST]
//                    [--bench-seconds S] [--bench-bytes BYTES]
// The network preflight before a long copy: interface and path MTU (with black-hole
// detection), TCP parameters, Range and cookie support on /folder, HTTP/2, TLS cipher
// and its CPU cost, and a short read benchmark that recommends a connection count.
// Reads one disk of --vm (default: the first VM with a disk). Each check prints
// pass/warn/fail/skip with advice; --json prints one document on stdout.
// Exit codes: 0 no check failed (warnings allowed), 1 a check failed, 2 usage,
// 3 certificate not trusted.
class NetcheckCommand : public Command
{
public:
    QString name() const override;
    QString summary() const override;
    int run(const QStringList &arguments) override;

    // "[WARN] title: summary" plus an indented advice line.
    static QString formatCheck(const CheckResult &check);

private:
    struct Options
    {
        bool json = false;
        QString vm;
        NetCheckOptions checks;
    };

    Result<Options> parse(QCommandLineParser &parser, const QStringList &arguments);
    Result<void> runChecks(NetCheckSuite &suite, const SourceEndpoint &endpoint, const Options &options);

    SourceOptions m_sourceOptions;
};

} // namespace Ferry::Cli
