#include "preflight.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// The translation context of these messages; lupdate reads it from the class name.
class Preflight
{
    Q_DECLARE_TR_FUNCTIONS(Ferry::Preflight)
};

Finding blocker(const QString &code, const QString &message, const QString &details = {})
{
    return Finding{Finding::Severity::Blocker, code, message, details};
}

Finding warning(const QString &code, const QString &message, const QString &details = {})
{
    return Finding{Finding::Severity::Warning, code, message, details};
}

void checkDisk(const DiskInfo &disk, QList<Finding> &findings)
{
    const QString where = disk.label + u" (" + disk.fileName + u')';
    switch (disk.backing) {
    case DiskBacking::Rdm:
        findings << blocker(u"rdm-disk"_s,
                            Preflight::tr("%1 is a raw device mapping: its data is on a LUN, not in a file Ferry can copy; "
                                          "migrate the LUN separately or convert it to a virtual disk first")
                                .arg(where));
        return;
    case DiskBacking::Sparse:
    case DiskBacking::SeSparse:
    case DiskBacking::Other:
        findings << blocker(u"unsupported-backing"_s,
                            Preflight::tr("%1 has a %2 backing, not a flat file; consolidate or clone it to a flat disk first")
                                .arg(where, toString(disk.backing)));
        return;
    case DiskBacking::Flat:
        break;
    }
    if (disk.encrypted)
        findings << blocker(u"encrypted-disk"_s,
                            Preflight::tr("%1 is encrypted by vSphere: its flat file holds ciphertext; decrypt the VM first").arg(where));
    if (disk.snapshotDelta)
        findings << blocker(u"snapshot-delta"_s,
                            Preflight::tr("%1 runs on a snapshot delta, so its flat file is not the current state; "
                                          "delete or consolidate the snapshots first")
                                .arg(where));
    if (disk.capacity <= 0)
        findings << blocker(u"unknown-capacity"_s, Preflight::tr("%1 reports no capacity").arg(where));
    if (disk.diskMode.startsWith(u"independent"))
        findings << warning(u"independent-disk"_s,
                            Preflight::tr("%1 is an independent disk (%2): snapshots never covered it").arg(where, disk.diskMode));
}

} // namespace

QList<Finding> preflight(const VmInfo &vm, const PreflightOptions &options)
{
    QList<Finding> findings;
    if (vm.template_)
        findings << warning(u"template"_s, Preflight::tr("%1 is a template; the copy becomes a normal domain").arg(vm.name));
    if (vm.snapshotCount > 0)
        findings << blocker(u"snapshot"_s,
                            Preflight::tr("%1 has %n snapshot(s); the flat files are not the current state: "
                                          "delete or consolidate the snapshots first",
                                          nullptr, vm.snapshotCount)
                                .arg(vm.name),
                            u"current snapshot: "_s + vm.currentSnapshot);
    if (vm.powerState != PowerState::PoweredOff) {
        // Words for people here: the wizard shows these; the CLI options go to details.
        const QString state = vm.powerState == PowerState::Suspended ? Preflight::tr("suspended") : Preflight::tr("powered on");
        if (vm.powerState == PowerState::PoweredOn && options.shutdownSource)
            findings << Finding{Finding::Severity::Info,
                                u"powered-on"_s,
                                Preflight::tr("%1 is powered on: Ferry shuts it down before copying (through VMware Tools, "
                                              "powered off if that does not work in time)")
                                    .arg(vm.name),
                                {}};
        else if (options.allowCrashConsistent)
            findings << warning(u"powered-on"_s, Preflight::tr("%1 is %2: the copy is only crash-consistent").arg(vm.name, state));
        else if (vm.powerState == PowerState::Suspended)
            findings << blocker(u"powered-on"_s,
                                Preflight::tr("%1 is suspended: resume it and shut it down first, or accept a crash-consistent "
                                              "copy")
                                    .arg(vm.name),
                                u"ferry-cli: --allow-powered-on copies it as it is"_s);
        else
            findings << blocker(u"powered-on"_s,
                                Preflight::tr("%1 is powered on: shut it down first, let Ferry shut it down before copying, "
                                              "or accept a crash-consistent copy")
                                    .arg(vm.name),
                                u"ferry-cli: --shutdown-source shuts it down, --allow-powered-on copies it as it runs"_s);
    }
    if (vm.disks.isEmpty())
        findings << blocker(u"no-disks"_s, Preflight::tr("%1 has no virtual disks to copy").arg(vm.name));
    for (const DiskInfo &disk : vm.disks)
        checkDisk(disk, findings);
    return findings;
}

bool hasBlocker(const QList<Finding> &findings)
{
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding &finding) { return finding.severity == Finding::Severity::Blocker; });
}

} // namespace Ferry
