#include "startpage.h"

#include "plan/profilefile.h"
#include "wizard/recentprofiles.h"
#include "wizard/unfinishedruns.h"
#include "wizard/wizardstate.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ferry {

StartPage::StartPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setObjectName(u"startPage"_s);
    setTitle(tr("Welcome to Ferry"));
    setSubTitle(tr("Ferry copies virtual machines from VMware ESXi or vCenter to KVM: it reads the disks over "
                   "several connections, writes them exactly, checks them and defines the libvirt domains."));
    auto *layout = new QVBoxLayout(this);
    m_new = new QRadioButton(tr("Start a &new migration"), this);
    m_new->setObjectName(u"newMigration"_s);
    m_open = new QRadioButton(tr("Repeat a &saved profile:"), this);
    m_open->setObjectName(u"openProfile"_s);
    m_recent = new QListWidget(this);
    m_recent->setObjectName(u"recentProfiles"_s);
    auto *browse = new QPushButton(tr("Open &file…"), this);
    browse->setObjectName(u"browseProfile"_s);
    m_resume = new QRadioButton(tr("Resume an &unfinished migration (its copied data is kept):"), this);
    m_resume->setObjectName(u"resumeUnfinished"_s);
    m_unfinished = new QListWidget(this);
    m_unfinished->setObjectName(u"unfinishedRuns"_s);
    m_error = new QLabel(this);
    m_error->setObjectName(u"startError"_s);
    m_error->setWordWrap(true);
    layout->addWidget(m_new);
    layout->addWidget(m_open);
    layout->addWidget(m_recent, 1);
    auto *row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(browse);
    layout->addLayout(row);
    layout->addWidget(m_resume);
    layout->addWidget(m_unfinished);
    layout->addWidget(m_error);
    m_new->setChecked(true);
    connect(m_new, &QRadioButton::toggled, this, &QWizardPage::completeChanged);
    connect(m_recent, &QListWidget::currentRowChanged, this, [this] {
        if (m_recent->currentRow() >= 0)
            m_open->setChecked(true);
        Q_EMIT completeChanged();
    });
    connect(m_recent, &QListWidget::itemActivated, this, [this] { wizard()->next(); });
    connect(m_unfinished, &QListWidget::currentRowChanged, this, [this] {
        if (m_unfinished->currentRow() >= 0)
            m_resume->setChecked(true);
        Q_EMIT completeChanged();
    });
    connect(m_resume, &QRadioButton::toggled, this, &QWizardPage::completeChanged);
    connect(m_unfinished, &QListWidget::itemActivated, this, [this] { wizard()->next(); });
    connect(browse, &QPushButton::clicked, this, &StartPage::browse);
}

void StartPage::initializePage()
{
    const QString current = chosenProfile();
    m_recent->clear();
    for (const QString &path : RecentProfiles::paths()) {
        auto *item = new QListWidgetItem(QFileInfo(path).completeBaseName(), m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(path);
    }
    if (!current.isEmpty())
        selectProfile(current);
    fillUnfinished();
}

void StartPage::fillUnfinished()
{
    m_unfinished->clear();
    for (const UnfinishedRuns::Run &run : UnfinishedRuns::list()) {
        const QString text = tr("%1 to %2 (started %3)")
                                 .arg(run.vms.join(u", "_s), run.profile.plan.target.path,
                                      QLocale().toString(run.started, QLocale::ShortFormat));
        auto *item = new QListWidgetItem(text, m_unfinished);
        item->setData(Qt::UserRole, run.file);
        item->setData(Qt::UserRole + 1, run.vms);
        item->setToolTip(text);
    }
    m_resume->setVisible(m_unfinished->count() > 0);
    m_unfinished->setVisible(m_unfinished->count() > 0);
    if (m_unfinished->count() == 0 && m_resume->isChecked())
        m_new->setChecked(true);
}

void StartPage::selectProfile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (int row = 0; row < m_recent->count(); ++row) {
        if (m_recent->item(row)->data(Qt::UserRole).toString() == absolute) {
            m_recent->setCurrentRow(row);
            return;
        }
    }
    auto *item = new QListWidgetItem(QFileInfo(absolute).completeBaseName());
    item->setData(Qt::UserRole, absolute);
    item->setToolTip(absolute);
    m_recent->insertItem(0, item);
    m_recent->setCurrentRow(0);
}

void StartPage::browse()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open profile"), QDir::homePath(),
                                                      tr("Ferry profiles (*.json);;All files (*)"));
    if (!path.isEmpty())
        selectProfile(path);
}

QString StartPage::chosenProfile() const
{
    const QListWidgetItem *item = m_recent->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

bool StartPage::isComplete() const
{
    if (m_resume->isChecked())
        return m_unfinished->currentItem() != nullptr;
    return m_new->isChecked() || !chosenProfile().isEmpty();
}

bool StartPage::validatePage()
{
    m_error->clear();
    if (m_new->isChecked()) {
        m_state->resetPlan();
        m_state->setProfilePath(QString());
        return true; // the source page decides whether its connection still fits
    }
    if (m_resume->isChecked())
        return resumeUnfinished();
    const QString path = chosenProfile();
    auto profile = ProfileFile::load(path);
    if (!profile) {
        m_error->setText(profile.error().message());
        return false;
    }
    // Another source's inventory (from going back) must not pass for this one's. The
    // source first: the profile's plan, consent included, belongs to it.
    m_state->clearInventory();
    m_state->setSource(profile->source.endpoint, profile->source.lab);
    m_state->plan() = profile->plan;
    m_state->setProfilePath(path);
    RecentProfiles::add(path);
    return true;
}

bool StartPage::resumeUnfinished()
{
    const QListWidgetItem *item = m_unfinished->currentItem();
    auto profile = ProfileFile::load(item->data(Qt::UserRole).toString());
    if (!profile) {
        m_error->setText(profile.error().message());
        return false;
    }
    m_state->clearInventory();
    m_state->setSource(profile->source.endpoint, profile->source.lab);
    m_state->plan() = profile->plan;
    m_state->plan().vmNames = item->data(Qt::UserRole + 1).toStringList(); // the unfinished ones
    m_state->plan().resume = true;
    m_state->setProfilePath(QString());
    return true;
}

} // namespace Ferry
