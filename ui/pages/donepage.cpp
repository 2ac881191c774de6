#include "donepage.h"

#include "plan/migrationreport.h"
#include "target/libvirtconnection.h"
#include "wizard/pageid.h"
#include "wizard/wizardstate.h"

#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QThread>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QWizard>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int kIndexRole = Qt::UserRole + 1; // the report's index in WizardState::reports()

QString osLine(const QJsonObject &inspection)
{
    const QJsonObject os = inspection.value(u"os"_s).toObject();
    const QString name = os.value(u"name"_s).toString();
    return name.isEmpty() ? os.value(u"distribution"_s).toString() : name;
}

} // namespace

DonePage::DonePage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setTitle(tr("Done"));
    setSubTitle(tr("What happened to each VM, where its files are, and what inspection found."));
    setFinalPage(true);

    m_summary = new QLabel(this);
    m_summary->setObjectName(u"summaryLabel"_s);
    m_summary->setWordWrap(true);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(u"resultsTree"_s);
    m_tree->setHeaderLabels({tr("VM"), tr("Result"), tr("Details")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &DonePage::updateButtons);
    m_status = new QLabel(this);
    m_status->setObjectName(u"statusLabel"_s);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_status);
    layout->addWidget(createButtons());
}

DonePage::~DonePage()
{
    // The start thread posts its result to this page: it must end first.
    if (m_startThread)
        m_startThread->wait();
}

QWidget *DonePage::createButtons()
{
    auto *box = new QWidget(this);
    m_openReportButton = new QPushButton(tr("Open &report"), box);
    m_openReportButton->setObjectName(u"openReportButton"_s);
    m_openFolderButton = new QPushButton(tr("Open fol&der"), box);
    m_openFolderButton->setObjectName(u"openFolderButton"_s);
    m_startDomainButton = new QPushButton(tr("&Start domain"), box);
    m_changePlanButton = new QPushButton(tr("&Change plan and retry"), box);
    m_changePlanButton->setObjectName(u"changePlanButton"_s);
    m_changePlanButton->setToolTip(tr("Back to the target page with every choice kept: resume, overwrite or skip what this "
                                      "run left, change the target, and start again."));
    connect(m_changePlanButton, &QPushButton::clicked, this, [this] { goBackTo(TargetPageId); });
    m_migrateMoreButton = new QPushButton(tr("Migrate &more VMs"), box);
    m_migrateMoreButton->setObjectName(u"migrateMoreButton"_s);
    m_migrateMoreButton->setToolTip(tr("Back to the VM list of the same source, with the target and settings kept."));
    connect(m_migrateMoreButton, &QPushButton::clicked, this, [this] { goBackTo(VmsPageId); });
    m_startDomainButton->setObjectName(u"startDomainButton"_s);
    connect(m_openReportButton, &QPushButton::clicked, this, &DonePage::openReport);
    connect(m_openFolderButton, &QPushButton::clicked, this, &DonePage::openFolder);
    connect(m_startDomainButton, &QPushButton::clicked, this, &DonePage::startDomain);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_openReportButton);
    layout->addWidget(m_openFolderButton);
    layout->addWidget(m_startDomainButton);
    layout->addStretch(1);
    layout->addWidget(m_changePlanButton);
    layout->addWidget(m_migrateMoreButton);
    return box;
}

void DonePage::initializePage()
{
    m_tree->clear();
    m_status->clear();
    const QList<MigrationReport> reports = m_state->reports();
    int ok = 0;
    for (qsizetype i = 0; i < reports.size(); ++i) {
        ok += reports.at(i).ok() ? 1 : 0;
        addVm(int(i));
    }
    const qsizetype failed = reports.size() - ok;
    m_summary->setText(failed == 0 ? tr("%n VM(s) migrated.", nullptr, ok)
                                   : tr("%1, %2. Each report.json says what is left on disk.")
                                         .arg(tr("%n VM(s) migrated", nullptr, ok), tr("%n failed", nullptr, int(failed))));
    if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
    m_changePlanButton->setVisible(failed > 0);
    updateButtons();
}

