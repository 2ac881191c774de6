#include "summarypage.h"

#include "wizard/wizardstate.h"

namespace Ferry {

SummaryPage::SummaryPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setTitle(tr("Summary"));
}

} // namespace Ferry
