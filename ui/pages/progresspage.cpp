#include "progresspage.h"

#include "base/bytesize.h"
#include "plan/profile.h"
#include "widgets/throughputchart.h"
#include "wizard/unfinishedruns.h"
#include "wizard/wizardstate.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QWizard>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

enum Column { NameColumn, ProgressColumn, RateColumn, EtaColumn, StatusColumn };

constexpr int kLogLines = 5000;
constexpr int kBarScale = 1000; // progress bars count permille: byte counts overflow int

QString formatRate(double bytesPerSecond)
{
    return QCoreApplication::translate("Ferry::ProgressPage", "%1 MB/s").arg(bytesPerSecond / 1e6, 0, 'f', 1);
}

QString formatEta(double seconds)
{
    if (seconds < 0 || !std::isfinite(seconds))
        return QString();
    const auto total = qint64(std::ceil(seconds));
    if (total < 60)
        return QCoreApplication::translate("Ferry::ProgressPage", "%n second(s)", nullptr, int(total));
    // Counted apart: lupdate 6.4 hangs on a parenthesised expression as the count.
    const int minutes = int(total + 59) / 60;
    if (total < 3600)
        return QCoreApplication::translate("Ferry::ProgressPage", "%n minute(s)", nullptr, minutes);
    return QCoreApplication::translate("Ferry::ProgressPage", "%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60);
}

} // namespace

ProgressPage::ProgressPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_controller(new MigrationController(this))
{
    setTitle(tr("Migrating"));
    setSubTitle(tr("The disks are copied, checked and turned into KVM domains. You can pause and resume at any time."));

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(u"progressTree"_s);
    m_tree->setHeaderLabels({tr("VM / disk"), tr("Progress"), tr("Rate"), tr("Time left"), tr("Status")});
    m_tree->setRootIsDecorated(true);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(ProgressColumn, QHeaderView::Stretch);

    m_overall = new QLabel(this);
    m_overall->setObjectName(u"overallLabel"_s);
    m_chart = new ThroughputChart(this);
    m_chart->setObjectName(u"throughputChart"_s);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(u"logView"_s);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kLogLines); // bounded: the oldest lines go first
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(1, 2);
    // A small window shrinks each part to a readable minimum, never one of them to nothing.
    splitter->setChildrenCollapsible(false);
    m_tree->setMinimumHeight(100);
    m_chart->setMinimumHeight(120);
    m_log->setMinimumHeight(60);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_overall);
    layout->addWidget(splitter, 1);
    layout->addWidget(createButtons());

    connect(m_controller, &MigrationController::logged, this, &ProgressPage::appendLog);
    connect(m_controller, &MigrationController::sampled, this, &ProgressPage::onSampled);
    connect(m_controller, &MigrationController::diskProgressed, this, &ProgressPage::onDiskProgressed);
    connect(m_controller, &MigrationController::vmStepped, this, &ProgressPage::onVmStep);
    connect(m_controller, &MigrationController::vmFinished, this, &ProgressPage::onVmFinished);
    connect(m_controller, &MigrationController::stateChanged, this, &ProgressPage::onStateChanged);
    connect(m_controller, &MigrationController::finished, this, &ProgressPage::onFinished);
}

// The controller (a child) cancels and joins in its destructor.
ProgressPage::~ProgressPage() = default;

QWidget *ProgressPage::createButtons()
{
    auto *box = new QWidget(this);
    m_pauseButton = new QPushButton(tr("&Pause"), box);
    m_pauseButton->setObjectName(u"pauseButton"_s);
    m_pauseButton->setToolTip(tr("Stops the transfer and keeps what was copied; Resume fetches only what is missing."));
    m_cancelButton = new QPushButton(tr("Cancel &migration"), box);
    m_cancelButton->setObjectName(u"cancelButton"_s);
    m_cancelButton->setToolTip(tr("Stops the transfer; asks whether to keep the partial disks for resuming."));
    m_pauseButton->setEnabled(false); // until the copy runs
    m_cancelButton->setEnabled(false);
    connect(m_pauseButton, &QPushButton::clicked, this, &ProgressPage::pauseOrResume);
    connect(m_cancelButton, &QPushButton::clicked, this, &ProgressPage::confirmCancel);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addStretch(1);
    layout->addWidget(m_pauseButton);
    layout->addWidget(m_cancelButton);
    return box;
}