void DonePage::addVm(int index)
{
    const MigrationReport report = m_state->reports().at(index);
    auto *item = new QTreeWidgetItem(m_tree);
    item->setText(0, report.vm);
    item->setData(0, kIndexRole, index);
    const bool cancelled = report.error && report.error->code() == ErrorCode::Cancelled;
    item->setText(1, report.ok() ? tr("OK") : cancelled ? tr("Cancelled") : tr("Failed"));
    if (report.error) {
        item->setText(2, report.error->message());
        item->setToolTip(2, report.error->details().isEmpty() ? report.error->message() : report.error->details());
    } else if (report.inspected) {
        item->setText(2, tr("Guest: %1").arg(osLine(report.inspection)));
    }
    addDetails(index);
    item->setExpanded(true);
}

void DonePage::addDetails(int index)
{
    const MigrationReport report = m_state->reports().at(index);
    QTreeWidgetItem *parent = m_tree->topLevelItem(m_tree->topLevelItemCount() - 1);
    const auto addLine = [parent](const QString &what, const QString &text, const QString &tip = {}) {
        auto *line = new QTreeWidgetItem(parent, {what, QString(), text});
        line->setToolTip(2, tip.isEmpty() ? text : tip);
    };
    for (const DiskReport &disk : report.disks) {
        if (disk.error.isEmpty())
            addLine(disk.label, tr("%1 (%2), SHA-256 %3").arg(disk.target, disk.format, disk.sha256.left(16)), disk.sha256);
        else
            addLine(disk.label, disk.error);
    }
    if (!report.domainXml.isEmpty())
        addLine(m_state->plan().target.kind == TargetSpec::Kind::Directory ? tr("Domain XML") : tr("Domain"), report.domainXml);
    if (report.bootCheck && report.bootCheck->result != u"skipped") {
        const BootCheckReport &boot = *report.bootCheck;
        const QString result = boot.passed() ? tr("passed") : boot.result == u"unconfirmed" ? tr("unconfirmed") : tr("failed");
        const QString seen = boot.seen.section(u'\n', -1);
        addLine(
            tr("Boot check"),
            tr("%1 after %2 s (%3)%4").arg(result).arg(qRound(boot.seconds)).arg(boot.method, seen.isEmpty() ? QString() : u": "_s + seen),
            boot.reason.isEmpty() ? boot.seen : boot.reason + u"\n"_s + boot.seen);
    }
    const QString reportPath = m_state->reportPaths().at(index);
    if (!reportPath.isEmpty())
        addLine(tr("Report"), reportPath);
    // How the domain was shaped (disk bus, NIC model, firmware, machine type), each with
    // its reason: what an admin checks before trusting the new VM.
    if (!report.decisions.isEmpty()) {
        auto *decisions = new QTreeWidgetItem(parent,
                                              {tr("Domain built with"), QString(),
                                               tr("%n decision(s)", nullptr, int(report.decisions.size()))});
        for (const QString &decision : report.decisions) {
            auto *line = new QTreeWidgetItem(decisions, {QString(), QString(), decision});
            line->setToolTip(2, decision);
        }
        decisions->setExpanded(true);
    }
    QStringList findingMessages;
    for (const Finding &finding : report.findings)
        findingMessages << finding.message;
    for (const QString &warning : report.warnings) {
        if (!findingMessages.contains(warning)) // preflight warnings are listed below as findings
            addLine(tr("Warning"), warning);
    }
    for (const Finding &finding : report.findings) {
        const QString severity = finding.severity == Finding::Severity::Blocker ? tr("Blocker")
            : finding.severity == Finding::Severity::Warning                    ? tr("Warning")
                                                                                : tr("Note");
        addLine(severity, finding.message, finding.details);
    }
}

