#pragma once

#include <QWizardPage>

#include <memory>

class QLabel;
class QPushButton;
class QThread;
class QTreeWidget;

namespace Ferry {

class WizardState;

// Page 8: what happened to each VM (WizardState::reports()): result and error, disks with
// their digests, the domain XML or libvirt domain, report.json, and the findings of
// preflight and guest inspection. Buttons act on the selected VM: open its report.json,
// open its folder, and for libvirt targets start the defined domain.
//
// Starting a domain is a libvirt call: it runs on its own thread, the result comes back
// queued; the destructor waits for that thread (libvirt answers or fails within seconds).
class DonePage : public QWizardPage
{
    Q_OBJECT

public:
    explicit DonePage(WizardState *state, QWidget *parent = nullptr);
    ~DonePage() override;

    void initializePage() override;

    // The selected VM's report.json and folder (empty when none), for the buttons and tests.
    QString selectedReportPath() const;
    QString selectedFolder() const;

Q_SIGNALS:
    // The start domain attempt ended; error is empty on success.
    void domainStartFinished(const QString &domain, const QString &error);

private:
    QWidget *createButtons();
    void addVm(int index);
    void addDetails(int index);
    int selectedIndex() const;
    void updateButtons();
    void openReport();
    void openFolder();
    void startDomain();
    void openPath(const QString &path);
    // Back to an earlier page ("Change plan and retry": the target page after a failed
    // or cancelled run; "Migrate more VMs": the VM list), every choice kept.
    void goBackTo(int pageId);
    void onDomainStarted(const QString &domain, const QString &error, const QString &details);

    WizardState *m_state;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QLabel *m_status;
    QPushButton *m_openReportButton;
    QPushButton *m_openFolderButton;
    QPushButton *m_startDomainButton;
    QPushButton *m_changePlanButton;
    QPushButton *m_migrateMoreButton;
    std::unique_ptr<QThread> m_startThread;
};

} // namespace Ferry
