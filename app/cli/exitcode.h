#pragma once

namespace Ferry::Cli {

// The exit codes of ferry-cli, part of its contract (see README).
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1,
    ExitUsage = 2,
    ExitTrustRefused = 3,
    ExitPartial = 4,
    ExitInterrupted = 130, // SIGINT or SIGTERM cancelled the run (128 + SIGINT, as shells do)
};

} // namespace Ferry::Cli
