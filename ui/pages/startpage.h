#pragma once

#include <QWizardPage>

class QLabel;
class QListWidget;
class QRadioButton;

namespace Ferry {

class WizardState;

// Page 1: a new migration, or a saved profile (from the recent list or a file). A
// profile fills the WizardState — source without password, VMs, target, mappings,
// tuning — and the following pages start from it.
class StartPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit StartPage(WizardState *state, QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    // Preselects a profile file (e.g. `ferry --profile FILE`).
    void selectProfile(const QString &path);

private:
    void browse();
    QString chosenProfile() const;

    WizardState *m_state;
    QRadioButton *m_new;
    QRadioButton *m_open;
    QListWidget *m_recent;
    QLabel *m_error;
};

} // namespace Ferry
