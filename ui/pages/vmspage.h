#pragma once

#include <QWizardPage>

namespace Ferry {

class WizardState;

// Placeholder until the page is written (issue 6).
class VmsPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit VmsPage(WizardState *state, QWidget *parent = nullptr);

private:
    WizardState *m_state;
};

} // namespace Ferry
