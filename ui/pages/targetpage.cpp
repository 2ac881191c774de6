#include "targetpage.h"

#include "base/bytesize.h"
#include "plan/networkmapping.h"
#include "plan/planestimate.h"
#include "target/targetspec.h"
#include "wizard/wizardstate.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

const QString localUri = u"qemu:///system"_s;
// What virt-manager creates on a host without pools.
const QString defaultPoolName = u"default"_s;
const QString defaultPoolPath = u"/var/lib/libvirt/images"_s;

enum class ExistingAction { Resume, Overwrite, Skip };

// A header and about three rows: below that a table says nothing.
constexpr int kTableMinimumHeight = 100;

} // namespace

TargetPage::TargetPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_probe(new TargetProbe(this))
    , m_directoryProbe(new DirectoryProbe(this))
    , m_slowDirectory(new QTimer(this))
{
    setObjectName(u"targetPage"_s);
    setTitle(tr("Target"));
    setSubTitle(tr("Where the migrated VMs go, in which format, and which networks they join."));
    // In a scroll area: at a small window the tables keep a readable height and the page
    // scrolls, rather than every table shrinking to its header.
    auto *content = new QWidget;
    auto *inner = new QVBoxLayout(content);
    inner->setContentsMargins(0, 0, 0, 0);
    inner->addWidget(makeTargetBox());
    inner->addWidget(makeOptionsBox(), 1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(u"targetScroll"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    connect(m_probe, &TargetProbe::probed, this, &TargetPage::offerReceived);
    connect(m_directoryProbe, &DirectoryProbe::checked, this, &TargetPage::directoryChecked);
    m_slowDirectory->setSingleShot(true);
    m_slowDirectory->setInterval(3000);
    connect(m_slowDirectory, &QTimer::timeout, this, [this] {
        if (choice() == Choice::Directory && m_directoryProbe->isPending())
            setStatus(tr("%1 does not answer yet. Is it on a network mount that hangs?").arg(directoryPath()));
    });
}

QWidget *TargetPage::makeTargetBox()
{
    auto *box = new QGroupBox(tr("Destination"), this);
    auto *grid = new QGridLayout(box);
    m_choices = new QButtonGroup(this);
    auto *local = new QRadioButton(tr("&Local libvirt (qemu:///system)"), box);
    local->setObjectName(u"targetLocal"_s);
    auto *other = new QRadioButton(tr("Other libvirt &connection:"), box);
    other->setObjectName(u"targetOther"_s);
    auto *directory = new QRadioButton(tr("Output &directory (disks, domain XML and report):"), box);
    directory->setObjectName(u"targetDirectoryChoice"_s);
    m_choices->addButton(local, int(Choice::LocalLibvirt));
    m_choices->addButton(other, int(Choice::OtherLibvirt));
    m_choices->addButton(directory, int(Choice::Directory));
    m_uri = new QLineEdit(box);
    m_uri->setObjectName(u"targetUri"_s);
    m_uri->setPlaceholderText(u"qemu+ssh://root@kvm1/system"_s);
    m_directory = new QLineEdit(box);
    m_directory->setObjectName(u"targetDirectory"_s);
    auto *browse = new QPushButton(tr("&Browse…"), box);
    connect(browse, &QPushButton::clicked, this, &TargetPage::browseDirectory);
    grid->addWidget(local, 0, 0, 1, 3);
    grid->addWidget(other, 1, 0);
    grid->addWidget(m_uri, 1, 1, 1, 2);
    grid->addWidget(directory, 2, 0);
    grid->addWidget(m_directory, 2, 1);
    grid->addWidget(browse, 2, 2);
    m_status = new QLabel(box);
    m_status->setObjectName(u"targetStatus"_s);
    m_status->setWordWrap(true);
    grid->addWidget(m_status, 3, 0, 1, 3);
    m_existing = new QTableWidget(0, 4, box);
    m_existing->setObjectName(u"existingFolders"_s);
    m_existing->setHorizontalHeaderLabels({tr("VM"), tr("Found in the directory"), tr("Size"), tr("What to do")});
    m_existing->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_existing->verticalHeader()->hide();
    m_existing->setMinimumHeight(80);
    m_existing->setMaximumHeight(120);
    m_existing->hide();
    grid->addWidget(m_existing, 4, 0, 1, 3);
    connect(m_choices, &QButtonGroup::idClicked, this, &TargetPage::targetChanged);
    connect(m_uri, &QLineEdit::editingFinished, this, &TargetPage::targetChanged);
    connect(m_directory, &QLineEdit::textChanged, this, &TargetPage::targetChanged);
    return box;
}

QWidget *TargetPage::makeOptionsBox()
{
    auto *box = new QGroupBox(tr("Disks and networks"), this);
    auto *form = new QFormLayout(box);
    m_pool = new QComboBox(box);
    m_pool->setObjectName(u"storagePool"_s);
    auto *poolLabel = new QLabel(tr("Storage &pool:"), box);
    poolLabel->setBuddy(m_pool);
    m_createPool = new QPushButton(tr("&Create the default pool (%1)").arg(defaultPoolPath), box);
    m_createPool->setObjectName(u"createPoolButton"_s);
    m_createPool->setToolTip(tr("Defines, builds and starts a directory pool named \"default\", as virt-manager does."));
    m_createPool->hide();
    connect(m_createPool, &QPushButton::clicked, this, &TargetPage::createDefaultPool);
    auto *poolRow = new QHBoxLayout;
    poolRow->addWidget(m_pool, 1);
    poolRow->addWidget(m_createPool);
    form->addRow(poolLabel, poolRow);
    m_diskPools = new QTableWidget(0, 4, box);
    m_diskPools->setObjectName(u"diskPools"_s);
    m_diskPools->setHorizontalHeaderLabels({tr("VM"), tr("Disk"), tr("Size"), tr("Pool")});
    m_diskPools->horizontalHeader()->setStretchLastSection(true);
    m_diskPools->verticalHeader()->hide();
    m_diskPools->setMinimumHeight(kTableMinimumHeight);
    auto *diskPoolsLabel = new QLabel(tr("D&isk pools:"), box);
    diskPoolsLabel->setBuddy(m_diskPools);
    form->addRow(diskPoolsLabel, m_diskPools);
    m_space = new QLabel(box);
    m_space->setObjectName(u"spaceNote"_s);
    m_space->setWordWrap(true);
    form->addRow(QString(), m_space);
    m_format = new QComboBox(box);
    m_format->setObjectName(u"diskFormat"_s);
    m_format->addItem(tr("raw (sparse, fastest)"), u"raw"_s);
    m_format->addItem(tr("qcow2 (snapshots, thin on any filesystem)"), u"qcow2"_s);
    auto *formatLabel = new QLabel(tr("Disk &format:"), box);
    formatLabel->setBuddy(m_format);
    form->addRow(formatLabel, m_format);
    m_virtType = new QComboBox(box);
    m_virtType->setObjectName(u"virtType"_s);
    m_virtType->addItem(tr("Best the host offers"), QString());
    m_virtType->addItem(tr("KVM (hardware virtualisation)"), u"kvm"_s);
    m_virtType->addItem(tr("QEMU (emulation, slow)"), u"qemu"_s);
    auto *virtLabel = new QLabel(tr("Domain &type:"), box);
    virtLabel->setBuddy(m_virtType);
    form->addRow(virtLabel, m_virtType);
    m_networks = new QTableWidget(0, 2, box);
    m_networks->setObjectName(u"networkMap"_s);
    m_networks->setHorizontalHeaderLabels({tr("Source network"), tr("Connect to")});
    m_networks->horizontalHeader()->setStretchLastSection(true);
    m_networks->verticalHeader()->hide();
    m_networks->setMinimumHeight(kTableMinimumHeight);
    auto *networksLabel = new QLabel(tr("&Networks:"), box);
    networksLabel->setBuddy(m_networks);
    form->addRow(networksLabel, m_networks);
    m_networkWarning = new QLabel(box);
    m_networkWarning->setObjectName(u"networkWarning"_s);
    m_networkWarning->setWordWrap(true);
    form->addRow(QString(), m_networkWarning);
    connect(m_pool, &QComboBox::currentIndexChanged, this, &TargetPage::updateSpaceNote);
    return box;
}

void TargetPage::initializePage()
{
    const MigrationPlan &plan = m_state->plan();
    const bool haveTarget = !plan.target.uri.isEmpty() || !plan.target.path.isEmpty();
    Choice initial = Choice::Directory;
    if (haveTarget && plan.target.kind == TargetSpec::Kind::Libvirt)
        initial = plan.target.uri == localUri ? Choice::LocalLibvirt : Choice::OtherLibvirt;
    // The choice first, and the texts without signals: a text change must never probe
    // the directory as a libvirt URI (targetChanged() below looks once, at the final state).
    m_choices->button(int(initial))->setChecked(true);
    const QSignalBlocker blockUri(m_uri);
    const QSignalBlocker blockDirectory(m_directory);
    m_uri->setText(initial == Choice::OtherLibvirt ? plan.target.uri : QString());
    m_directory->setText(haveTarget && plan.target.kind == TargetSpec::Kind::Directory ? plan.target.path
                                                                                       : QDir::home().filePath(u"ferry-out"_s));
    m_format->setCurrentIndex(qMax(0, m_format->findData(plan.diskFormat)));
    m_virtType->setCurrentIndex(qMax(0, m_virtType->findData(plan.virtType)));
    targetChanged();
}

TargetPage::Choice TargetPage::choice() const
{
    return Choice(m_choices->checkedId());
}

QString TargetPage::targetText() const
{
    switch (choice()) {
    case Choice::LocalLibvirt:
        return localUri;
    case Choice::OtherLibvirt:
        return m_uri->text().trimmed();
    case Choice::Directory:
        break;
    }
    const QString path = m_directory->text().trimmed();
    return path.isEmpty() ? QString() : u"dir:"_s + QDir::current().absoluteFilePath(path);
}

void TargetPage::targetChanged()
{
    const bool libvirt = choice() != Choice::Directory;
    m_uri->setEnabled(choice() == Choice::OtherLibvirt);
    m_directory->setEnabled(!libvirt);
    m_pool->setEnabled(libvirt);
    m_virtType->setEnabled(libvirt);
    m_offer = TargetOffer{};
    m_pool->clear();
    m_createPool->hide();
    if (libvirt) {
        m_directoryProbe->cancel();
        m_slowDirectory->stop();
        m_directoryStatus = OutputDirectoryStatus{};
        m_checkedDirectory.clear();
        fillExistingTable();
    }
    fillDiskPoolTable({});
    const QString text = targetText();
    if (libvirt && !text.isEmpty()) {
        setStatus(tr("Reading storage pools and networks of %1…").arg(text));
        m_probe->probe(text);
        fillNetworkTable({}, {});
    } else if (libvirt) {
        setStatus(QString()); // no URI yet
        fillNetworkTable({}, {});
    } else {
        setStatus(QString());
        checkDirectory();
        // An output directory has no libvirt to ask: the domain XML names libvirt's
        // usual network, and the table lets the admin name another.
        fillNetworkTable({u"network:default"_s}, {tr("network default")});
    }
    updateNetworkWarning();
    updateSpaceNote();
    Q_EMIT completeChanged();
}

void TargetPage::browseDirectory()
{
    const QString path = QFileDialog::getExistingDirectory(this, tr("Output directory"), m_directory->text());
    if (!path.isEmpty())
        m_directory->setText(path);
}

void TargetPage::offerReceived(const TargetOffer &offer)
{
    // A late answer for a choice no longer current (another URI, or the directory) says
    // nothing about this one.
    if (choice() == Choice::Directory || offer.uri != targetText())
        return;
    m_offer = offer;
    if (!offer.error.isEmpty()) {
        setStatus(tr("Cannot use %1: %2").arg(offer.uri, offer.error));
        Q_EMIT completeChanged();
        return;
    }
    m_creatingPool = false;
    if (!offer.actionError.isEmpty())
        setStatus(tr("Cannot create the pool: %1").arg(offer.actionError));
    else if (offer.pools.isEmpty())
        setStatus(tr("%1 has no storage pool: the disks need one. Create the default pool, or define one with virt-manager or "
                     "'virsh pool-define-as'.")
                      .arg(offer.uri));
    else
        setStatus(tr("Connected to %1.").arg(offer.uri));
    m_createPool->setVisible(offer.pools.isEmpty());
    m_createPool->setEnabled(true);
    fillPools(offer.pools);
    QStringList targets;
    QStringList labels;
    for (const NetworkTargetInfo &network : offer.networks) {
        targets << u"network:"_s + network.name;
        labels << (network.active ? tr("network %1").arg(network.name) : tr("network %1 (inactive)").arg(network.name));
    }
    for (const QString &bridge : offer.bridges) {
        targets << u"bridge:"_s + bridge;
        labels << tr("bridge %1").arg(bridge);
    }
    fillNetworkTable(targets, labels);
    updateNetworkWarning();
    Q_EMIT completeChanged();
}

void TargetPage::fillPools(const QList<StoragePoolInfo> &pools)
{
    // Each item's free space is set after addItem: the note is updated once, at the end.
    const QSignalBlocker blocker(m_pool);
    m_pool->clear();
    for (const StoragePoolInfo &pool : pools) {
        const QString label = pool.active ? tr("%1 (%2 free)").arg(pool.name, formatByteSize(pool.available))
                                          : tr("%1 (inactive)").arg(pool.name);
        m_pool->addItem(label, pool.name);
        m_pool->setItemData(m_pool->count() - 1, pool.available, Qt::UserRole + 1);
    }
    const QString wanted = m_state->plan().storagePool.isEmpty() ? u"default"_s : m_state->plan().storagePool;
    m_pool->setCurrentIndex(qMax(0, m_pool->findData(wanted)));
    QStringList names;
    for (const StoragePoolInfo &pool : pools)
        if (pool.active)
            names << pool.name;
    fillDiskPoolTable(names);
    updateSpaceNote();
}

void TargetPage::fillDiskPoolTable(const QStringList &pools)
{
    QMap<QString, QString> previous = m_state->plan().diskPools;
    previous.insert(diskPoolsFromTable()); // choices made on this page since it opened
    m_diskPools->setRowCount(0);
    m_diskPools->setEnabled(!pools.isEmpty());
    for (const VmInfo &vm : m_state->selectedVms()) {
        for (int i = 0; i < vm.disks.size(); ++i) {
            const int row = m_diskPools->rowCount();
            const QString key = vm.name + u'/' + QString::number(i + 1);
            m_diskPools->insertRow(row);
            const QStringList cells{vm.name, vm.disks.at(i).label, formatByteSize(vm.disks.at(i).capacity)};
            for (int column = 0; column < cells.size(); ++column) {
                auto *item = new QTableWidgetItem(cells.at(column));
                item->setFlags(Qt::ItemIsEnabled);
                item->setData(Qt::UserRole, key);
                m_diskPools->setItem(row, column, item);
            }
            auto *combo = new QComboBox(m_diskPools);
            combo->setObjectName(u"diskPool_"_s + key);
            combo->addItem(tr("(same as above)"), QString());
            for (const QString &pool : pools)
                combo->addItem(pool, pool);
            combo->setCurrentIndex(qMax(0, combo->findData(previous.value(key))));
            m_diskPools->setCellWidget(row, 3, combo);
        }
    }
}

QMap<QString, QString> TargetPage::diskPoolsFromTable() const
{
    QMap<QString, QString> map;
    for (int row = 0; row < m_diskPools->rowCount(); ++row) {
        const auto *combo = qobject_cast<QComboBox *>(m_diskPools->cellWidget(row, 3));
        if (combo && !combo->currentData().toString().isEmpty())
            map.insert(m_diskPools->item(row, 0)->data(Qt::UserRole).toString(), combo->currentData().toString());
    }
    return map;
}

void TargetPage::fillNetworkTable(const QStringList &targets, const QStringList &labels)
{
    const QStringList sources = sourceNetworks(m_state->selectedVms());
    QMap<QString, QString> previous = m_state->plan().networkMap;
    previous.insert(networkMapFromTable()); // choices made on this page since it opened
    const QMap<QString, QString> proposal = proposeNetworkMap(sources, targets, previous);
    m_networks->setRowCount(int(sources.size()));
    for (int row = 0; row < sources.size(); ++row) {
        auto *item = new QTableWidgetItem(sources[row]);
        item->setFlags(Qt::ItemIsEnabled);
        m_networks->setItem(row, 0, item);
        auto *combo = new QComboBox(m_networks);
        combo->setObjectName(u"networkTarget_"_s + sources[row]);
        for (qsizetype i = 0; i < targets.size(); ++i)
            combo->addItem(labels[i], targets[i]);
        combo->setCurrentIndex(qMax(0, combo->findData(proposal.value(sources[row]))));
        connect(combo, &QComboBox::currentIndexChanged, this, &TargetPage::updateNetworkWarning);
        m_networks->setCellWidget(row, 1, combo);
    }
}

void TargetPage::updateSpaceNote()
{
    const PlanEstimate estimate = estimatePlan(m_state->selectedVms(), m_state->plan().transfer.poolConnections());
    qint64 available = -1;
    if (choice() == Choice::Directory) {
        available = m_directoryStatus.available;
    } else if (m_pool->currentIndex() >= 0) {
        available = m_pool->currentData(Qt::UserRole + 1).toLongLong();
    }
    if (available < 0 || estimate.capacityBytes == 0) {
        m_space->clear();
        return;
    }
    QString note = tr("The selected disks are %1 provisioned; %2 is free here.")
                       .arg(formatByteSize(estimate.capacityBytes), formatByteSize(available));
    if (available < estimate.capacityBytes)
        note += u' ' + tr("Zero blocks are not written, so thin disks may still fit, but check before starting.");
    m_space->setText(note);
}

bool TargetPage::isComplete() const
{
    const QString text = targetText();
    if (text.isEmpty() || !TargetSpec::parse(text))
        return false;
    if (choice() == Choice::Directory)
        return directoryIsCurrent() && m_directoryStatus.usable();
    return m_offer.uri == text && m_offer.error.isEmpty() && m_pool->count() > 0;
}

QString TargetPage::incompleteReason() const
{
    if (isComplete())
        return QString();
    const QString text = targetText();
    if (text.isEmpty())
        return choice() == Choice::Directory ? tr("Enter an output directory.") : tr("Enter a libvirt connection URI.");
    if (auto spec = TargetSpec::parse(text); !spec)
        return spec.error().message();
    if (choice() == Choice::Directory && !directoryIsCurrent())
        return tr("Checking the output directory…");
    if (choice() == Choice::Directory)
        return tr("The output directory cannot be used: %1").arg(m_directoryStatus.error);
    if (m_offer.uri != text)
        return m_creatingPool ? tr("Creating the storage pool…") : tr("Waiting for %1 to answer…").arg(text);
    if (!m_offer.error.isEmpty())
        return tr("Cannot connect to %1 (see above).").arg(text);
    return tr("%1 has no storage pool: create the default pool or choose another connection.").arg(text);
}

QMap<QString, QString> TargetPage::networkMapFromTable() const
{
    QMap<QString, QString> map;
    for (int row = 0; row < m_networks->rowCount(); ++row) {
        const auto *combo = qobject_cast<QComboBox *>(m_networks->cellWidget(row, 1));
        if (combo && combo->currentIndex() >= 0)
            map.insert(m_networks->item(row, 0)->text(), combo->currentData().toString());
    }
    return map;
}

bool TargetPage::validatePage()
{
    auto target = TargetSpec::parse(targetText());
    if (!target) {
        setStatus(target.error().message());
        return false;
    }
    MigrationPlan &plan = m_state->plan();
    if (target->kind == TargetSpec::Kind::Directory) {
        if (!applyExistingChoices(plan))
            return false;
    } else {
        plan.resume = false; // only output directories are resumed from the wizard
    }
    plan.target = *target;
    plan.diskFormat = m_format->currentData().toString();
    const bool libvirt = target->kind == TargetSpec::Kind::Libvirt;
    plan.storagePool = libvirt ? m_pool->currentData().toString() : QString();
    plan.virtType = libvirt ? m_virtType->currentData().toString() : QString();
    // Only rows that differ from the main pool become overrides.
    plan.diskPools.clear();
    if (libvirt) {
        const QMap<QString, QString> chosen = diskPoolsFromTable();
        for (auto it = chosen.cbegin(); it != chosen.cend(); ++it)
            if (it.value() != plan.storagePool)
                plan.diskPools.insert(it.key(), it.value());
    }
    plan.networkMap = networkMapFromTable();
    return true;
}

void TargetPage::setStatus(const QString &text)
{
    m_status->setText(text);
}

QString TargetPage::directoryPath() const
{
    return m_directory->text().trimmed();
}

bool TargetPage::directoryIsCurrent() const
{
    return !m_checkedDirectory.isEmpty() && m_checkedDirectory == directoryPath();
}

void TargetPage::checkDirectory(int delayMs)
{
    const QString path = directoryPath();
    m_directoryStatus = OutputDirectoryStatus{};
    m_checkedDirectory.clear();
    fillExistingTable();
    if (path.isEmpty()) {
        m_directoryProbe->cancel();
        m_slowDirectory->stop();
        return;
    }
    setStatus(tr("Checking %1…").arg(path));
    m_directoryProbe->check(path, m_state->plan().vmNames, delayMs);
    m_slowDirectory->start();
}

void TargetPage::directoryChecked(const QString &path, const OutputDirectoryStatus &status)
{
    // An answer about a path no longer shown (or for a libvirt choice) says nothing.
    if (choice() != Choice::Directory || path != directoryPath())
        return;
    m_slowDirectory->stop();
    m_directoryStatus = status;
    m_checkedDirectory = path;
    if (!status.usable())
        setStatus(tr("Cannot use %1: %2").arg(path, status.error));
    else if (!status.existing.isEmpty())
        setStatus(tr("%n selected VM(s) already have a folder here from an earlier run: choose what to do with each.", nullptr,
                     int(status.existing.size())));
    else
        setStatus(QString());
    fillExistingTable();
    updateSpaceNote();
    Q_EMIT completeChanged();
}

void TargetPage::fillExistingTable()
{
    QHash<QString, int> previous; // choices made since the page opened
    for (int row = 0; row < m_existing->rowCount(); ++row) {
        if (const auto *combo = qobject_cast<QComboBox *>(m_existing->cellWidget(row, 3)))
            previous.insert(m_existing->item(row, 0)->text(), combo->currentData().toInt());
    }
    m_existing->setRowCount(0);
    for (const OutputDirectoryStatus::ExistingVm &found : std::as_const(m_directoryStatus.existing)) {
        const int row = m_existing->rowCount();
        m_existing->insertRow(row);
        const QStringList cells{found.vm,
                                found.unfinished ? tr("an unfinished copy (resume journal) in %1").arg(found.path)
                                                 : tr("files of an earlier migration in %1").arg(found.path),
                                formatByteSize(found.bytes)};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setFlags(Qt::ItemIsEnabled);
            item->setToolTip(cells.at(column));
            m_existing->setItem(row, column, item);
        }
        auto *combo = new QComboBox(m_existing);
        combo->setObjectName(u"existingAction_"_s + found.vm);
        if (found.unfinished)
            combo->addItem(tr("Resume (fetch only what is missing)"), int(ExistingAction::Resume));
        combo->addItem(tr("Overwrite (delete the folder first)"), int(ExistingAction::Overwrite));
        combo->addItem(tr("Skip this VM"), int(ExistingAction::Skip));
        const int wanted = previous.value(found.vm, int(found.unfinished ? ExistingAction::Resume : ExistingAction::Skip));
        combo->setCurrentIndex(qMax(0, combo->findData(wanted)));
        m_existing->setCellWidget(row, 3, combo);
    }
    m_existing->resizeColumnToContents(3);
    m_existing->setVisible(m_existing->rowCount() > 0);
}

bool TargetPage::applyExistingChoices(MigrationPlan &plan)
{
    // What is there now, not when the page was drawn; the admin's choices stand only for
    // the folders they were made for.
    const auto folders = [](const OutputDirectoryStatus &status) {
        QStringList list;
        for (const OutputDirectoryStatus::ExistingVm &found : status.existing)
            list << found.vm + (found.unfinished ? u" unfinished"_s : QString());
        return list;
    };
    const QString path = directoryPath();
    const std::optional<OutputDirectoryStatus> now = m_directoryProbe->checkNow(path, plan.vmNames, 3000);
    if (!now) {
        setStatus(tr("%1 does not answer (a hung network mount?); choose another directory.").arg(path));
        return false;
    }
    if (!now->usable() || folders(*now) != folders(m_directoryStatus)) {
        directoryChecked(path, *now);
        return false;
    }
    m_directoryStatus = *now;
    QStringList overwrite;
    QStringList skip;
    bool resume = false;
    qint64 overwriteBytes = 0;
    for (int row = 0; row < m_existing->rowCount(); ++row) {
        const auto *combo = qobject_cast<QComboBox *>(m_existing->cellWidget(row, 3));
        const auto action = ExistingAction(combo->currentData().toInt());
        const OutputDirectoryStatus::ExistingVm &found = m_directoryStatus.existing.at(row);
        if (action == ExistingAction::Resume)
            resume = true;
        else if (action == ExistingAction::Skip)
            skip << found.vm;
        else {
            overwrite << found.path;
            overwriteBytes += found.bytes;
        }
    }
    if (skip.size() == plan.vmNames.size() && !skip.isEmpty()) {
        setStatus(tr("Every selected VM is skipped: nothing would be migrated."));
        return false;
    }
    if (!overwrite.isEmpty()) {
        const QString text
            = tr("Overwriting deletes %1 in %n folder(s) for good:", nullptr, int(overwrite.size())).arg(formatByteSize(overwriteBytes))
            + u"\n\n"_s + overwrite.join(u'\n');
        QMessageBox box(QMessageBox::Warning, tr("Delete earlier files?"), text, QMessageBox::Yes | QMessageBox::No, this);
        box.setObjectName(u"confirmOverwriteBox"_s);
        box.button(QMessageBox::Yes)->setText(tr("&Delete and overwrite"));
        box.button(QMessageBox::No)->setText(tr("&Keep the files"));
        box.setDefaultButton(QMessageBox::No);
        if (box.exec() != QMessageBox::Yes)
            return false;
        for (const QString &folder : std::as_const(overwrite)) {
            if (!QDir(folder).removeRecursively()) {
                setStatus(tr("Cannot delete %1 completely; check its permissions.").arg(folder));
                checkDirectory(0);
                return false;
            }
        }
    }
    for (const QString &vm : std::as_const(skip))
        plan.vmNames.removeAll(vm);
    plan.resume = resume;
    return true;
}

void TargetPage::createDefaultPool()
{
    const QString uri = targetText();
    m_createPool->setEnabled(false);
    m_creatingPool = true;
    setStatus(tr("Creating the storage pool \"%1\" at %2 on %3…").arg(defaultPoolName, defaultPoolPath, uri));
    m_offer = TargetOffer{};
    m_probe->createPool(uri, defaultPoolName, defaultPoolPath);
    Q_EMIT completeChanged();
}

void TargetPage::updateNetworkWarning()
{
    QStringList inactive;
    for (const NetworkTargetInfo &network : std::as_const(m_offer.networks)) {
        if (network.active)
            continue;
        const QString target = u"network:"_s + network.name;
        const QMap<QString, QString> map = networkMapFromTable();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (it.value() == target && !inactive.contains(network.name))
                inactive << network.name;
        }
    }
    m_networkWarning->setText(inactive.isEmpty() ? QString()
                                                 : tr("Network %1 is not active: the migrated domains will not start until it "
                                                      "is started (virsh net-start %1; net-autostart keeps it on).")
                                                       .arg(inactive.join(u", "_s)));
}

} // namespace Ferry
