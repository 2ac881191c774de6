#include "summarypage.h"

#include "base/bytesize.h"
#include "convert/virtiowin.h"
#include "plan/planestimate.h"
#include "plan/preflight.h"
#include "plan/profilefile.h"
#include "target/libvirtvolumesink.h"
#include "target/outputdirectory.h"
#include "wizard/recentprofiles.h"
#include "wizard/wizardstate.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QString formatDuration(double seconds)
{
    const qint64 total = qint64(seconds + 0.5);
    if (total >= 3600)
        return SummaryPage::tr("%1 h %2 min").arg(total / 3600).arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (total >= 60)
        return SummaryPage::tr("%1 min %2 s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
    return SummaryPage::tr("%1 s").arg(total);
}

QString item(const QString &label, const QString &text)
{
    return u"<li><b>%1</b> %2</li>"_s.arg(label, text);
}

const QString virtioWinKey = u"conversion/virtioWin"_s;

} // namespace

SummaryPage::SummaryPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
{
    setObjectName(u"summaryPage"_s);
    setTitle(tr("Summary"));
    setSubTitle(tr("Check the plan. Starting the migration cannot be undone from this wizard, "
                   "but it can be paused and resumed."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Start migration"));
    auto *layout = new QVBoxLayout(this);
    m_text = new QTextBrowser(this);
    m_text->setObjectName(u"planText"_s);
    layout->addWidget(m_text, 1);
    m_verify = new QCheckBox(tr("&Verify: read every disk back and compare it with what was fetched"), this);
    m_verify->setObjectName(u"verify"_s);
    m_inspect = new QCheckBox(tr("&Inspect the guests after copying (operating system, drivers, risks)"), this);
    m_inspect->setObjectName(u"inspect"_s);
    m_convert = new QCheckBox(tr("&Convert guests for KVM (virt-v2v): virtio drivers, boot loader, VMware Tools removed"), this);
    m_convert->setObjectName(u"convertGuests"_s);
    m_convert->setToolTip(tr("Runs virt-v2v-in-place on the copied disks after the inspection. A failed conversion keeps the "
                             "copy and gives the VM hardware every guest can boot from."));
    auto *virtioRow = new QHBoxLayout;
    auto *virtioLabel = new QLabel(tr("virtio-&win drivers (ISO or directory, for Windows guests):"), this);
    m_virtioWin = new QLineEdit(this);
    m_virtioWin->setObjectName(u"virtioWin"_s);
    m_virtioWin->setPlaceholderText(tr("none: Windows guests keep SATA disks and an e1000e NIC"));
    m_virtioWin->setClearButtonEnabled(true);
    virtioLabel->setBuddy(m_virtioWin);
    m_virtioWinBrowse = new QPushButton(tr("&Browse…"), this);
    m_virtioWinBrowse->setObjectName(u"virtioWinBrowse"_s);
    virtioRow->addSpacing(24);
    virtioRow->addWidget(virtioLabel);
    virtioRow->addWidget(m_virtioWin, 1);
    virtioRow->addWidget(m_virtioWinBrowse);
    m_start = new QCheckBox(tr("Start the &domains when they are defined"), this);
    m_start->setObjectName(u"startDomains"_s);
    auto *bootRow = new QHBoxLayout;
    auto *bootLabel = new QLabel(tr("Boot check &waits up to:"), this);
    m_bootTimeout = new QSpinBox(this);
    m_bootTimeout->setObjectName(u"bootTimeout"_s);
    m_bootTimeout->setRange(0, 86400);
    m_bootTimeout->setSingleStep(60);
    m_bootTimeout->setSuffix(tr(" s"));
    m_bootTimeout->setSpecialValueText(tr("automatic (300 s, 900 s under emulation)"));
    m_bootTimeout->setToolTip(tr("How long Ferry waits for a started guest to show that it booted (a login prompt, an IP "
                                 "address or the guest agent) before it reports the boot check as failed."));
    bootLabel->setBuddy(m_bootTimeout);
    bootRow->addSpacing(24);
    bootRow->addWidget(bootLabel);
    bootRow->addWidget(m_bootTimeout);
    bootRow->addStretch(1);
    for (QCheckBox *box : {m_verify, m_inspect, m_convert, m_start}) {
        layout->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &SummaryPage::applyOptions);
        if (box == m_convert)
            layout->addLayout(virtioRow);
    }
    layout->addLayout(bootRow);
    connect(m_bootTimeout, &QSpinBox::valueChanged, this, &SummaryPage::applyOptions);
    connect(m_virtioWin, &QLineEdit::textChanged, this, &SummaryPage::applyOptions);
    connect(m_virtioWinBrowse, &QPushButton::clicked, this, &SummaryPage::chooseVirtioWin);
    auto *row = new QHBoxLayout;
    auto *save = new QPushButton(tr("Save as &profile…"), this);
    save->setObjectName(u"saveProfile"_s);
    connect(save, &QPushButton::clicked, this, &SummaryPage::saveProfile);
    m_status = new QLabel(this);
    m_status->setObjectName(u"summaryStatus"_s);
    m_status->setWordWrap(true);
    row->addWidget(m_status, 1);
    row->addWidget(save);
    layout->addLayout(row);
}

void SummaryPage::initializePage()
{
    const MigrationPlan &plan = m_state->plan();
    const QSignalBlocker verify(m_verify);
    const QSignalBlocker inspect(m_inspect);
    const QSignalBlocker start(m_start);
    const QSignalBlocker convert(m_convert);
    const QSignalBlocker virtioWin(m_virtioWin);
    const QSignalBlocker bootTimeout(m_bootTimeout);
    m_verify->setChecked(plan.verify);
    m_inspect->setChecked(plan.inspect);
    m_convert->setChecked(plan.convert);
    // A profile's path wins; else the last one used on this computer.
    m_virtioWin->setText(plan.virtioWin.isEmpty() ? QSettings().value(virtioWinKey).toString() : plan.virtioWin);
    m_state->plan().virtioWin = m_virtioWin->text().trimmed();
    updateConversionControls();
    m_start->setChecked(plan.startDomain);
    m_start->setEnabled(plan.target.kind == TargetSpec::Kind::Libvirt);
    m_bootTimeout->setValue(plan.bootTimeoutSeconds);
    m_bootTimeout->setEnabled(m_start->isEnabled() && m_start->isChecked());
    m_status->clear();
    m_text->setHtml(planText());
}

void SummaryPage::applyOptions()
{
    MigrationPlan &plan = m_state->plan();
    plan.verify = m_verify->isChecked();
    plan.inspect = m_inspect->isChecked();
    plan.convert = m_convert->isChecked();
    plan.virtioWin = m_virtioWin->text().trimmed();
    updateConversionControls();
    plan.startDomain = m_start->isChecked() && plan.target.kind == TargetSpec::Kind::Libvirt;
    plan.bootTimeoutSeconds = m_bootTimeout->value();
    m_bootTimeout->setEnabled(plan.startDomain);
    m_text->setHtml(planText());
}

QString SummaryPage::planText() const
{
    const MigrationPlan &plan = m_state->plan();
    QStringList vms;
    for (const VmInfo &vm : m_state->selectedVms()) {
        qint64 bytes = 0;
        for (const DiskInfo &disk : vm.disks)
            bytes += disk.capacity;
        vms << tr("%1 (%n disk(s), %2)", nullptr, int(vm.disks.size())).arg(vm.name.toHtmlEscaped(), formatByteSize(bytes));
    }
    QStringList networks;
    for (auto it = plan.networkMap.cbegin(); it != plan.networkMap.cend(); ++it)
        networks << tr("%1 → %2").arg(it.key().toHtmlEscaped(), it.value().toHtmlEscaped());
    const TransferSettings &t = plan.transfer;
    QString html = u"<ul>"_s;
    html += item(tr("Source:"), sourceLine());
    html += item(tr("VMs:"), vms.join(u", "_s));
    html += item(tr("Source VMs:"), sourceVmsLine());
    html += item(tr("Target:"), targetLine());
    html += item(tr("Creates:"), createdLine());
    if (!networks.isEmpty())
        html += item(tr("Networks:"), networks.join(u", "_s));
    html += item(tr("Transfer:"),
                 tr("%1 connections, %2 requests each, %3 chunks, at most %4 of memory")
                     .arg(t.autoConnections
                              ? tr("auto (%1 to %2)").arg(TransferSettings::autoStartConnections).arg(TransferSettings::autoMaxConnections)
                              : QString::number(t.connections))
                     .arg(t.requestsPerConnection)
                     .arg(formatByteSize(t.chunkSize), formatByteSize(t.memoryBudget)));
    QStringList after{tr("SHA-256 of every disk in the report")};
    if (plan.verify)
        after << tr("read-back verification");
    if (plan.inspect)
        after << tr("guest inspection");
    if (plan.inspect && plan.convert)
        after << (plan.virtioWin.isEmpty() ? tr("conversion for KVM (Linux guests; Windows guests need virtio-win)")
                                           : tr("conversion for KVM (Windows drivers from %1)").arg(plan.virtioWin.toHtmlEscaped()));
    after << (plan.target.kind == TargetSpec::Kind::Libvirt ? tr("domain defined in libvirt") : tr("domain XML written"));
    if (plan.startDomain)
        after << (plan.bootTimeoutSeconds > 0
                      ? tr("domain started, its boot checked for up to %1").arg(formatDuration(plan.bootTimeoutSeconds))
                      : tr("domain started and its boot checked"));
    html += item(tr("Then:"), after.join(u", "_s));
    html += item(tr("Estimate:"), estimateLine());
    const QStringList warnings = warningLines();
    if (!warnings.isEmpty())
        html += item(tr("Warnings:"), u"<br>"_s + warnings.join(u"<br>"_s));
    return html + u"</ul>"_s;
}

QString SummaryPage::sourceLine() const
{
    if (m_state->isLab())
        return tr("the built-in lab (demo ESXi host on this computer)");
    const SourceEndpoint &source = m_state->endpoint();
    if (source.url.isLocalFile())
        return tr("the package %1").arg(source.url.toLocalFile().toHtmlEscaped());
    return tr("%1, port %2, as %3").arg(source.url.host().toHtmlEscaped()).arg(source.url.port(443)).arg(source.user.toHtmlEscaped());
}

QString SummaryPage::createdLine() const
{
    const MigrationPlan &plan = m_state->plan();
    QStringList lines;
    for (const VmInfo &vm : m_state->selectedVms()) {
        if (plan.target.kind == TargetSpec::Kind::Directory) {
            lines << tr("folder %1").arg(OutputDirectory(plan.target.path).vmDirectory(vm.name).toHtmlEscaped());
            continue;
        }
        QStringList volumes;
        for (int disk = 1; disk <= vm.disks.size(); ++disk)
            volumes << LibvirtVolumeSink::volumeNameFor(vm.name, disk, plan.diskFormat).toHtmlEscaped();
        // libvirt's QEMU driver allows no '/' in names (DomainBuilder replaces it).
        const QString domain = QString(vm.name).replace(u'/', u'_');
        lines << tr("domain %1 with %n volume(s): %2", nullptr, int(volumes.size())).arg(domain.toHtmlEscaped(), volumes.join(u", "_s));
    }
    return lines.join(u"; "_s);
}

QStringList SummaryPage::warningLines() const
{
    const MigrationPlan &plan = m_state->plan();
    const PreflightOptions options{.allowCrashConsistent = plan.allowCrashConsistent, .shutdownSource = plan.shutdownSource};
    QStringList lines;
    for (const VmInfo &vm : m_state->selectedVms()) {
        for (const Finding &finding : preflight(vm, options)) {
            if (finding.severity != Finding::Severity::Info)
                lines << u"%1: %2"_s.arg(vm.name.toHtmlEscaped(), finding.message.toHtmlEscaped());
        }
    }
    return lines;
}

// What happens to the VMs on VMware: the admin must know before pressing Start.
QString SummaryPage::sourceVmsLine() const
{
    const MigrationPlan &plan = m_state->plan();
    int running = 0;
    for (const VmInfo &vm : m_state->selectedVms())
        running += vm.powerState == PowerState::PoweredOff ? 0 : 1;
    if (running == 0)
        return tr("left as they are (all are powered off)");
    if (plan.shutdownSource)
        return tr("%n powered-on VM(s) are shut down before copying (VMware Tools; powered off after %1 s if still running) "
                  "and stay off",
                  nullptr, running)
            .arg(plan.shutdownTimeoutSeconds);
    return tr("%n VM(s) keep running while copied: the copy is crash-consistent", nullptr, running);
}

void SummaryPage::updateConversionControls()
{
    m_convert->setEnabled(m_inspect->isChecked()); // conversion needs to know the OS
    const bool converting = m_convert->isEnabled() && m_convert->isChecked();
    m_virtioWin->setEnabled(converting);
    m_virtioWinBrowse->setEnabled(converting);
}

void SummaryPage::chooseVirtioWin()
{
    const QString start = m_virtioWin->text().isEmpty() ? QDir::homePath() : m_virtioWin->text();
    const QString path = QFileDialog::getOpenFileName(this, tr("virtio-win ISO"), start, tr("ISO images (*.iso);;All files (*)"));
    if (!path.isEmpty())
        m_virtioWin->setText(path);
}

QString SummaryPage::targetLine() const
{
    const MigrationPlan &plan = m_state->plan();
    if (plan.target.kind == TargetSpec::Kind::Directory)
        return tr("output directory %1, %2 disks").arg(plan.target.path.toHtmlEscaped(), plan.diskFormat);
    QString line = tr("libvirt %1, storage pool %2, %3 disks")
                       .arg(plan.target.uri.toHtmlEscaped(), plan.storagePool.toHtmlEscaped(), plan.diskFormat);
    QStringList others;
    for (auto it = plan.diskPools.cbegin(); it != plan.diskPools.cend(); ++it)
        others << tr("disk %1 in pool %2").arg(it.key().toHtmlEscaped(), it.value().toHtmlEscaped());
    if (!others.isEmpty())
        line += u"; "_s + others.join(u", "_s);
    return line;
}

QString SummaryPage::estimateLine() const
{
    const PlanEstimate estimate = estimatePlan(m_state->selectedVms(), m_state->plan().transfer.poolConnections(),
                                               m_state->measuredRates());
    const QString size = tr("%1 to read in %n disk(s)", nullptr, estimate.disks).arg(formatByteSize(estimate.capacityBytes));
    if (estimate.seconds < 0)
        return tr("%1; run the network check on the Tuning page for a time estimate. "
                  "Zero blocks cost little time, so thin disks usually go faster.")
            .arg(size);
    return tr("%1; about %2 at the measured %3/s (zero blocks go faster).")
        .arg(size, formatDuration(estimate.seconds), formatByteSize(qint64(estimate.bytesPerSecond)));
}

void SummaryPage::saveProfile()
{
    const QString suggested = m_state->profilePath().isEmpty() ? QDir::home().filePath(u"ferry-profile.json"_s) : m_state->profilePath();
    const QString path = QFileDialog::getSaveFileName(this, tr("Save profile"), suggested, tr("Ferry profiles (*.json)"));
    if (!path.isEmpty())
        saveProfileTo(path);
}

bool SummaryPage::saveProfileTo(const QString &path)
{
    Profile profile;
    profile.source = ProfileSource::fromEndpoint(m_state->endpoint(), m_state->isLab());
    profile.plan = m_state->plan();
    if (auto saved = ProfileFile::save(path, profile); !saved) {
        m_status->setText(saved.error().message());
        return false;
    }
    m_state->setProfilePath(path);
    RecentProfiles::add(path);
    m_status->setText(tr("Saved to %1 (without the password).").arg(path));
    return true;
}

bool SummaryPage::validatePage()
{
    applyOptions();
    MigrationPlan &plan = m_state->plan();
    if (plan.convert && !plan.virtioWin.isEmpty()) {
        auto checked = VirtioWin::check(plan.virtioWin);
        if (!checked) {
            m_status->setText(checked.error().message());
            return false;
        }
        plan.virtioWin = *checked;
        QSettings().setValue(virtioWinKey, plan.virtioWin);
    }
    if (auto valid = m_state->plan().validate(); !valid) {
        m_status->setText(valid.error().message());
        return false;
    }
    return true;
}

} // namespace Ferry
