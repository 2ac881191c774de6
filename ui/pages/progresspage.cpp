#include "progresspage.h"

#include "base/bytesize.h"
#include "widgets/throughputchart.h"
#include "wizard/wizardstate.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QWizard>

#include <algorithm>
#include <cmath>

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
    m_cancelButton->setToolTip(tr("Stops the transfer and removes the partial disks."));
    m_pauseButton->setEnabled(false); // until the copy runs
    m_cancelButton->setEnabled(false);
    connect(m_pauseButton, &QPushButton::clicked, this, &ProgressPage::pauseOrResume);
    connect(m_cancelButton, &QPushButton::clicked, m_controller, &MigrationController::cancel);
    auto *layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addStretch(1);
    layout->addWidget(m_pauseButton);
    layout->addWidget(m_cancelButton);
    return box;
}

void ProgressPage::initializePage()
{
    if (m_controller->state() != MigrationController::State::Idle)
        return; // the copy runs once; the summary page before this one is the commit page
    m_state->clearReports();
    m_chart->clear();
    m_log->clear();
    buildRows();
    m_clock.start();
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
        p.rate = p.rate <= 0 ? instant : 0.7 * p.rate + 0.3 * instant;
    }
    p.lastDone = done;
    p.lastMs = nowMs;
    p.done = done;
    p.total = total;
    row.bar->setValue(total > 0 ? int(double(done) / double(total) * kBarScale) : 0);
    row.item->setText(RateColumn, done < total ? formatRate(p.rate) : QString());
    row.item->setText(EtaColumn, done < total && p.rate > 0 ? formatEta(double(total - done) / p.rate) : QString());
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

void ProgressPage::onSampled(const ThroughputSample &sample)
{
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
    if (state == State::Paused)
        m_overall->setText(tr("Paused. The copied data is kept; Resume continues where the copy stopped."));
    if (state == State::Pausing || state == State::Paused) {
        for (auto row = m_vmRows.begin(); row != m_vmRows.end(); ++row) {
            if (!m_finishedVms.contains(row.key()))
                row->item->setText(StatusColumn, state == State::Paused ? tr("Paused") : tr("Pausing"));
        }
    }
}

void ProgressPage::onFinished(int succeeded, int failed)
{
    if (failed == 0)
        m_overall->setText(tr("All %n VM(s) migrated.", nullptr, succeeded));
    else
        m_overall->setText(tr("%1 VM(s) migrated, %2 failed. The next page shows what happened.").arg(succeeded).arg(failed));
    Q_EMIT completeChanged();
}

void ProgressPage::appendLog(const QString &line)
{
    m_log->appendPlainText(line);
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
