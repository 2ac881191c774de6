#include "sourcepage.h"

#include "wizard/wizardstate.h"

namespace Ferry {

SourcePage::SourcePage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setTitle(tr("Source"));
}

} // namespace Ferry
