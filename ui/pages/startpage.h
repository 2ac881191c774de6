#pragma once

#include <QWizardPage>

class QLabel;
class QListWidget;
class QRadioButton;

namespace Ferry {

class WizardState;

// Page 1: a new migration, a saved profile (from the recent list or a file), or an
// unfinished migration of an earlier session (UnfinishedRuns). A profile fills the
// WizardState — source without password, VMs, target, mappings, tuning — and the
// following pages start from it; an unfinished one also sets plan.resume, so only what
// is missing is fetched.
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
    void fillUnfinished();
    bool resumeUnfinished();

    WizardState *m_state;
    QRadioButton *m_new;
    QRadioButton *m_open;
    QListWidget *m_recent;
    QRadioButton *m_resume;
    QListWidget *m_unfinished; // UnfinishedRuns::list(), the record's path as data
    QLabel *m_error;
};

} // namespace Ferry