int DonePage::selectedIndex() const
{
    QTreeWidgetItem *item = m_tree->currentItem();
    while (item && item->parent())
        item = item->parent();
    return item ? item->data(0, kIndexRole).toInt() : -1;
}

QString DonePage::selectedReportPath() const
{
    const int index = selectedIndex();
    return index < 0 ? QString() : m_state->reportPaths().value(index);
}

QString DonePage::selectedFolder() const
{
    const QString report = selectedReportPath();
    return report.isEmpty() ? QString() : QFileInfo(report).absolutePath();
}

void DonePage::updateButtons()
{
    const int index = selectedIndex();
    const bool hasReport = !selectedReportPath().isEmpty() && QFileInfo::exists(selectedReportPath());
    m_openReportButton->setEnabled(hasReport);
    m_openFolderButton->setEnabled(hasReport);
    const bool libvirt = m_state->plan().target.kind == TargetSpec::Kind::Libvirt;
    const bool defined = index >= 0 && m_state->reports().at(index).ok();
    const bool idle = !m_startThread || m_startThread->isFinished();
    m_startDomainButton->setEnabled(libvirt && defined && idle);
    m_startDomainButton->setToolTip(libvirt ? tr("Starts the defined libvirt domain.")
                                            : tr("An output directory holds a domain XML, not a defined domain; "
                                                 "define it with virsh define first."));
}

void DonePage::openReport()
{
    openPath(selectedReportPath());
}

void DonePage::openFolder()
{
    openPath(selectedFolder());
}

void DonePage::openPath(const QString &path)
{
    // Without a desktop (no xdg-open, a server over ssh -X) nothing would happen: say so.
    if (QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        m_status->setText(tr("Opened %1.").arg(path));
    else
        m_status->setText(tr("No program is set up to open files here. The path: %1").arg(path));
}

void DonePage::goBackTo(int pageId)
{
    // Back past the commit page: the plan's pages keep their choices; the target page
    // finds the per-VM folders this run left and offers Resume, Overwrite or Skip.
    QWizard *w = wizard();
    while (w && w->currentId() > pageId && w->currentId() <= DonePageId) {
        const int before = w->currentId();
        w->back();
        if (w->currentId() == before)
            break;
    }
    if (w && w->currentId() == TargetPageId)
        w->currentPage()->initializePage(); // what is on disk now, not before the run
}

void DonePage::startDomain()
{
    const int index = selectedIndex();
    if (index < 0 || (m_startThread && !m_startThread->isFinished()))
        return;
    const QString uri = m_state->plan().target.uri;
    const QString domain = m_state->reports().at(index).domainXml;
    m_status->setText(tr("Starting %1...").arg(domain));
    if (m_startThread)
        m_startThread->wait(); // it has posted its result already; it is only returning
    // libvirt blocks (an RPC to the daemon): never on the GUI thread.
    m_startThread.reset(QThread::create([this, uri, domain] {
        QString message;
        QString details;
        auto connection = LibvirtConnection::open(uri);
        Result<void> started = connection ? (*connection)->startDomain(domain) : std::unexpected(connection.error());
        if (!started) {
            message = started.error().message();
            details = started.error().details();
        }
        QMetaObject::invokeMethod(
            this, [this, domain, message, details] { onDomainStarted(domain, message, details); }, Qt::QueuedConnection);
    }));
    connect(m_startThread.get(), &QThread::finished, this, &DonePage::updateButtons);
    m_startThread->start();
    updateButtons();
}

void DonePage::onDomainStarted(const QString &domain, const QString &error, const QString &details)
{
    if (error.isEmpty()) {
        m_status->setText(tr("%1 is running.").arg(domain));
        m_status->setToolTip(QString());
    } else {
        m_status->setText(tr("%1 did not start: %2").arg(domain, error));
        m_status->setToolTip(details);
    }
    updateButtons();
    Q_EMIT domainStartFinished(domain, error);
}

} // namespace Ferry
