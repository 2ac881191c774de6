#pragma once

namespace Ferry::Cli {

// The exit codes of ferry-cli, part of its contract (see README).
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1,
    ExitUsage = 2,
    ExitTrustRefused = 3,
    ExitPartial = 4,
};

} // namespace Ferry::Cli
