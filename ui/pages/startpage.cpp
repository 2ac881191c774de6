#include "startpage.h"

#include "wizard/wizardstate.h"

namespace Ferry {

StartPage::StartPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setTitle(tr("Start"));
}

} // namespace Ferry
