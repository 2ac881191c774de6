#include "vmspage.h"

#include "wizard/wizardstate.h"

namespace Ferry {

VmsPage::VmsPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setTitle(tr("Vms"));
}

} // namespace Ferry
