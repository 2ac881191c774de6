#include "childprocess.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <fcntl.h>
#include <functional>
#include <mutex>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace Ferry::ChildProcess {

namespace {

// Runs in the child between fork and exec: async-signal-safe calls only.
void joinOwnGroupAndDieWithParent(pid_t parent, bool deathSignal)
{
    ::setpgid(0, 0);
    if (deathSignal) {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM); // SIGTERM: qemu-storage-daemon unmounts its export
        if (::getppid() != parent)          // Ferry died before the signal was armed
            ::_exit(127);
    }
}

// The thread that forks every daemon. It never ends (it is detached and waits for work
// until the process exits), so the death signal it arms fires only when Ferry dies.
class SpawnerThread
{
public:
    SpawnerThread()
    {
        std::thread([this] { loop(); }).detach();
    }

    void run(std::function<void()> work)
    {
        std::unique_lock lock(m_mutex);
        bool done = false;
        m_queue.push_back([&] {
            work();
            const std::lock_guard doneLock(m_mutex);
            done = true;
            m_doneCondition.notify_all();
        });
        m_workCondition.notify_one();
        m_doneCondition.wait(lock, [&] { return done; });
    }

private:
    void loop()
    {
        for (;;) {
            std::unique_lock lock(m_mutex);
            m_workCondition.wait(lock, [this] { return !m_queue.empty(); });
            std::function<void()> work = std::move(m_queue.front());
            m_queue.pop_front();
            lock.unlock();
            work();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_workCondition;
    std::condition_variable m_doneCondition;
    std::deque<std::function<void()>> m_queue;
};

SpawnerThread &spawnerThread()
{
    static auto *thread = new SpawnerThread(); // never destroyed: its thread must not end
    return *thread;
}

struct ExecArguments
{
    QList<QByteArray> storage;
    std::vector<char *> pointers;

    explicit ExecArguments(const QList<QByteArray> &strings)
        : storage(strings)
    {
        for (QByteArray &string : storage)
            pointers.push_back(string.data());
        pointers.push_back(nullptr);
    }
};

// The child's side of spawn(): async-signal-safe calls only; an exec failure is written
// to errorPipe (close-on-exec, so a successful exec closes it empty).
[[noreturn]] void execChild(pid_t parent, char *const argv[], char *const envp[], const char *stderrPath, int errorPipe)
{
    joinOwnGroupAndDieWithParent(parent, true);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT, SIGCHLD})
        ::signal(signal, SIG_DFL);
    // Close-on-exec: dup2 gives 0-2 without the flag, the originals must not reach the
    // program. Every other descriptor Ferry holds (sockets, disks, pipes of other
    // children) is marked close-on-exec too, whoever opened it.
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const int out = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    const int err = ::open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    ::syscall(SYS_close_range, 3u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */);
    if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
        const int error = errno;
        (void)!::write(errorPipe, &error, sizeof error);
        ::_exit(127);
    }
    ::execve(argv[0], argv, envp);
    const int error = errno;
    (void)!::write(errorPipe, &error, sizeof error);
    ::_exit(127);
}

} // namespace

bool isSecretName(QStringView name)
{
    for (QStringView word : {u"PASSWORD", u"PASSWD", u"SECRET", u"TOKEN", u"COOKIE"}) {
        if (name.contains(word, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QProcessEnvironment environment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList names = environment.keys();
    for (const QString &name : names) {
        if (isSecretName(name))
            environment.remove(name);
    }
    return environment;
}

void prepare(QProcess &process, Death death)
{
    process.setProcessEnvironment(environment());
    const pid_t parent = ::getpid();
    const bool deathSignal = death == Death::WithStartingThread;
    process.setChildProcessModifier([parent, deathSignal] { joinOwnGroupAndDieWithParent(parent, deathSignal); });
}

Result<qint64> spawn(const Spec &spec)
{
    QList<QByteArray> argv{QFile::encodeName(spec.program)};
    for (const QString &argument : spec.arguments)
        argv.append(QFile::encodeName(argument));
    QList<QByteArray> envp;
    for (const QString &variable : environment().toStringList())
        envp.append(QFile::encodeName(variable));
    ExecArguments arguments(argv);
    ExecArguments variables(envp);
    const QByteArray stderrPath = QFile::encodeName(spec.stderrPath);

    int errorPipe[2];
    if (::pipe2(errorPipe, O_CLOEXEC) != 0)
        return fail(ErrorCode::Process, u"Cannot start %1: %2"_s.arg(QFileInfo(spec.program).fileName(), qt_error_string(errno)));
    const pid_t parent = ::getpid();
    pid_t pid = -1;
    int forkError = 0;
    spawnerThread().run([&] {
        pid = ::fork();
        if (pid == 0)
            execChild(parent, arguments.pointers.data(), variables.pointers.data(), stderrPath.constData(), errorPipe[1]);
        forkError = errno;
    });
    ::close(errorPipe[1]);
    int execError = 0;
    ssize_t got = -1;
    do {
        got = ::read(errorPipe[0], &execError, sizeof execError);
    } while (got < 0 && errno == EINTR);
    ::close(errorPipe[0]);
    if (pid < 0 || got > 0) {
        if (pid > 0)
            ::waitpid(pid, nullptr, 0);
        return fail(ErrorCode::Process,
                    u"Cannot start %1: %2"_s.arg(QFileInfo(spec.program).fileName(), qt_error_string(pid < 0 ? forkError : execError)));
    }
    return qint64(pid);
}

} // namespace Ferry::ChildProcess
