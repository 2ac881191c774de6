#include "progresspage.h"

#include "wizard/wizardstate.h"

namespace Ferry {

ProgressPage::ProgressPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setTitle(tr("Progress"));
}

} // namespace Ferry
