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
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStorageInfo>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

const QString localUri = u"qemu:///system"_s;

} // namespace

TargetPage::TargetPage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_probe(new TargetProbe(this))
{
    setObjectName(u"targetPage"_s);
    setTitle(tr("Target"));
    setSubTitle(tr("Where the migrated VMs go, in which format, and which networks they join."));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makeTargetBox());
    layout->addWidget(makeOptionsBox(), 1);
    connect(m_probe, &TargetProbe::probed, this, &TargetPage::offerReceived);
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
    form->addRow(poolLabel, m_pool);
    m_diskPools = new QTableWidget(0, 4, box);
    m_diskPools->setObjectName(u"diskPools"_s);
    m_diskPools->setHorizontalHeaderLabels({tr("VM"), tr("Disk"), tr("Size"), tr("Pool")});
    m_diskPools->horizontalHeader()->setStretchLastSection(true);
    m_diskPools->verticalHeader()->hide();
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
    auto *networksLabel = new QLabel(tr("&Networks:"), box);
    networksLabel->setBuddy(m_networks);
    form->addRow(networksLabel, m_networks);
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
    m_uri->setText(initial == Choice::OtherLibvirt ? plan.target.uri : QString());
    m_directory->setText(haveTarget && plan.target.kind == TargetSpec::Kind::Directory ? plan.target.path
                                                                                       : QDir::home().filePath(u"ferry-out"_s));
    m_choices->button(int(initial))->setChecked(true);
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
    fillDiskPoolTable({});
    const QString text = targetText();
    if (libvirt && !text.isEmpty()) {
        setStatus(tr("Reading storage pools and networks of %1…").arg(text));
        m_probe->probe(text);
        fillNetworkTable({}, {});
    } else {
        setStatus(QString());
        // An output directory has no libvirt to ask: the domain XML names libvirt's
        // usual network, and the table lets the admin name another.
        fillNetworkTable({u"network:default"_s}, {tr("network default")});
    }
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
    m_offer = offer;
    if (!offer.error.isEmpty()) {
        setStatus(tr("Cannot use %1: %2").arg(offer.uri, offer.error));
        Q_EMIT completeChanged();
        return;
    }
    setStatus(tr("Connected to %1.").arg(offer.uri));
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
    Q_EMIT completeChanged();
}

void TargetPage::fillPools(const QList<StoragePoolInfo> &pools)
{
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
        m_networks->setCellWidget(row, 1, combo);
    }
}

void TargetPage::updateSpaceNote()
{
    const PlanEstimate estimate = estimatePlan(m_state->selectedVms(), m_state->plan().transfer.connections);
    qint64 available = -1;
    if (choice() == Choice::Directory && !m_directory->text().trimmed().isEmpty()) {
        QDir existing(QDir::current().absoluteFilePath(m_directory->text().trimmed()));
        while (!existing.exists() && existing.cdUp()) { }
        available = QStorageInfo(existing).bytesAvailable();
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
        return true;
    return m_offer.uri == text && m_offer.error.isEmpty() && m_pool->count() > 0;
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

} // namespace Ferry
