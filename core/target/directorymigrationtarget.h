#pragma once

#include "migrationtarget.h"
#include "target/outputdirectory.h"

#include <QMap>

namespace Ferry {

// dir:PATH: PATH/<vm>/ holds the disks, <vm>.xml (validated domain XML pointing at them)
// and report.json. Needs no daemon.
class DirectoryMigrationTarget final : public MigrationTarget
{
public:
    DirectoryMigrationTarget(QString root, QString format, QMap<QString, QString> networkMap, int maxWriters);

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
    OutputDirectory m_output;
    QString m_format;
    QMap<QString, QString> m_networkMap;
    int m_maxWriters;
};

} // namespace Ferry
