#pragma once

#include <QWizardPage>

namespace Ferry {

class WizardState;

// Placeholder until the page is written (issue 6).
class StartPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit StartPage(WizardState *state, QWidget *parent = nullptr);

private:
    WizardState *m_state;
};

} // namespace Ferry
