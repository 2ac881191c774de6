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
#include <QPushButton>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace Ferry {

FerryWizard::FerryWizard(QWidget *parent)
    : QWizard(parent)
    , m_state(new WizardState(this))
{
    setObjectName(u"ferryWizard"_s);
    // Qt appends the application display name ("Ferry") itself.
    setWindowTitle(tr("VMware to KVM migration"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::HaveCustomButton1);
    setButtonText(QWizard::CustomButton1, tr("&About"));
    connect(this, &QWizard::customButtonClicked, this, [this](int which) {
        if (which == QWizard::CustomButton1)
            showAbout();
    });
    // Not a real button: a flat line in the button row saying why Next is disabled.
    auto *reason = new QPushButton(this);
    reason->setObjectName(u"nextReason"_s);
    reason->setFlat(true);
    reason->setFocusPolicy(Qt::NoFocus);
    reason->setAttribute(Qt::WA_TransparentForMouseEvents);
    reason->setStyleSheet(u"text-align: right;"_s);
    m_nextReason = reason;
    setButton(QWizard::CustomButton2, reason);
    setOption(QWizard::HaveCustomButton2);
    setButtonLayout({QWizard::CustomButton1, QWizard::Stretch, QWizard::CustomButton2, QWizard::BackButton, QWizard::NextButton,
                     QWizard::CommitButton, QWizard::FinishButton, QWizard::CancelButton});
    addPages();
    for (int id : pageIds())
        connect(page(id), &QWizardPage::completeChanged, this, &FerryWizard::updateNextReason, Qt::QueuedConnection);
    connect(this, &QWizard::currentIdChanged, this, &FerryWizard::updateNextReason, Qt::QueuedConnection);
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
    const auto *progress = qobject_cast<ProgressPage *>(currentPage());
    const auto state = progress ? progress->controller()->state() : MigrationController::State::Running;
    const bool paused = state == MigrationController::State::Paused || state == MigrationController::State::Pausing;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Stop the migration?"),
                                paused ? tr("The migration is paused. Closing keeps the disks copied so far; the start page "
                                            "offers to resume them next time (Unfinished migrations).")
                                       : tr("A migration is running. Closing stops it and removes the disks copied so far. "
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

void FerryWizard::updateNextReason()
{
    const QString reason = nextReason();
    m_nextReason->setText(reason);
    m_nextReason->setToolTip(reason);
}

QString FerryWizard::nextReason() const
{
    QWizardPage *current = currentPage();
    if (!current || current->isComplete() || current->isFinalPage())
        return QString();
    QString reason;
    if (current->metaObject()->indexOfMethod("incompleteReason()") >= 0
        && QMetaObject::invokeMethod(current, "incompleteReason", Qt::DirectConnection, Q_RETURN_ARG(QString, reason)) && !reason.isEmpty())
        return reason;
    switch (currentId()) {
    case StartPageId:
        return tr("Choose a saved profile or start a new migration.");
    case SourcePageId:
        return tr("Connect to the source first.");
    case VmsPageId:
        return tr("Tick at least one VM that can be migrated.");
    case ProgressPageId:
        return tr("Next is available once the migration has ended.");
    default:
        return tr("Complete this page first.");
    }
}

void FerryWizard::showAbout()
{
    // open(), not exec(): no nested event loop while a copy reports progress.
    auto *dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace Ferry
