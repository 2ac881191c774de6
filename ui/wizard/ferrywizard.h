#pragma once

#include <QWizard>

class QAbstractButton;

namespace Ferry {

class WizardState;

// The application window: the migration wizard, discovery to done. It owns the one
// WizardState every page works on, remembers its geometry, and offers About.
class FerryWizard : public QWizard
{
    Q_OBJECT

public:
    explicit FerryWizard(QWidget *parent = nullptr);
    ~FerryWizard() override;

    WizardState *state() const;
    // Chooses a saved profile on the start page (`ferry --profile FILE`).
    void selectProfile(const QString &path);

    // Saves the window geometry: Finish, Cancel and Escape end here, not in closeEvent.
    void done(int result) override;
    // Cancel, Escape or the window's close button: while a copy runs it asks first
    // (non-modal), since stopping discards the partial disks.
    void reject() override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void addPages();
    void showAbout();
    // The line next to Next that says why it is disabled (the page's
    // incompleteReason(), or what the page waits for).
    void updateNextReason();
    QString nextReason() const;

    WizardState *m_state;
    bool m_closeConfirmed = false;
    QAbstractButton *m_nextReason = nullptr;
};

} // namespace Ferry
