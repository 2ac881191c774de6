#include "migratecommand.h"

#include "base/bytesize.h"
#include "convert/virtiowin.h"
#include "exitcode.h"
#include "import/packagesource.h"
#include "plan/profilefile.h"
#include "progressprinter.h"
#include "run/migrationrunner.h"
#include "sourceconnection.h"

#include <QDir>
#include <QEventLoop>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry::Cli {

namespace {

QCommandLineOption valueOption(const QString &name, const QString &help, const QString &value)
{
    return QCommandLineOption(name, help, value);
}

// --disk-pool VM/N=POOL, repeatable; adds to or replaces a profile's entries. The last
// '=' splits, since VM names may hold one and pool names may not; MigrationPlan::validate
// checks the VM/N part.
Result<void> applyDiskPools(const QCommandLineParser &parser, MigrationPlan &plan)
{
    for (const QString &mapping : parser.values(u"disk-pool"_s)) {
        const qsizetype equals = mapping.lastIndexOf(u'=');
        if (equals <= 0 || equals == mapping.size() - 1)
            return fail(ErrorCode::Usage, u"--disk-pool '%1' must look like \"web01/2=fast\" (VM/disk number from 1=pool)"_s.arg(mapping));
        plan.diskPools.insert(mapping.left(equals), mapping.mid(equals + 1));
    }
    return {};
}

// Set by SIGINT/SIGTERM (lock-free, so safe in a handler); polled so that the
// cancellation itself runs on the event loop's thread. The handler also stops the
// runner's blocking steps (digest, verify, inspection) directly: they block that very
// thread, so the poll would not run until they end.
std::atomic<bool> g_interrupted{false};
std::atomic<MigrationRunner *> g_runner{nullptr};

extern "C" void interruptRun(int)
{
    g_interrupted.store(true);
    if (MigrationRunner *runner = g_runner.load())
        runner->interrupt();
}

// SIGINT/SIGTERM call interruptRun while it lives.
class InterruptHandler
{
public:
    explicit InterruptHandler(MigrationRunner &runner)
    {
        static_assert(std::atomic<MigrationRunner *>::is_always_lock_free);
        g_runner.store(&runner);
        struct sigaction action = {};
        action.sa_handler = interruptRun;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &m_oldInt);
        sigaction(SIGTERM, &action, &m_oldTerm);
    }
    ~InterruptHandler()
    {
        sigaction(SIGINT, &m_oldInt, nullptr);
        sigaction(SIGTERM, &m_oldTerm, nullptr);
        g_runner.store(nullptr);
    }
    InterruptHandler(const InterruptHandler &) = delete;
    InterruptHandler &operator=(const InterruptHandler &) = delete;

private:
    struct sigaction m_oldInt
    {
    };
    struct sigaction m_oldTerm
    {
    };
};

} // namespace

