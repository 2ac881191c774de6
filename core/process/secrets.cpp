#include "secrets.h"

#include <QtGlobal>

#include <cstdlib>
#include <cstring>
#include <sys/prctl.h>

namespace Ferry::Secrets {

QString takeEnvironmentVariable(const char *name)
{
    char *value = std::getenv(name);
    if (!value)
        return {};
    const QString text = QString::fromLocal8Bit(value);
    // The initial environment block stays in memory (and in /proc/<pid>/environ) after
    // unsetenv; overwrite the value itself.
    std::memset(value, 0, std::strlen(value));
    qunsetenv(name);
    return text;
}

bool forbidCoreDumps()
{
    if (qEnvironmentVariableIntValue("FERRY_ALLOW_CORE_DUMPS") == 1)
        return false;
    return ::prctl(PR_SET_DUMPABLE, 0) == 0;
}

} // namespace Ferry::Secrets
