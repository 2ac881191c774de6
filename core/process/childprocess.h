#pragma once

#include "base/error.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QProcess;

namespace Ferry::ChildProcess {

// Every child Ferry starts is set up here, so that none of them
// - sees a secret: the environment drops FERRY_PASSWORD and every variable whose name
//   contains PASSWORD, PASSWD, SECRET, TOKEN or COOKIE;
// - gets a terminal's Ctrl-C before Ferry has cancelled in order: each child leads its
//   own process group;
// - outlives Ferry: the kernel sends it SIGTERM when Ferry dies (PR_SET_PDEATHSIG).
//
// PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process.
// Daemons (spawn) are therefore forked by one spawner thread that lives as long as the
// process; a QProcess gets the death signal only when its caller promises to wait for it
// on the starting thread (Death::WithStartingThread).

bool isSecretName(QStringView name);
QProcessEnvironment environment();

enum class Death {
    WithStartingThread, // run and waited for on one thread: dies if Ferry dies meanwhile
    OwnArrangement,     // the child watches Ferry itself (ferry-lab's --exit-with-stdin)
};
// Environment, process group and death signal for a QProcess; call before start().
void prepare(QProcess &process, Death death = Death::WithStartingThread);

struct Spec
{
    QString program;
    QStringList arguments;
    QString stderrPath; // created 0600 and truncated; stdin and stdout are /dev/null
};
// Forks and execs on the spawner thread; signals start with their default handling and
// an empty mask. Fails (Process) when the program cannot be executed. The caller reaps
// the child with waitpid().
Result<qint64> spawn(const Spec &spec);

} // namespace Ferry::ChildProcess
