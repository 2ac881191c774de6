#include "vmspage.h"

#include "models/vmfilterproxy.h"
#include "models/vmtablemodel.h"
#include "widgets/vmdetailview.h"
#include "wizard/wizardstate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ferry {

VmsPage::VmsPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_model(new VmTableModel(this))
    , m_proxy(new VmFilterProxy(this))
{
    setObjectName(u"vmsPage"_s);
    setTitle(tr("Virtual machines"));
    setSubTitle(tr("Select the virtual machines to migrate. Problems that stop a VM and its details are shown below the table."));
    m_proxy->setSourceModel(m_model);
    buildTable();
    buildSelectionRow();
    m_splitter->addWidget(buildDetails());
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    connect(m_model, &VmTableModel::selectionChanged, this, &VmsPage::selectionChanged);
}

void VmsPage::buildTable()
{
    auto *layout = new QVBoxLayout(this);
    auto *filterRow = new QHBoxLayout;
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(u"filterEdit"_s);
    m_filterEdit->setPlaceholderText(tr("Name, guest OS, datacenter, cluster, host or folder"));
    m_filterEdit->setClearButtonEnabled(true);
    auto *filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filterEdit);
    m_datacenterCombo = new QComboBox(this);
    m_datacenterCombo->setObjectName(u"datacenterCombo"_s);
    m_datacenterCombo->setToolTip(tr("Show the VMs of one datacenter only"));
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_datacenterCombo);
    layout->addLayout(filterRow);

    // Table and selection above, findings and details below; the admin moves the handle.
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(u"vmsSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    auto *top = new QWidget(m_splitter);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableView(top);
    m_table->setObjectName(u"vmTable"_s);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    // No sort indicator: the table starts in inventory order until a header is clicked.
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    topLayout->addWidget(m_table, 1);
    m_splitter->addWidget(top);
    layout->addWidget(m_splitter, 1);

    m_table->installEventFilter(this);
    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_datacenterCombo, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setDatacenter(m_datacenterCombo->currentData().toString()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &VmsPage::showCurrentFindings);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &VmsPage::showCurrentVm);
}

void VmsPage::buildSelectionRow()
{
    auto *outer = static_cast<QVBoxLayout *>(m_table->parentWidget()->layout());
    auto *row = new QHBoxLayout;
    m_selectAllButton = new QPushButton(tr("Select all &shown"), this);
    m_selectAllButton->setObjectName(u"selectAllButton"_s);
    m_selectNoneButton = new QPushButton(tr("Select &none"), this);
    m_selectNoneButton->setObjectName(u"selectNoneButton"_s);
    m_shutdownCheck = new QCheckBox(tr("Shut &down powered-on VMs before copying"), this);
    m_shutdownCheck->setObjectName(u"shutdownSourceCheck"_s);
    m_shutdownCheck->setToolTip(tr("Ferry asks the guest to shut down through VMware Tools and powers the VM off if it is "
                                   "still running after %n second(s). The VM is not started again on VMware.",
                                   nullptr, MigrationPlan().shutdownTimeoutSeconds));
    m_crashConsistentCheck = new QCheckBox(tr("Copy powered-on VMs an&yway (crash-consistent)"), this);
    m_crashConsistentCheck->setObjectName(u"crashConsistentCheck"_s);
    m_crashConsistentCheck->setToolTip(tr("A running VM keeps writing while its disks are copied: the copy is like "
                                          "after a power failure. Shut VMs down for a clean copy."));
    row->addWidget(m_selectAllButton);
    row->addWidget(m_selectNoneButton);
    row->addStretch(1);
    row->addWidget(m_shutdownCheck);
    row->addWidget(m_crashConsistentCheck);
    outer->addLayout(row);

    m_selectionLabel = new QLabel(this);
    m_selectionLabel->setObjectName(u"selectionLabel"_s);
    m_selectionLabel->setTextFormat(Qt::PlainText);
    m_selectionLabel->setWordWrap(true);
    outer->addWidget(m_selectionLabel);
    m_profileLabel = new QLabel(this);
    m_profileLabel->setObjectName(u"profileLabel"_s);
    m_profileLabel->setTextFormat(Qt::PlainText);
    m_profileLabel->setWordWrap(true);
    m_profileLabel->hide();
    outer->addWidget(m_profileLabel);

    connect(m_selectAllButton, &QPushButton::clicked, this, [this] { selectShown(true); });
    connect(m_selectNoneButton, &QPushButton::clicked, this, [this] { m_model->setSelected(m_model->selectedRows(), false); });
    connect(m_crashConsistentCheck, &QCheckBox::toggled, this, &VmsPage::powerOptionsToggled);
    connect(m_shutdownCheck, &QCheckBox::toggled, this, &VmsPage::powerOptionsToggled);
}

