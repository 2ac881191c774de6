#pragma once

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;
class QTextBrowser;

namespace Ferry {

struct PreflightOptions;
class VmDetailView;
class VmFilterProxy;
class VmTableModel;
class WizardState;

// Page 3: which VMs to migrate. A sortable, filterable table of the inventory
// (VmTableModel behind a VmFilterProxy), checkboxes to select; on a vCenter the
// datacenter, cluster, host and folder columns and a datacenter filter. Below the
// table the current VM's preflight findings and its details (VmDetailView). Complete when at least one VM is selected and
// no selected VM has a blocker; writes plan().vmNames (inventory order),
// plan().shutdownSource ("Shut down powered-on VMs before copying") and
// plan().allowCrashConsistent as they change and in validatePage().
class VmsPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit VmsPage(WizardState *state, QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildTable();
    void buildSelectionRow();
    QWidget *buildDetails();
    void showHierarchy();
    void showCurrentVm();
    void selectShown(bool selected);
    void toggleCurrent();
    void selectionChanged();
    void powerOptionsToggled();
    PreflightOptions preflightOptions() const;
    void showCurrentFindings();
    QString blockedReason() const;
    void writePlan();

    WizardState *m_state;
    VmTableModel *m_model;
    VmFilterProxy *m_proxy;
    QLineEdit *m_filterEdit;
    QComboBox *m_datacenterCombo;
    QSplitter *m_splitter;
    VmDetailView *m_detailView;
    QTableView *m_table;
    QPushButton *m_selectAllButton;
    QPushButton *m_selectNoneButton;
    QCheckBox *m_crashConsistentCheck;
    QCheckBox *m_shutdownCheck;
    QLabel *m_selectionLabel;
    QLabel *m_profileLabel;
    QTextBrowser *m_findingsView;
    bool m_initializing = false;
};

} // namespace Ferry