void ProgressPage::initializePage()
{
    using State = MigrationController::State;
    if (m_controller->state() != State::Idle && m_controller->state() != State::Finished)
        return; // a copy runs; after one ended, the done page's "Change plan" leads here again
    m_state->clearReports();
    m_chart->clear();
    m_log->clear();
    buildRows();
    m_clock.start();
    m_overallEta = -1;
    openLogFile();
    Profile run;
    run.source = ProfileSource::fromEndpoint(m_state->endpoint(), m_state->isLab());
    run.plan = m_state->plan();
    if (auto recorded = UnfinishedRuns::record(run))
        m_runRecord = *recorded;
    else
        appendLog(tr("Cannot remember this run for resuming later: %1").arg(recorded.error().message()));
    // Closing the wizard mid-copy cancels like the Cancel button, but keeps what a pause
    // kept; the controller's destructor joins the worker if the window goes right away.
    if (wizard())
        connect(wizard(), &QDialog::rejected, m_controller, &MigrationController::abandon, Qt::UniqueConnection);
    m_controller->start(m_state->plan(), m_state->endpoint(), m_state->inventory(), m_state->sessionCookie());
}

void ProgressPage::buildRows()
{
    m_tree->clear();
    m_vmRows.clear();
    m_diskRows.clear();
    m_finishedVms.clear();
    m_vmSteps.clear();
    const QList<VmInfo> vms = m_state->selectedVms();
    for (const QString &name : std::as_const(m_state->plan().vmNames)) {
        const auto vm = std::find_if(vms.cbegin(), vms.cend(), [&name](const VmInfo &v) { return v.name == name; });
        auto *vmItem = new QTreeWidgetItem(m_tree, {name});
        QList<Row> disks;
        qint64 total = 0;
        if (vm != vms.cend()) {
            for (const DiskInfo &disk : vm->disks) {
                disks << addRow(new QTreeWidgetItem(vmItem, {disk.label}), disk.capacity);
                total += disk.capacity;
            }
        }
        m_vmRows.insert(name, addRow(vmItem, total));
        m_diskRows.insert(name, disks);
        vmItem->setText(StatusColumn, tr("Waiting"));
        vmItem->setExpanded(true);
    }
}

ProgressPage::Row ProgressPage::addRow(QTreeWidgetItem *item, qint64 total)
{
    Row row;
    row.item = item;
    row.bar = new QProgressBar(m_tree);
    row.bar->setRange(0, kBarScale);
    row.bar->setValue(0);
    row.bar->setTextVisible(true);
    row.bar->setFormat(u"%p%"_s);
    row.progress.total = total;
    m_tree->setItemWidget(item, ProgressColumn, row.bar);
    return row;
}

void ProgressPage::onDiskProgressed(const QString &vm, int diskIndex, qint64 bytesDone, qint64 bytesTotal)
{
    auto disks = m_diskRows.find(vm);
    if (disks == m_diskRows.end() || diskIndex < 0 || diskIndex >= disks->size())
        return;
    const qint64 now = m_clock.elapsed();
    updateRow((*disks)[diskIndex], bytesDone, bytesTotal, now);
    qint64 done = 0;
    qint64 total = 0;
    for (const Row &row : std::as_const(*disks)) {
        done += row.progress.done;
        total += row.progress.total;
    }
    Row &vmRow = m_vmRows[vm];
    updateRow(vmRow, done, total, now);
    if (m_finishedVms.contains(vm))
        return;
    if (done < total)
        vmRow.item->setText(StatusColumn, tr("Copying"));
    else
        vmRow.item->setText(StatusColumn, m_vmSteps.contains(vm) ? stepText(m_vmSteps.value(vm)) : tr("Checking the copy"));
}

QString ProgressPage::stepText(const QString &step)
{
    if (step == u"shutdown-source")
        return tr("Shutting the source VM down");
    if (step == u"finish")
        return tr("Checking the copy");
    if (step == u"inspect")
        return tr("Inspecting the guest");
    if (step == u"convert")
        return tr("Converting for KVM (virt-v2v)");
    if (step == u"define")
        return tr("Defining the domain");
    if (step == u"boot")
        return tr("Starting the domain, checking the boot");
    if (step == u"report")
        return tr("Writing the report");
    return step;
}

