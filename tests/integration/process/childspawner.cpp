// Test helper: starts `sleep 600` as a SpawnedProcess from a thread that ends at once,
// prints the sleeper's pid, then waits for stdin to close. tst_childprocess kills it
// with SIGKILL and expects the sleeper to die with it.
#include "process/spawnedprocess.h"

#include <QDir>

#include <cstdio>
#include <memory>
#include <thread>
#include <unistd.h>

int main()
{
    std::unique_ptr<Ferry::SpawnedProcess> sleeper;
    std::thread([&] {
        auto started = Ferry::SpawnedProcess::start(QStringLiteral("/bin/sleep"), {QStringLiteral("600")},
                                                    QDir::temp().filePath(QStringLiteral("childspawner.log")));
        if (started)
            sleeper = std::move(*started);
    }).join();
    if (!sleeper)
        return 1;
    std::printf("%lld\n", static_cast<long long>(sleeper->pid()));
    std::fflush(stdout);
    char byte = 0;
    while (::read(STDIN_FILENO, &byte, 1) > 0) { }
    return 0;
}