// The current VM's findings (left) and details (right), each with its label.
QWidget *VmsPage::buildDetails()
{
    auto *bottom = new QWidget(m_splitter);
    auto *row = new QHBoxLayout(bottom);
    row->setContentsMargins(0, 0, 0, 0);
    auto *findingsColumn = new QVBoxLayout;
    auto *findingsLabel = new QLabel(tr("F&indings for the current VM:"), bottom);
    m_findingsView = new QTextBrowser(bottom);
    m_findingsView->setObjectName(u"findingsView"_s);
    findingsLabel->setBuddy(m_findingsView);
    findingsColumn->addWidget(findingsLabel);
    findingsColumn->addWidget(m_findingsView, 1);
    auto *detailColumn = new QVBoxLayout;
    auto *detailLabel = new QLabel(tr("De&tails of the current VM:"), bottom);
    m_detailView = new VmDetailView(bottom);
    detailLabel->setBuddy(m_detailView);
    detailColumn->addWidget(detailLabel);
    detailColumn->addWidget(m_detailView, 1);
    row->addLayout(findingsColumn, 2);
    row->addLayout(detailColumn, 3);
    return bottom;
}

// Location columns and the datacenter filter only where there is a hierarchy (a
// vCenter); one ESXi host keeps the table as narrow as before.
void VmsPage::showHierarchy()
{
    const bool hierarchy = m_model->hasHierarchy();
    for (int column : {VmTableModel::DatacenterColumn, VmTableModel::ClusterColumn, VmTableModel::HostColumn, VmTableModel::FolderColumn})
        m_table->setColumnHidden(column, !hierarchy);
    const QStringList datacenters = m_model->datacenterPaths();
    const QSignalBlocker blocker(m_datacenterCombo);
    m_datacenterCombo->clear();
    m_datacenterCombo->addItem(tr("All datacenters"), QString());
    for (const QString &path : datacenters)
        m_datacenterCombo->addItem(path, path);
    m_datacenterCombo->setVisible(datacenters.size() > 1);
    m_proxy->setDatacenter({});
}

void VmsPage::showCurrentVm()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    m_detailView->showVm(current.isValid() ? &m_model->vm(current.row()) : nullptr);
}

void VmsPage::initializePage()
{
    m_initializing = true;
    const MigrationPlan &plan = m_state->plan();
    m_crashConsistentCheck->setChecked(plan.allowCrashConsistent);
    m_shutdownCheck->setChecked(plan.shutdownSource);
    m_model->setPreflightOptions(preflightOptions());
    m_model->setVms(m_state->inventory().vms);
    showHierarchy();
    const QStringList missing = m_model->selectNames(plan.vmNames);
    m_profileLabel->setText(tr("Not found on this source, so not selected: %1.").arg(missing.join(u", "_s)));
    m_profileLabel->setVisible(!missing.isEmpty());
    m_initializing = false;
    m_table->resizeColumnsToContents();
    if (m_proxy->rowCount() > 0)
        m_table->setCurrentIndex(m_proxy->index(0, VmTableModel::NameColumn));
    selectionChanged();
    showCurrentFindings();
    showCurrentVm();
}

bool VmsPage::isComplete() const
{
    return !m_model->selectedRows().isEmpty() && blockedReason().isEmpty();
}

bool VmsPage::validatePage()
{
    if (!isComplete())
        return false;
    writePlan();
    return true;
}

