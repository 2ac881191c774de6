#include "tuningpage.h"

#include "base/bytesize.h"
#include "controllers/netcheckrunner.h"
#include "wizard/wizardstate.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 MiB = 1024 * 1024;

QComboBox *sizeCombo(const QList<qint64> &sizes, const QString &objectName, QWidget *parent)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(objectName);
    for (qint64 size : sizes)
        combo->addItem(formatByteSize(size), size);
    return combo;
}

void selectSize(QComboBox *combo, qint64 size)
{
    int index = combo->findData(size);
    if (index < 0) {
        combo->addItem(formatByteSize(size), size);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

QSpinBox *spinBox(int minimum, int maximum, const QString &objectName, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(minimum, maximum);
    return spin;
}

// A labelled control (the label's mnemonic focuses it) with a muted one-line
// explanation under it.
void addSetting(QFormLayout *form, const QString &label, QWidget *control, const QString &explanation)
{
    auto *caption = new QLabel(label, control->parentWidget());
    caption->setBuddy(control);
    form->addRow(caption, control);
    auto *note = new QLabel(explanation, control->parentWidget());
    note->setWordWrap(true);
    note->setEnabled(false); // the palette's muted text colour
    form->addRow(QString(), note);
}

QStyle::StandardPixmap statusIcon(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass:
        return QStyle::SP_DialogApplyButton;
    case CheckStatus::Warn:
        return QStyle::SP_MessageBoxWarning;
    case CheckStatus::Fail:
        return QStyle::SP_MessageBoxCritical;
    case CheckStatus::Skip:
        break;
    }
    return QStyle::SP_MessageBoxInformation;
}

} // namespace

TuningPage::TuningPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_runner(new NetcheckRunner(this))
{
    setObjectName(u"tuningPage"_s);
    setTitle(tr("Tuning"));
    setSubTitle(tr("How the copy uses the network. The defaults suit most ESXi hosts; the network check measures yours."));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makeSettingsBox());
    layout->addWidget(makeCheckBox(), 1);
    connect(m_runner, &NetcheckRunner::checkFinished, this, &TuningPage::addCheck);
    connect(m_runner, &NetcheckRunner::finished, this, &TuningPage::checkFinished);
}

QWidget *TuningPage::makeSettingsBox()
{
    auto *box = new QGroupBox(tr("Transfer"), this);
    auto *form = new QFormLayout(box);
    // 0 is "Auto": the engine finds the count while copying (--connections auto).
    m_connections = spinBox(0, 64, u"connections"_s, box);
    m_connections->setSpecialValueText(tr("Auto"));
    addSetting(form, tr("&Connections:"), m_connections,
               tr("Parallel HTTPS connections to the source. ESXi limits each connection, so several together are faster. "
                  "Auto adds connections while the copy gets faster and backs off when the host is busy."));
    m_requests = spinBox(1, 16, u"requestsPerConnection"_s, box);
    addSetting(form, tr("&Requests per connection:"), m_requests,
               tr("Range requests kept waiting on each connection, so no round trip is idle."));
    m_chunkSize = sizeCombo({8 * MiB, 16 * MiB, 32 * MiB, 64 * MiB}, u"chunkSize"_s, box);
    addSetting(form, tr("C&hunk size:"), m_chunkSize,
               tr("Bytes per range request. Larger chunks mean fewer requests; smaller ones repeat less after a dropped connection."));
    m_memoryBudget = sizeCombo({64 * MiB, 128 * MiB, 256 * MiB, 512 * MiB, 1024 * MiB}, u"memoryBudget"_s, box);
    addSetting(form, tr("&Memory budget (cache):"), m_memoryBudget,
               tr("Upper bound for data held in memory on its way to disk, whatever the size of the disks."));
    m_error = new QLabel(box);
    m_error->setObjectName(u"tuningError"_s);
    m_error->setWordWrap(true);
    m_error->hide();
    form->addRow(m_error);
    return box;
}

