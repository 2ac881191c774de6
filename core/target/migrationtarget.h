#pragma once

#include "base/error.h"
#include "target/bootcheck.h"
#include "target/guestprofile.h"
#include "vsphere/inventory.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace Ferry {

class Sink;

// Where a VM ends up, as the runner sees it: an output directory or a libvirt host.
// The runner asks the same questions of both; each answers in its own way.
// Threads: every call may block (libvirt RPC, mkdir, validation). One thread at a time:
// the runner's relay thread while it prepares, then its step thread. Only the BootWatch
// that bootCheck() returns runs elsewhere (see there).
class MigrationTarget
{
public:
    // What finishing a VM produced.
    struct Domain
    {
        QString reference; // report.json's "domain_xml": a file path or a domain name
        QStringList warnings;
        QStringList decisions; // bus/model/firmware choices with their reasons
    };

    MigrationTarget() = default;
    virtual ~MigrationTarget() = default;
    Q_DISABLE_COPY_MOVE(MigrationTarget)
    virtual QJsonObject describe() const = 0;
    // Before anything is copied: refuses clashes with what exists; returns warnings.
    virtual Result<QStringList> prepareVm(const VmInfo &vm, bool resume) = 0;
    // The sink for one disk (source order), not opened yet.
    virtual Result<std::unique_ptr<Sink>> createSink(const VmInfo &vm, int diskIndex) = 0;
    // The local file holding a committed disk, for inspection; empty when there is none.
    virtual QString localDiskPath(const VmInfo &vm, int diskIndex) const = 0;
    // After every disk committed: the domain (XML file or defined domain).
    virtual Result<Domain> finishVm(const VmInfo &vm, const std::optional<GuestProfile> &guest) = 0;
    // Whether a started domain's guest came up: blocks up to the boot timeout, polls
    // *cancelled. Runs on any thread, alongside other calls of the target: it holds what it
    // needs by value and uses only the target's libvirt connection (libvirt lets threads
    // share one); the target must outlive it.
    using BootWatch = std::function<BootCheckReport(const std::atomic<bool> *cancelled)>;
    // After finishVm: the boot check of the domain it started, or an empty BootWatch and the
    // skipped report (*skipped) when the target started none.
    virtual BootWatch bootCheck(const VmInfo &vm, BootCheckReport *skipped) = 0;
    // After a failure, once the disks were abandoned: removes what prepareVm made.
    virtual void abandonVm(const VmInfo &vm, bool keepPartial) = 0;
    // Where this VM's report.json goes.
    virtual QString reportPath(const VmInfo &vm) const = 0;
    // The path or volume that report.json names for a committed disk.
    virtual QString diskReference(const VmInfo &vm, int diskIndex, const QString &sinkTarget) const = 0;
};

} // namespace Ferry