MigrateCommand::MigrateCommand()
{
    m_options = {
        valueOption(u"vm"_s, u"VM to migrate; repeat for a batch."_s, u"NAME"_s),
        valueOption(u"target"_s, u"dir:PATH, or a libvirt URI such as qemu:///system."_s, u"TARGET"_s),
        valueOption(u"format"_s, u"Disk format: raw (default) or qcow2."_s, u"FORMAT"_s),
        valueOption(u"connections"_s, u"HTTPS connections to the source, or auto: find the knee while copying (default 8)."_s, u"N|auto"_s),
        valueOption(u"requests-per-connection"_s, u"Pipelined range requests per connection (default 2)."_s, u"M"_s),
        valueOption(u"chunk-size"_s, u"Bytes per range request, e.g. 32M (default)."_s, u"BYTES"_s),
        valueOption(u"memory-budget"_s, u"Upper bound for transfer buffers, e.g. 256M (default)."_s, u"BYTES"_s),
        valueOption(u"network"_s, u"Map a source network to a libvirt network or bridge; repeatable."_s, u"SRC=DST"_s),
        valueOption(u"pool"_s, u"libvirt storage pool for the disks (default: default)."_s, u"NAME"_s),
        valueOption(u"disk-pool"_s, u"Put disk N (from 1) of a VM in another pool; repeatable."_s, u"VM/N=POOL"_s),
        valueOption(u"virt-type"_s, u"libvirt domain type: kvm or qemu (default: the host's best)."_s, u"TYPE"_s),
        valueOption(u"report-dir"_s, u"libvirt targets: where <vm>/report.json goes (default ./ferry-reports)."_s, u"DIR"_s),
        valueOption(u"staging-dir"_s,
                    u"libvirt targets: where disks for non-local pools are staged, in a private "
                    u"subdirectory (default $TMPDIR, else /var/tmp)."_s,
                    u"DIR"_s),
        QCommandLineOption(u"verify"_s,
                           u"Read every committed disk back and check each chunk against the hash chain recorded during the copy."_s),
        QCommandLineOption(u"resume"_s, u"Continue an interrupted migration into the same target."_s),
        QCommandLineOption(u"keep-partial"_s, u"Keep partial disks after a failure (for --resume)."_s),
        QCommandLineOption(u"no-inspect"_s, u"Do not inspect the guests after copying."_s),
        QCommandLineOption(u"no-convert"_s, u"Do not convert Linux guests with virt-v2v-in-place after copying."_s),
        QCommandLineOption(u"start"_s, u"Start the domain after defining it and check that the guest boots."_s),
        valueOption(u"boot-timeout"_s, u"With --start: seconds the boot check waits (default 300, 900 under TCG)."_s, u"SECONDS"_s),
        QCommandLineOption(u"allow-powered-on"_s, u"Copy a running VM anyway (crash-consistent)."_s),
        QCommandLineOption(u"shutdown-source"_s,
                           u"Shut powered-on source VMs down before copying: VMware Tools, then power-off after "
                           u"--shutdown-timeout. They are not powered on again."_s),
        valueOption(u"shutdown-timeout"_s, u"Seconds to wait for a guest shutdown before powering off (default 300)."_s, u"SECONDS"_s),
        valueOption(u"virtio-win"_s, u"virtio-win ISO or directory: Windows guests are converted to virtio with its drivers."_s, u"PATH"_s),
        valueOption(u"progress"_s, u"bar (default on a terminal), json or none."_s, u"MODE"_s),
        valueOption(u"profile"_s, u"Start from the choices of a saved profile; options given override them."_s, u"FILE"_s),
        valueOption(u"save-profile"_s, u"Save the effective choices (no password) to FILE, then migrate."_s, u"FILE"_s),
    };
}

QString MigrateCommand::name() const
{
    return u"migrate"_s;
}

QString MigrateCommand::summary() const
{
    return u"Copy VMs from ESXi/vCenter or an OVA/OVF package to a directory or libvirt."_s;
}

int MigrateCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(summary());
    parser.addHelpOption();
    m_sourceOptions.addTo(parser);
    parser.addOptions(m_options);
    if (!parser.parse(arguments))
        return reportError(Error(ErrorCode::Usage, parser.errorText()));
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        return ExitOk;
    }
    auto profile = loadProfile(parser);
    if (!profile)
        return reportError(profile.error());
    auto source = m_sourceOptions.choice(parser, profile->source);
    if (!source)
        return reportError(source.error());
    if (source->isPackage() && !parser.isSet(u"vm"_s) && profile->plan.vmNames.isEmpty()) {
        auto only = onlyVmOf(*source);
        if (!only)
            return reportError(only.error());
        profile->plan.vmNames = {*only};
    }
    auto plan = planFrom(parser, profile->plan);
    if (!plan)
        return reportError(plan.error());
    if (source->isPackage() && plan->resume)
        QTextStream(stderr) << "ferry-cli: an OVA/OVF import reads the package again from the start; with --resume the chunks "
                               "already on the target are compared with it and kept only when equal\n";
    ProgressPrinter::Mode mode = isatty(STDERR_FILENO) ? ProgressPrinter::Mode::Bar : ProgressPrinter::Mode::None;
    if (parser.isSet(u"progress"_s) && !ProgressPrinter::parseMode(parser.value(u"progress"_s), &mode))
        return reportError(Error(ErrorCode::Usage, u"--progress must be bar, json or none"_s));
    if (parser.isSet(u"save-profile"_s)) {
        if (auto saved = ProfileFile::save(parser.value(u"save-profile"_s), Profile{*source, *plan}); !saved)
            return reportError(saved.error());
    }
    auto endpoint = m_sourceOptions.resolve(*source, parser);
    if (!endpoint)
        return reportError(endpoint.error());

    SourceConnection connection(*endpoint);
    auto inventory = connection.readInventory(100);
    if (!inventory)
        return reportError(inventory.error());

    ProgressPrinter printer(mode);
    MigrationRunner runner(*plan, *endpoint, *inventory);
    runner.setSessionCookie(connection.sessionCookie());
    int succeeded = 0;
    int failed = 0;
    QEventLoop loop;
    QObject::connect(&runner, &MigrationRunner::logMessage, &loop, [&](const QString &line) { printer.log(line); });
    QObject::connect(&runner, &MigrationRunner::sampled, &loop, [&](const ThroughputSample &s) { printer.sample(s); });
    QObject::connect(&runner, &MigrationRunner::vmStep, &loop, [&](const QString &vm, const QString &step) { printer.step(vm, step); });
    bool interrupted = false;
    QTimer interruptPoll;
    QObject::connect(&interruptPoll, &QTimer::timeout, &loop, [&] {
        if (g_interrupted.exchange(false)) {
            interrupted = true;
            printer.log(u"interrupted: cancelling, partial copies are removed unless --keep-partial or --resume"_s);
            runner.cancel();
        }
    });
    interruptPoll.start(200);
    QObject::connect(&runner, &MigrationRunner::vmFinished, &loop,
                     [&](const MigrationReport &report, const QString &reportPath) { printer.vmFinished(report, reportPath); });
    QObject::connect(&runner, &MigrationRunner::finished, &loop, [&](int ok, int bad) {
        succeeded = ok;
        failed = bad;
        loop.quit();
    });
    {
        const InterruptHandler handler(runner);
        runner.start();
        loop.exec();
    }
    if (interrupted || g_interrupted.load())
        return ExitInterrupted;
    if (failed == 0)
        return ExitOk;
    return succeeded == 0 ? ExitFailure : ExitPartial;
}

Result<QString> MigrateCommand::onlyVmOf(const ProfileSource &source) const
{
    auto package = PackageSource::open(source.endpoint.url.toLocalFile());
    if (!package)
        return std::unexpected(package.error());
    QStringList names;
    for (const VmInfo &vm : (*package)->inventory().vms)
        names << vm.name;
    if (names.size() == 1)
        return names.first();
    return fail(ErrorCode::Usage,
                u"the package holds %1 VMs (%2); name the ones to migrate with --vm NAME"_s.arg(names.size()).arg(names.join(u", "_s)));
}

Result<Profile> MigrateCommand::loadProfile(const QCommandLineParser &parser) const
{
    if (!parser.isSet(u"profile"_s))
        return Profile();
    auto profile = ProfileFile::load(parser.value(u"profile"_s));
    if (!profile) // whatever was wrong with the file, the option was a bad one
        return fail(ErrorCode::Usage, profile.error().message(), profile.error().details());
    return profile;
}

Result<MigrationPlan> MigrateCommand::planFrom(const QCommandLineParser &parser, MigrationPlan plan) const
{
    if (!parser.positionalArguments().isEmpty())
        return fail(ErrorCode::Usage, u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));
    if (parser.isSet(u"vm"_s))
        plan.vmNames = parser.values(u"vm"_s);
    if (parser.isSet(u"target"_s)) {
        auto target = TargetSpec::parse(parser.value(u"target"_s));
        if (!target)
            return std::unexpected(target.error());
        plan.target = *target;
    } else if (plan.target.path.isEmpty() && plan.target.uri.isEmpty()) {
        return fail(ErrorCode::Usage, u"--target is required: dir:PATH or a libvirt URI"_s);
    }
    if (parser.isSet(u"format"_s))
        plan.diskFormat = parser.value(u"format"_s);
    for (const QString &mapping : parser.values(u"network"_s)) {
        const qsizetype equals = mapping.indexOf(u'=');
        if (equals <= 0 || equals == mapping.size() - 1)
            return fail(ErrorCode::Usage, u"--network '%1' must look like \"VM Network=default\""_s.arg(mapping));
        plan.networkMap.insert(mapping.left(equals), mapping.mid(equals + 1));
    }
    if (parser.isSet(u"pool"_s))
        plan.storagePool = parser.value(u"pool"_s);
    if (auto pools = applyDiskPools(parser, plan); !pools)
        return std::unexpected(pools.error());
    if (parser.isSet(u"virt-type"_s))
        plan.virtType = parser.value(u"virt-type"_s);
    if (!plan.virtType.isEmpty() && plan.virtType != u"kvm" && plan.virtType != u"qemu")
        return fail(ErrorCode::Usage, u"--virt-type must be kvm or qemu"_s);
    if (parser.isSet(u"report-dir"_s))
        plan.reportDirectory = QDir::current().absoluteFilePath(parser.value(u"report-dir"_s));
    if (parser.isSet(u"staging-dir"_s))
        plan.stagingDirectory = QDir::current().absoluteFilePath(parser.value(u"staging-dir"_s));
    applyFlags(parser, plan);
    if (auto tuned = applyTuning(parser, plan); !tuned)
        return std::unexpected(tuned.error());
    if (auto valid = plan.validate(); !valid)
        return std::unexpected(valid.error());
    return plan;
}

