#pragma once

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace Ferry {

class WizardState;

// Page 6: the plan in words with a size and time estimate (what happens to the source VMs
// too), the after-copy options (verify, inspect, convert for KVM with an optional virtio-win
// ISO or directory, start, and how long the boot check of a started domain waits), and
// "Save as profile". The virtio-win path is remembered in
// QSettings ("conversion/virtioWin") and goes into the plan and its profile. It is the commit page: Next says
// "Start migration" and there is no way back once the copy runs.
class SummaryPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit SummaryPage(WizardState *state, QWidget *parent = nullptr);

    void initializePage() override;
    bool validatePage() override;

    // The plan as HTML, for the page and for tests.
    QString planText() const;
    // Saves the plan and source (never the password) as a profile; false on failure,
    // with the reason shown on the page. The "Save as profile" button asks for the path.
    bool saveProfileTo(const QString &path);

private:
    void saveProfile();
    void applyOptions();
    QString sourceLine() const;
    QString targetLine() const;
    QString estimateLine() const;
    QString sourceVmsLine() const;
    // What the migration creates under which name: per-VM folders, or domains and volumes.
    QString createdLine() const;
    // Preflight warnings of the selected VMs (blockers never get this far).
    QStringList warningLines() const;
    void chooseVirtioWin();
    void updateConversionControls();

    WizardState *m_state;
    QTextBrowser *m_text;
    QCheckBox *m_verify;
    QCheckBox *m_inspect;
    QCheckBox *m_convert;
    QLineEdit *m_virtioWin;
    QPushButton *m_virtioWinBrowse;
    QCheckBox *m_start;
    QSpinBox *m_bootTimeout; // plan().bootTimeoutSeconds; 0: automatic
    QLabel *m_status;
};

} // namespace Ferry