void ProgressPage::onVmStep(const QString &vm, const QString &step)
{
    const auto row = m_vmRows.find(vm);
    if (row == m_vmRows.end() || m_finishedVms.contains(vm))
        return;
    // The shutdown comes before the copy: the copy's progress takes the row over after it.
    if (step != u"shutdown-source")
        m_vmSteps.insert(vm, step);
    row->item->setText(StatusColumn, stepText(step));
}

void ProgressPage::updateRow(Row &row, qint64 done, qint64 total, qint64 nowMs)
{
    Progress &p = row.progress;
    // A resumed disk starts with its earlier bytes: they are not a rate.
    if (p.lastDone >= 0 && nowMs > p.lastMs && done >= p.lastDone) {
        const double instant = double(done - p.lastDone) * 1000.0 / double(nowMs - p.lastMs);
        // ~3 s time constant, as the overall rate: updates come ~10 times a second.
        const double weight = 1.0 - std::exp(-double(nowMs - p.lastMs) / 3000.0);
        p.rate = p.rate <= 0 ? instant : p.rate + weight * (instant - p.rate);
    }
    p.lastDone = done;
    p.lastMs = nowMs;
    p.done = done;
    p.total = total;
    row.bar->setValue(total > 0 ? int(double(done) / double(total) * kBarScale) : 0);
    row.item->setText(RateColumn, done < total ? formatRate(p.rate) : QString());
    // No row ends after the whole transfer: when other disks finish, this one gets their share.
    double eta = done < total && p.rate > 0 ? double(total - done) / p.rate : -1;
    if (eta >= 0 && m_overallEta >= 0)
        eta = std::min(eta, m_overallEta);
    row.item->setText(EtaColumn, formatEta(eta));
}

void ProgressPage::resetRates()
{
    const auto reset = [](Row &row) {
        row.progress.lastDone = -1;
        row.progress.rate = 0;
    };
    for (Row &row : m_vmRows)
        reset(row);
    for (QList<Row> &disks : m_diskRows)
        std::for_each(disks.begin(), disks.end(), reset);
}

void ProgressPage::clearRates()
{
    const auto clear = [](Row &row) {
        row.item->setText(RateColumn, QString());
        row.item->setText(EtaColumn, QString());
    };
    for (Row &row : m_vmRows)
        clear(row);
    for (QList<Row> &disks : m_diskRows)
        std::for_each(disks.begin(), disks.end(), clear);
    resetRates();
}

void ProgressPage::onSampled(const ThroughputSample &sample)
{
    m_overallEta = sample.etaSeconds;
    m_chart->addSample(sample);
    const QString eta = formatEta(sample.etaSeconds);
    const QString sizes = tr("%1 of %2").arg(formatByteSize(sample.bytesDone), formatByteSize(sample.bytesTotal));
    m_overall->setText(eta.isEmpty() ? tr("%1 at %2.").arg(sizes, formatRate(sample.smoothedBytesPerSecond))
                                     : tr("%1 at %2, about %3 left.").arg(sizes, formatRate(sample.smoothedBytesPerSecond), eta));
}

void ProgressPage::onVmFinished(const MigrationReport &report, const QString &reportPath)
{
    m_state->addReport(report, reportPath);
    m_finishedVms.insert(report.vm);
    auto row = m_vmRows.find(report.vm);
    if (row == m_vmRows.end())
        return;
    row->item->setText(RateColumn, QString());
    row->item->setText(EtaColumn, QString());
    if (report.ok()) {
        row->bar->setValue(kBarScale);
        row->item->setText(StatusColumn, tr("Done"));
        row->item->setToolTip(StatusColumn, reportPath);
        return;
    }
    if (report.error->code() == ErrorCode::Cancelled) {
        const bool kept = m_controller->keptVms().contains(report.vm);
        const auto [keptBytes, total] = MigrationController::keptOf(report);
        row->item->setText(StatusColumn,
                           kept ? tr("Cancelled; %1 of %2 are kept for resuming").arg(formatByteSize(keptBytes), formatByteSize(total))
                                : tr("Cancelled"));
        for (Row &disk : m_diskRows[report.vm]) {
            disk.item->setText(RateColumn, QString());
            disk.item->setText(EtaColumn, QString());
        }
        row->item->setToolTip(StatusColumn, report.error->message());
        return;
    }
    row->item->setText(StatusColumn, tr("Failed: %1").arg(report.error->message()));
    row->item->setToolTip(StatusColumn, report.error->details().isEmpty() ? report.error->message() : report.error->details());
}