QWidget *TuningPage::makeCheckBox()
{
    auto *box = new QGroupBox(tr("Network check"), this);
    auto *layout = new QVBoxLayout(box);
    auto *row = new QHBoxLayout;
    m_checkButton = new QPushButton(tr("Check &network"), box);
    m_checkButton->setObjectName(u"checkNetwork"_s);
    m_checkButton->setToolTip(tr("Path MTU, Range support, TLS cost and a short read test with 1 to 16 connections "
                                 "(about half a minute)."));
    connect(m_checkButton, &QPushButton::clicked, this, &TuningPage::startCheck);
    row->addWidget(m_checkButton);
    m_checkStatus = new QLabel(box);
    m_checkStatus->setObjectName(u"checkStatus"_s);
    m_checkStatus->setWordWrap(true);
    row->addWidget(m_checkStatus, 1);
    m_apply = new QPushButton(box);
    m_apply->setObjectName(u"applyRecommendation"_s);
    m_apply->hide();
    connect(m_apply, &QPushButton::clicked, this, &TuningPage::applyRecommendation);
    row->addWidget(m_apply);
    layout->addLayout(row);
    m_checks = new QTreeWidget(box);
    m_checks->setObjectName(u"checkResults"_s);
    m_checks->setHeaderLabels({tr("Check"), tr("Result"), tr("Advice")});
    m_checks->setRootIsDecorated(false);
    m_checks->setWordWrap(true);
    m_checks->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_checks->setColumnWidth(0, 220);
    m_checks->setColumnWidth(1, 330);
    layout->addWidget(m_checks);
    return box;
}

void TuningPage::initializePage()
{
    const TransferSettings &settings = m_state->plan().transfer;
    m_connections->setValue(settings.autoConnections ? 0 : settings.connections);
    m_requests->setValue(settings.requestsPerConnection);
    selectSize(m_chunkSize, settings.chunkSize);
    selectSize(m_memoryBudget, settings.memoryBudget);
    m_error->hide();
}

bool TuningPage::validatePage()
{
    TransferSettings settings = m_state->plan().transfer;
    settings.autoConnections = m_connections->value() == 0;
    if (!settings.autoConnections)
        settings.connections = m_connections->value();
    settings.requestsPerConnection = m_requests->value();
    settings.chunkSize = m_chunkSize->currentData().toLongLong();
    settings.memoryBudget = m_memoryBudget->currentData().toLongLong();
    if (auto valid = settings.validate(); !valid) {
        m_error->setText(valid.error().message());
        m_error->show();
        return false;
    }
    m_state->plan().transfer = settings;
    m_runner->cancel();
    return true;
}

void TuningPage::cleanupPage()
{
    m_runner->cancel();
}

void TuningPage::startCheck()
{
    const auto vms = m_state->selectedVms();
    auto target = NetCheckSuite::chooseDisk(m_state->inventory(), m_state->endpoint(), vms.isEmpty() ? QString() : vms.first().name);
    if (!target) {
        m_checkStatus->setText(target.error().message());
        return;
    }
    target->cookie = m_state->sessionCookie();
    NetCheckOptions options;
    options.benchSeconds = 1; // five runs: a preflight, not a benchmark
    options.benchBytes = 256 * MiB;
    m_checks->clear();
    m_apply->hide();
    m_recommended = 0;
    m_checkButton->setEnabled(false);
    m_checkStatus->setText(tr("Checking the network to %1 by reading %2…").arg(target->endpoint.url.host(), target->diskLabel));
    m_runner->start(*target, options);
}

void TuningPage::addCheck(const CheckResult &check)
{
    auto *item = new QTreeWidgetItem(m_checks, {check.title, check.summary, check.advice});
    item->setIcon(0, style()->standardIcon(statusIcon(check.status)));
    item->setData(0, Qt::UserRole, check.id);
    item->setToolTip(1, check.summary);
    item->setToolTip(2, check.advice);
    if (const int recommended = NetCheckSuite::recommendedConnections({check}); recommended > 0)
        m_recommended = recommended;
    if (const auto rates = NetCheckSuite::measuredRates({check}); !rates.isEmpty())
        m_state->setMeasuredRates(rates);
}

void TuningPage::checkFinished(const QString &error)
{
    m_checkButton->setEnabled(true);
    if (!error.isEmpty()) {
        m_checkStatus->setText(tr("The check stopped: %1").arg(error));
        return;
    }
    m_checkStatus->setText(tr("Network check finished."));
    if (m_recommended > 0) {
        m_apply->setText(tr("&Use %n connection(s)", nullptr, m_recommended));
        m_apply->show();
    }
}

void TuningPage::applyRecommendation()
{
    m_connections->setValue(m_recommended);
}

} // namespace Ferry