void MigrateCommand::applyFlags(const QCommandLineParser &parser, MigrationPlan &plan) const
{
    // A flag given turns its choice on (--no-inspect: off); one not given keeps the
    // profile's. Resume and keep-partial belong to one run and never come from a profile.
    plan.verify = plan.verify || parser.isSet(u"verify"_s);
    plan.resume = parser.isSet(u"resume"_s);
    plan.keepPartial = parser.isSet(u"keep-partial"_s);
    plan.inspect = plan.inspect && !parser.isSet(u"no-inspect"_s);
    plan.convert = plan.convert && !parser.isSet(u"no-convert"_s);
    plan.startDomain = plan.startDomain || parser.isSet(u"start"_s);
    plan.allowCrashConsistent = plan.allowCrashConsistent || parser.isSet(u"allow-powered-on"_s);
    plan.shutdownSource = plan.shutdownSource || parser.isSet(u"shutdown-source"_s);
}

Result<void> MigrateCommand::applyTuning(const QCommandLineParser &parser, MigrationPlan &plan) const
{
    const auto number = [&](const QString &option, int *value) -> Result<void> {
        if (!parser.isSet(option))
            return {};
        bool ok = false;
        *value = parser.value(option).toInt(&ok);
        if (!ok)
            return fail(ErrorCode::Usage, u"--%1 must be a whole number"_s.arg(option));
        return {};
    };
    const auto size = [&](const QString &option, qint64 *value) -> Result<void> {
        if (!parser.isSet(option))
            return {};
        auto parsed = parseByteSize(parser.value(option));
        if (!parsed)
            return std::unexpected(parsed.error().prefixed(u"--"_s + option));
        *value = *parsed;
        return {};
    };
    if (auto r = number(u"shutdown-timeout"_s, &plan.shutdownTimeoutSeconds); !r)
        return r;
    if (parser.isSet(u"virtio-win"_s))
        plan.virtioWin = parser.value(u"virtio-win"_s);
    if (!plan.virtioWin.isEmpty()) { // given now or by the profile: it must still be there
        auto checked = VirtioWin::check(plan.virtioWin);
        if (!checked)
            return std::unexpected(checked.error());
        plan.virtioWin = *checked;
    }
    if (parser.value(u"connections"_s) == u"auto") {
        plan.transfer.autoConnections = true;
    } else if (parser.isSet(u"connections"_s)) {
        plan.transfer.autoConnections = false; // a count given now wins over a profile's auto
        if (auto r = number(u"connections"_s, &plan.transfer.connections); !r)
            return fail(ErrorCode::Usage, u"--connections must be a whole number or auto"_s);
    }
    if (auto r = number(u"boot-timeout"_s, &plan.bootTimeoutSeconds); !r)
        return r;
    if (auto r = number(u"requests-per-connection"_s, &plan.transfer.requestsPerConnection); !r)
        return r;
    if (auto r = size(u"chunk-size"_s, &plan.transfer.chunkSize); !r)
        return r;
    return size(u"memory-budget"_s, &plan.transfer.memoryBudget);
}

} // namespace Ferry::Cli
