#pragma once

#include <QWizardPage>

namespace Ferry {

class WizardState;

// Placeholder until the page is written (issue 6).
class TuningPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit TuningPage(WizardState *state, QWidget *parent = nullptr);

private:
    WizardState *m_state;
};

} // namespace Ferry
