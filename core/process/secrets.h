#pragma once

#include <QString>

namespace Ferry::Secrets {

// The value of an environment variable that holds a secret (FERRY_PASSWORD), removed
// from the environment and wiped in place, so that neither children nor
// /proc/<ferry>/environ show it afterwards. Call before other threads read the environment.
QString takeEnvironmentVariable(const char *name);

// Makes this process non-dumpable (prctl PR_SET_DUMPABLE 0): no core file and no
// ptrace by other processes while it holds a password or session cookie.
// FERRY_ALLOW_CORE_DUMPS=1 keeps core dumps for debugging. Returns whether dumps are off.
bool forbidCoreDumps();

} // namespace Ferry::Secrets
