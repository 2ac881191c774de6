#pragma once

#include "base/error.h"
#include "fetch/transfersettings.h"
#include "target/targetspec.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace Ferry {

// Every choice of one migration (one VM or a batch), whoever made it: CLI flags, the
// wizard's pages or a profile. The source's password is not part of it.
struct MigrationPlan
{
    QStringList vmNames;
    TargetSpec target;
    QString diskFormat = QStringLiteral("raw"); // "raw" or "qcow2"
    TransferSettings transfer;
    QMap<QString, QString> networkMap; // source network -> libvirt network/bridge
    QString storagePool;               // libvirt pool, for libvirt targets
    // Per-disk pool overrides for libvirt targets: "<vm>/<disk number from 1, source
    // order>" -> pool. Disks without an entry use storagePool. validate() checks the keys;
    // whether the pools exist is checked when the target opens.
    QMap<QString, QString> diskPools;
    QString virtType;                  // libvirt domain type; empty: the host's best
    QString reportDirectory;           // libvirt targets: where report.json files go
    QString stagingDirectory;          // libvirt targets: where staged disks go; empty: $TMPDIR or /var/tmp
    bool verify = false;               // read every disk back and compare chunk digests
    bool resume = false;               // continue partial copies from their journals
    bool keepPartial = false;          // keep partial disks and journals after a failure
    bool inspect = true;               // inspect guests after copying
    bool convert = true;               // convert Linux guests with virt-v2v-in-place after inspection
    bool startDomain = false;          // start the defined domain
    int bootTimeoutSeconds = 0;        // --start: how long the boot check waits; 0: 300 s, 900 s under TCG
    bool allowCrashConsistent = false; // copy powered-on VMs anyway
    // Shut powered-on source VMs down before copying: VMware Tools first, power-off after
    // shutdownTimeoutSeconds. The source is never powered on again.
    bool shutdownSource = false;
    int shutdownTimeoutSeconds = 300;
    // A virtio-win ISO or directory for converting Windows guests (virt-v2v's VIRTIO_WIN);
    // empty: Windows guests keep SATA and e1000e.
    QString virtioWin;

    // Usage errors for choices that contradict each other or are out of range.
    Result<void> validate() const;
};

} // namespace Ferry
