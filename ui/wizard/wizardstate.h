#pragma once

#include "plan/migrationplan.h"
#include "plan/migrationreport.h"
#include "vsphere/inventory.h"
#include "vsphere/sourceendpoint.h"

#include <QObject>

#include <memory>

namespace Ferry {

class LabSource;

// The wizard's one plan object. Every page reads its initial values from here and
// writes its choices back here (never into another page's widgets), so a profile,
// the CLI and the wizard all end in the same MigrationPlan.
//
// Thread affinity: GUI thread. The password lives in endpoint() in memory only.
class WizardState : public QObject
{
    Q_OBJECT

public:
    explicit WizardState(QObject *parent = nullptr);
    ~WizardState() override;

    MigrationPlan &plan();
    const MigrationPlan &plan() const;
    // A new migration's plan: the defaults, with the connection count found by the engine.
    void resetPlan();

    const SourceEndpoint &endpoint() const;
    // lab: the endpoint is the built-in lab (started by lab()).
    bool isLab() const;
    // Another source than before (host and port, package, lab) drops the plan's consent
    // about powered-on VMs (allowCrashConsistent, shutdownSource): it was given for the
    // other source's VMs.
    void setSource(const SourceEndpoint &endpoint, bool lab);

    bool hasInventory() const;
    const Inventory &inventory() const;
    // "vmware_soap_session=..." for /folder requests; may be empty.
    QByteArray sessionCookie() const;
    void setInventory(const Inventory &inventory, const QByteArray &sessionCookie);
    void clearInventory();
    // The selected VMs (plan().vmNames) as found in the inventory, in selection order.
    QList<VmInfo> selectedVms() const;

    // Total bytes/s by connection count from the tuning page's read test, for the
    // summary's time estimate; empty until measured.
    QMap<int, double> measuredRates() const;
    void setMeasuredRates(const QMap<int, double> &rates);

    // The built-in lab source, created on first use and stopped with the state.
    LabSource *lab();

    // The profile this migration was opened from or saved to; empty for a new one.
    QString profilePath() const;
    void setProfilePath(const QString &path);

    // Reports of finished VMs, in the order they finished (the progress page adds them,
    // the done page shows them).
    QList<MigrationReport> reports() const;
    QStringList reportPaths() const;
    void addReport(const MigrationReport &report, const QString &path);
    void clearReports();

Q_SIGNALS:
    void sourceChanged();
    void inventoryChanged();

private:
    MigrationPlan m_plan;
    SourceEndpoint m_endpoint;
    bool m_lab = false;
    bool m_hasInventory = false;
    Inventory m_inventory;
    QByteArray m_cookie;
    LabSource *m_labSource = nullptr;
    QString m_profilePath;
    QMap<int, double> m_measuredRates;
    QList<MigrationReport> m_reports;
    QStringList m_reportPaths;
};

} // namespace Ferry
