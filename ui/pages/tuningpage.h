#pragma once

#include <QWizardPage>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace Ferry {

class NetcheckRunner;
class WizardState;
struct CheckResult;

// Page 5: how the copy uses the network — connections, requests per connection, chunk
// size and memory budget, each with a one-line explanation — and the network check
// (MTU, Range, TLS, a short read test) whose connection recommendation can be applied
// with one click. The controls work whether or not the check ran.
class TuningPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit TuningPage(WizardState *state, QWidget *parent = nullptr);

    void initializePage() override;
    bool validatePage() override;
    void cleanupPage() override;

private:
    QWidget *makeSettingsBox();
    QWidget *makeCheckBox();
    void startCheck();
    void addCheck(const CheckResult &check);
    void checkFinished(const QString &error);
    void applyRecommendation();

    WizardState *m_state;
    QSpinBox *m_connections;
    QSpinBox *m_requests;
    QComboBox *m_chunkSize;
    QComboBox *m_memoryBudget;
    QLabel *m_error;
    QPushButton *m_checkButton;
    QLabel *m_checkStatus;
    QTreeWidget *m_checks;
    QPushButton *m_apply;
    NetcheckRunner *m_runner;
    int m_recommended = 0;
};

} // namespace Ferry
