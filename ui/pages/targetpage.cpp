#include "targetpage.h"

#include "wizard/wizardstate.h"

namespace Ferry {

TargetPage::TargetPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setTitle(tr("Target"));
}

} // namespace Ferry
