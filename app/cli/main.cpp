#include "base/version.h"
#include "command.h"
#include "convertcommand.h"
#include "exitcode.h"
#include "inspectcommand.h"
#include "inventorycommand.h"
#include "migratecommand.h"
#include "netcheckcommand.h"
#include "process/secrets.h"
#include "run/stalesweep.h"
#include "sourceoptions.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Ferry::Cli;

namespace {

std::vector<std::unique_ptr<Command>> makeCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    // Each subcommand registers here (inventory, migrate, inspect, convert, netcheck).
    commands.push_back(std::make_unique<InventoryCommand>());
    commands.push_back(std::make_unique<MigrateCommand>());
    commands.push_back(std::make_unique<InspectCommand>());
    commands.push_back(std::make_unique<ConvertCommand>());
    commands.push_back(std::make_unique<NetcheckCommand>());
    return commands;
}

void printUsage(const std::vector<std::unique_ptr<Command>> &commands, QTextStream &out)
{
    out << "Usage: ferry-cli COMMAND [options]\n\nMove VMware ESXi virtual machines to KVM.\n\nCommands:\n";
    for (const auto &command : commands)
        out << "  " << command->name().leftJustified(12) << command->summary() << '\n';
    out << "\nRun 'ferry-cli COMMAND --help' for the options of one command.\n";
}

// What a killed earlier run left (mounts, loop devices, NBD devices, private
// directories) goes before this run makes its own.
void sweepLeftovers(QTextStream &err)
{
    const Ferry::StaleSweep::Outcome outcome = Ferry::StaleSweep::run();
    if (!outcome.done.isEmpty())
        err << "ferry-cli: cleaned up after an earlier run that was killed: " << outcome.done.join(u", "_s) << '\n';
    for (const QString &failure : outcome.failures)
        err << "ferry-cli: warning: " << failure << '\n';
    err.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    Ferry::Secrets::forbidCoreDumps(); // before a password or session cookie is in memory
    SourceOptions::environmentPassword();
    QCoreApplication app(argc, argv);
    // Ferry's own debug and info lines are for developers: FERRY_DEBUG=1 shows them.
    if (qEnvironmentVariableIsEmpty("FERRY_DEBUG"))
        QLoggingCategory::setFilterRules(u"ferry.*.debug=false\nferry.*.info=false"_s);
    QCoreApplication::setApplicationName(u"ferry-cli"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(Ferry::versionString));

    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto commands = makeCommands();
    QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2 || arguments.at(1) == u"--help" || arguments.at(1) == u"-h") {
        printUsage(commands, arguments.size() < 2 ? err : out);
        return arguments.size() < 2 ? ExitUsage : ExitOk;
    }
    if (arguments.at(1) == u"--version") {
        out << "ferry-cli " << Ferry::versionString << '\n';
        return ExitOk;
    }
    for (const auto &command : commands) {
        if (command->name() == arguments.at(1)) {
            sweepLeftovers(err);
            arguments.removeAt(1); // argv[0] stays, as QCommandLineParser expects
            return command->run(arguments);
        }
    }
    err << "ferry-cli: unknown command '" << arguments.at(1) << "'; run 'ferry-cli --help'\n";
    return ExitUsage;
}
