#pragma once

#include <QWizardPage>

namespace Ferry {

class WizardState;

// Placeholder until the page is written (issue 6).
class SourcePage : public QWizardPage
{
    Q_OBJECT

public:
    explicit SourcePage(WizardState *state, QWidget *parent = nullptr);

private:
    WizardState *m_state;
};

} // namespace Ferry
