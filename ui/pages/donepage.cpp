#include "donepage.h"

#include "wizard/wizardstate.h"

namespace Ferry {

DonePage::DonePage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setTitle(tr("Done"));
}

} // namespace Ferry
