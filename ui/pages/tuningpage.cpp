#include "tuningpage.h"

#include "wizard/wizardstate.h"

namespace Ferry {

TuningPage::TuningPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setTitle(tr("Tuning"));
}

} // namespace Ferry
