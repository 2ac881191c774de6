#pragma once

#include "migrationtarget.h"

#include <QHash>

namespace Ferry {

class LibvirtTarget;
class LibvirtVolumeSink;

// A libvirt URI: one volume per disk in a storage pool, a defined (optionally started)
// domain. Reports go to <report directory>/<vm>/report.json, as a libvirt host has no
// place of its own for them.
class LibvirtMigrationTarget final : public MigrationTarget
{
public:
    // bootTimeoutSeconds: how long the boot check of a started domain waits; 0: 300 s, or
    // 900 s when the domain runs under TCG (virt type qemu).
    LibvirtMigrationTarget(std::unique_ptr<LibvirtTarget> target, QString reportDirectory, bool startDomain, int bootTimeoutSeconds = 0);
    ~LibvirtMigrationTarget() override;

    QJsonObject describe() const override;
    Result<QStringList> prepareVm(const VmInfo &vm, bool resume) override;
    Result<std::unique_ptr<Sink>> createSink(const VmInfo &vm, int diskIndex) override;
    QString localDiskPath(const VmInfo &vm, int diskIndex) const override;
    Result<Domain> finishVm(const VmInfo &vm, const std::optional<GuestProfile> &guest) override;
    BootWatch bootCheck(const VmInfo &vm, BootCheckReport *skipped) override;
    void abandonVm(const VmInfo &vm, bool keepPartial) override;
    QString reportPath(const VmInfo &vm) const override;
    QString diskReference(const VmInfo &vm, int diskIndex, const QString &sinkTarget) const override;

private:
    std::unique_ptr<LibvirtTarget> m_target;
    QString m_reportDirectory;
    bool m_startDomain;
    int m_bootTimeoutSeconds;
    // The domain each started VM became, and its console log ("" when not readable here).
    QHash<QString, std::pair<QString, QString>> m_started;
    // The console log of a VM: next to its report.json when the target host is this one.
    QString consoleLogPath(const VmInfo &vm) const;
    // The sinks of each VM, owned by the runner's DiskCopy objects, which outlive finishVm.
    QHash<QString, QList<const LibvirtVolumeSink *>> m_sinks;
};

} // namespace Ferry