void ProgressPage::onStateChanged(MigrationController::State state)
{
    using State = MigrationController::State;
    const bool active = state == State::Running || state == State::Paused;
    m_pauseButton->setEnabled(active);
    m_pauseButton->setText(state == State::Paused ? tr("&Resume") : tr("&Pause"));
    m_cancelButton->setEnabled(active || state == State::Pausing);
    if (state == State::Running)
        resetRates(); // a resumed copy's rate starts afresh, not averaged with the pause
    if (state == State::Paused || state == State::Finished)
        clearRates();
    if (state == State::Paused)
        m_overall->setText(tr("Paused. %1 of %2 are kept; Resume fetches only the rest.")
                               .arg(formatByteSize(m_controller->pauseKeptBytes()), formatByteSize(m_controller->pauseTotalBytes())));
    if (state == State::Pausing || state == State::Paused) {
        for (auto row = m_vmRows.begin(); row != m_vmRows.end(); ++row) {
            if (!m_finishedVms.contains(row.key()))
                row->item->setText(StatusColumn, state == State::Paused ? tr("Paused") : tr("Pausing"));
        }
    }
}

void ProgressPage::onFinished(int succeeded, int failed)
{
    for (const QString &vm : m_controller->keptVms()) {
        // Cancelled while paused: no report comes, the row says what happened.
        if (!m_finishedVms.contains(vm) && m_vmRows.contains(vm))
            m_vmRows[vm].item->setText(StatusColumn, tr("Cancelled; the copied data is kept for resuming"));
    }
    if (failed == 0)
        UnfinishedRuns::forget(std::exchange(m_runRecord, QString()));
    if (failed == 0)
        m_overall->setText(tr("All %n VM(s) migrated.", nullptr, succeeded));
    else
        m_overall->setText(tr("%1, %2. The next page shows what happened.")
                               .arg(tr("%n VM(s) migrated", nullptr, succeeded), tr("%n failed", nullptr, failed)));
    Q_EMIT completeChanged();
}

void ProgressPage::appendLog(const QString &line)
{
    const QString stamped = QDateTime::currentDateTime().toString(u"HH:mm:ss"_s) + u"  "_s + line;
    m_log->appendPlainText(stamped);
    if (m_logFile) {
        m_logFile->write(QDateTime::currentDateTime().toString(Qt::ISODate).toUtf8() + "  " + line.toUtf8() + '\n');
        m_logFile->flush();
    }
}

void ProgressPage::openLogFile()
{
    // Every run's log, complete, for later and for bug reports: <state>/logs/.
    const QString directory = UnfinishedRuns::stateDirectory() + u"/logs"_s;
    const QString path = directory + u"/migration-"_s + QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s) + u".log"_s;
    m_logFile.reset();
    auto file = std::make_unique<QFile>(path);
    if (!QDir().mkpath(directory) || !file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        appendLog(tr("No log file: cannot write %1.").arg(path));
        return;
    }
    file->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_logFile = std::move(file);
    appendLog(tr("Log file: %1").arg(path));
}

void ProgressPage::confirmCancel()
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cancel the migration?"),
                                tr("The copy stops. Keep what was copied to resume later (from the start page), or delete the "
                                   "partial disks?"),
                                QMessageBox::NoButton, this);
    box->setObjectName(u"confirmCancelBox"_s);
    QPushButton *keep = box->addButton(tr("Stop and &keep the copied data"), QMessageBox::AcceptRole);
    keep->setObjectName(u"cancelKeepButton"_s);
    QPushButton *discard = box->addButton(tr("Stop and &delete the partial disks"), QMessageBox::DestructiveRole);
    discard->setObjectName(u"cancelDiscardButton"_s);
    QPushButton *back = box->addButton(tr("&Continue the migration"), QMessageBox::RejectRole);
    back->setObjectName(u"cancelBackButton"_s);
    box->setDefaultButton(back);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, keep, discard](QAbstractButton *button) {
        if (button == keep)
            m_controller->cancel(true);
        else if (button == discard)
            m_controller->cancel(false);
    });
    box->open();
}

void ProgressPage::pauseOrResume()
{
    if (m_controller->state() == MigrationController::State::Paused)
        m_controller->resume();
    else
        m_controller->pause();
}

bool ProgressPage::isComplete() const
{
    return m_controller->state() == MigrationController::State::Finished;
}

MigrationController *ProgressPage::controller() const
{
    return m_controller;
}

} // namespace Ferry
