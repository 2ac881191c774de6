#include "wizardstate.h"

#include "vsphere/labsource.h"

namespace Ferry {

WizardState::WizardState(QObject *parent)
    : QObject(parent)
{
    resetPlan();
}

void WizardState::resetPlan()
{
    m_plan = MigrationPlan{};
    // Without a network check nobody knows the knee: let the engine find it. A check's
    // advice (or a profile) sets a fixed count instead.
    m_plan.transfer.autoConnections = true;
}

WizardState::~WizardState() = default;

MigrationPlan &WizardState::plan()
{
    return m_plan;
}

const MigrationPlan &WizardState::plan() const
{
    return m_plan;
}

const SourceEndpoint &WizardState::endpoint() const
{
    return m_endpoint;
}

bool WizardState::isLab() const
{
    return m_lab;
}

namespace {

// The same host and port, the same package, or both the lab (whose port changes).
bool sameSource(const SourceEndpoint &a, bool aLab, const SourceEndpoint &b, bool bLab)
{
    if (aLab || bLab)
        return aLab == bLab;
    if (a.url.isLocalFile() || b.url.isLocalFile())
        return a.url.isLocalFile() && b.url.isLocalFile() && a.url.toLocalFile() == b.url.toLocalFile();
    return a.url.host().compare(b.url.host(), Qt::CaseInsensitive) == 0 && a.url.port(443) == b.url.port(443);
}

} // namespace

void WizardState::setSource(const SourceEndpoint &endpoint, bool lab)
{
    const bool hadSource = m_lab || !m_endpoint.url.isEmpty();
    if (hadSource && !sameSource(m_endpoint, m_lab, endpoint, lab)) {
        // Consent to copy running VMs (or to shut them down) was given for the other
        // source's VMs; here it must be given again.
        m_plan.allowCrashConsistent = false;
        m_plan.shutdownSource = false;
    }
    m_endpoint = endpoint;
    m_lab = lab;
    Q_EMIT sourceChanged();
}

bool WizardState::hasInventory() const
{
    return m_hasInventory;
}

const Inventory &WizardState::inventory() const
{
    return m_inventory;
}

QByteArray WizardState::sessionCookie() const
{
    return m_cookie;
}

void WizardState::setInventory(const Inventory &inventory, const QByteArray &sessionCookie)
{
    m_inventory = inventory;
    m_cookie = sessionCookie;
    m_hasInventory = true;
    m_measuredRates.clear(); // measured against the previous source
    Q_EMIT inventoryChanged();
}

void WizardState::clearInventory()
{
    m_inventory = {};
    m_cookie.clear();
    m_hasInventory = false;
    m_measuredRates.clear();
    Q_EMIT inventoryChanged();
}

QList<VmInfo> WizardState::selectedVms() const
{
    QList<VmInfo> vms;
    for (const QString &name : m_plan.vmNames) {
        for (const VmInfo &vm : m_inventory.vms) {
            if (vm.name == name) {
                vms.append(vm);
                break;
            }
        }
    }
    return vms;
}

QMap<int, double> WizardState::measuredRates() const
{
    return m_measuredRates;
}

void WizardState::setMeasuredRates(const QMap<int, double> &rates)
{
    m_measuredRates = rates;
}

LabSource *WizardState::lab()
{
    if (!m_labSource)
        m_labSource = new LabSource(this);
    return m_labSource;
}

QString WizardState::profilePath() const
{
    return m_profilePath;
}

void WizardState::setProfilePath(const QString &path)
{
    m_profilePath = path;
}

QList<MigrationReport> WizardState::reports() const
{
    return m_reports;
}

QStringList WizardState::reportPaths() const
{
    return m_reportPaths;
}

void WizardState::addReport(const MigrationReport &report, const QString &path)
{
    m_reports.append(report);
    m_reportPaths.append(path);
}

void WizardState::clearReports()
{
    m_reports.clear();
    m_reportPaths.clear();
}

} // namespace Ferry
