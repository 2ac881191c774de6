#include "ferrywizard.h"

#include "pageid.h"
#include "pages/donepage.h"
#include "pages/progresspage.h"
#include "pages/sourcepage.h"
#include "pages/startpage.h"
#include "pages/summarypage.h"
#include "pages/targetpage.h"
#include "pages/tuningpage.h"
#include "pages/vmspage.h"
#include "widgets/aboutdialog.h"
#include "wizardstate.h"

#include <QAbstractButton>
#include <QCloseEvent>
#include <QMessageBox>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace Ferry {

FerryWizard::FerryWizard(QWidget *parent)
    : QWizard(parent)
    , m_state(new WizardState(this))
{
    setObjectName(u"ferryWizard"_s);
    setWindowTitle(tr("Ferry — VMware to KVM migration"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::HaveCustomButton1);
    setButtonText(QWizard::CustomButton1, tr("&About"));
    connect(this, &QWizard::customButtonClicked, this, [this](int which) {
        if (which == QWizard::CustomButton1)
            showAbout();
    });
    addPages();
    setStartId(StartPageId);
    setMinimumSize(820, 600);
    const QByteArray geometry = QSettings().value(u"window/geometry"_s).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1000, 720);
}

FerryWizard::~FerryWizard() = default;

WizardState *FerryWizard::state() const
{
    return m_state;
}

void FerryWizard::selectProfile(const QString &path)
{
    if (auto *start = qobject_cast<StartPage *>(page(StartPageId)))
        start->selectProfile(path);
}

void FerryWizard::done(int result)
{
    QSettings().setValue(u"window/geometry"_s, saveGeometry());
    QWizard::done(result);
}

void FerryWizard::reject()
{
    if (m_closeConfirmed || currentId() != ProgressPageId || currentPage()->isComplete()) {
        QWizard::reject();
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Stop the migration?"),
                                tr("A migration is running. Closing stops it and removes the disks copied so far. "
                                   "Pause first to keep them for a later resume."),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(u"confirmCloseBox"_s);
    box->button(QMessageBox::Yes)->setText(tr("&Stop and close"));
    box->button(QMessageBox::No)->setText(tr("&Keep running"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int button) {
        if (button != QMessageBox::Yes)
            return;
        m_closeConfirmed = true;
        QWizard::reject();
    });
    box->open();
}

void FerryWizard::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(u"window/geometry"_s, saveGeometry());
    QWizard::closeEvent(event);
}

void FerryWizard::addPages()
{
    setPage(StartPageId, new StartPage(m_state, this));
    setPage(SourcePageId, new SourcePage(m_state, this));
    setPage(VmsPageId, new VmsPage(m_state, this));
    setPage(TargetPageId, new TargetPage(m_state, this));
    setPage(TuningPageId, new TuningPage(m_state, this));
    setPage(SummaryPageId, new SummaryPage(m_state, this));
    setPage(ProgressPageId, new ProgressPage(m_state, this));
    setPage(DonePageId, new DonePage(m_state, this));
}

void FerryWizard::showAbout()
{
    // open(), not exec(): no nested event loop while a copy reports progress.
    auto *dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace Ferry