void VmsPage::selectShown(bool selected)
{
    QList<int> rows;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        rows.append(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
    m_model->setSelected(rows, selected);
}

// Space toggles the current row's checkbox whichever cell is current (the view alone
// toggles only when the checkbox cell itself is current).
bool VmsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
            toggleCurrent();
            return true;
        }
    }
    return QWizardPage::eventFilter(watched, event);
}

void VmsPage::toggleCurrent()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (current.isValid())
        m_model->setSelected({current.row()}, !m_model->isSelected(current.row()));
}

void VmsPage::selectionChanged()
{
    if (m_initializing)
        return;
    const QString blocked = blockedReason();
    const int count = int(m_model->selectedRows().size());
    if (!blocked.isEmpty())
        m_selectionLabel->setText(blocked);
    else if (count == 0)
        m_selectionLabel->setText(tr("Select at least one virtual machine to migrate."));
    else
        m_selectionLabel->setText(tr("%n virtual machine(s) selected.", nullptr, count));
    writePlan();
    Q_EMIT completeChanged();
}

PreflightOptions VmsPage::preflightOptions() const
{
    return PreflightOptions{.allowCrashConsistent = m_crashConsistentCheck->isChecked(), .shutdownSource = m_shutdownCheck->isChecked()};
}

void VmsPage::powerOptionsToggled()
{
    m_model->setPreflightOptions(preflightOptions()); // re-emits selectionChanged
    showCurrentFindings();
}

// The first selected VM with a blocker and its first blocker; empty when none is blocked.
QString VmsPage::blockedReason() const
{
    QString reason;
    int blocked = 0;
    for (int row : m_model->selectedRows()) {
        const QList<Finding> &findings = m_model->findings(row);
        for (const Finding &finding : findings) {
            if (finding.severity != Finding::Severity::Blocker)
                continue;
            if (blocked++ == 0) {
                reason = tr("%1 cannot be migrated: %2").arg(m_model->vm(row).name, finding.message);
                // The way out is a checkbox on this page, not a command-line option.
                if (finding.code == u"powered-on"_s)
                    reason += u' '
                        + (m_model->vm(row).powerState == PowerState::PoweredOn
                               ? tr("Tick “Shut down powered-on VMs before copying” or “Copy powered-on VMs anyway”.")
                               : tr("Tick “Copy powered-on VMs anyway” to copy it as it is."));
            }
            break;
        }
    }
    if (blocked > 1)
        reason += u' ' + tr("(%n more selected VM(s) blocked)", nullptr, blocked - 1);
    return reason;
}

void VmsPage::showCurrentFindings()
{
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_findingsView->setPlainText(tr("Select a row to see what Ferry found about that VM."));
        return;
    }
    const VmInfo &vm = m_model->vm(current.row());
    const QList<Finding> &findings = m_model->findings(current.row());
    QString html = u"<p><b>%1</b></p>"_s.arg(vm.name.toHtmlEscaped());
    if (findings.isEmpty())
        html += u"<p>"_s + tr("No problems found: this VM can be migrated.").toHtmlEscaped() + u"</p>"_s;
    html += u"<ul>"_s;
    for (const Finding &finding : findings) {
        const bool blocker = finding.severity == Finding::Severity::Blocker;
        const QString label = blocker ? tr("Blocker:") : finding.severity == Finding::Severity::Warning ? tr("Warning:") : tr("Note:");
        html += (blocker ? u"<li><b style=\"color:#b01c1c\">%1</b> %2</li>"_s : u"<li><b>%1</b> %2</li>"_s)
                    .arg(label.toHtmlEscaped(), finding.message.toHtmlEscaped());
    }
    m_findingsView->setHtml(html + u"</ul>"_s);
}

void VmsPage::writePlan()
{
    m_state->plan().vmNames = m_model->selectedNames();
    m_state->plan().allowCrashConsistent = m_crashConsistentCheck->isChecked();
    m_state->plan().shutdownSource = m_shutdownCheck->isChecked();
}

} // namespace Ferry
