#pragma once

#include <QString>
#include <QStringList>

namespace Ferry::Cli {

// One ferry-cli subcommand. run() gets the arguments after the subcommand name,
// prints its own output (stdout for results, one line per problem on stderr) and
// returns an ExitCode. It runs on the main thread and may run an event loop there:
// the CLI has no GUI that could be starved.
class Command
{
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    virtual int run(const QStringList &arguments) = 0;
};

} // namespace Ferry::Cli
