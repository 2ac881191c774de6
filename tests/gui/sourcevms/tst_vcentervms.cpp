// The VMs page against a two-datacenter vCenter (ferry-vcsim -model vc -duplicate-name),
// offscreen, through the source page as an admin connects: the datacenter, cluster,
// host and folder columns, the datacenter filter, the two VMs of one name told apart
// and refused, and the detail pane's disks and NICs for the current VM.
// With FERRY_SCREENSHOT_DIR set, the page is saved as 3-vms-vcenter.png at the
// wizard's default size (1000 x 720).
#include "fixtures/vcsim/vcsimprocess.h"
#include "models/vmtablemodel.h"
#include "pages/sourcepage.h"
#include "pages/vmspage.h"
#include "vsphere/truststore.h"
#include "widgets/vmdetailview.h"
#include "wizard/pageid.h"
#include "wizard/wizardstate.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QWizard>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Ferry;
using Ferry::Test::VcsimProcess;

namespace {

constexpr int connectMs = 120000;
const QString twinName = u"DC0_C0_RP0_VM0"_s;

QDialog *visibleFingerprintDialog()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (widget->objectName() == u"fingerprintDialog" && widget->isVisible())
            return qobject_cast<QDialog *>(widget);
    }
    return nullptr;
}

QJsonObject expectedVm(const QJsonObject &expected, const QString &datacenterPath, const QString &name)
{
    for (const QJsonValue vm : expected.value(u"vms"_s).toArray()) {
        if (vm[u"name"_s].toString() == name && vm[u"datacenterPath"_s].toString() == datacenterPath)
            return vm.toObject();
    }
    return {};
}

} // namespace

class TestVcenterVms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void hierarchyShownAndFiltered();
    void detailPaneShowsCurrentVm();
    void sameNamedVmBlocksNext();
    void cleanupTestCase();

private:
    template<typename T>
    T *child(const QString &name) const
    {
        T *widget = m_wizard->findChild<T *>(name);
        if (!widget)
            qFatal("no widget %s", qPrintable(name));
        return widget;
    }
    int proxyRowOf(const QString &datacenterPath, const QString &name) const;

    std::unique_ptr<VcsimProcess> m_vcsim;
    std::unique_ptr<QWizard> m_wizard;
    WizardState *m_state = nullptr;
    VmsPage *m_vms = nullptr;
    QTableView *m_table = nullptr;
};

void TestVcenterVms::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QFile::remove(TrustStore::defaultPath());
    m_vcsim = std::make_unique<VcsimProcess>(VcsimProcess::Model::Vc, QStringList{u"-duplicate-name"_s});
    const auto started = m_vcsim->start();
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));

    m_wizard = std::make_unique<QWizard>();
    m_state = new WizardState(m_wizard.get());
    auto *source = new SourcePage(m_state);
    m_vms = new VmsPage(m_state);
    m_wizard->setPage(SourcePageId, source);
    m_wizard->setPage(VmsPageId, m_vms);
    m_wizard->setPage(TargetPageId, new QWizardPage);
    m_wizard->setStartId(SourcePageId);
    m_wizard->resize(1000, 720); // FerryWizard's default size
    m_wizard->show();

    child<QRadioButton>(u"esxiRadio"_s)->click();
    QTest::keyClicks(child<QLineEdit>(u"hostEdit"_s), u"127.0.0.1:%1"_s.arg(m_vcsim->url().port()));
    child<QLineEdit>(u"userEdit"_s)->clear();
    QTest::keyClicks(child<QLineEdit>(u"userEdit"_s), m_vcsim->user());
    QTest::keyClicks(child<QLineEdit>(u"passwordEdit"_s), m_vcsim->password());
    child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(visibleFingerprintDialog(), connectMs);
    visibleFingerprintDialog()->findChild<QPushButton *>(u"trustButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(source->isComplete(), connectMs);
    m_wizard->next();
    QCOMPARE(m_wizard->currentId(), int(VmsPageId));
    m_table = child<QTableView>(u"vmTable"_s);
}

int TestVcenterVms::proxyRowOf(const QString &datacenterPath, const QString &name) const
{
    const QAbstractItemModel *proxy = m_table->model();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        if (proxy->index(row, VmTableModel::NameColumn).data().toString() == name
            && proxy->index(row, VmTableModel::DatacenterColumn).data().toString() == datacenterPath)
            return row;
    }
    return -1;
}

void TestVcenterVms::hierarchyShownAndFiltered()
{
    for (int column : {VmTableModel::DatacenterColumn, VmTableModel::ClusterColumn, VmTableModel::HostColumn, VmTableModel::FolderColumn})
        QVERIFY2(!m_table->isColumnHidden(column), qPrintable(u"column %1 hidden"_s.arg(column)));
    const QAbstractItemModel *proxy = m_table->model();
    const int all = proxy->rowCount();
    QCOMPARE(all, m_vcsim->expected().value(u"vms"_s).toArray().size());
    // Both VMs named alike are listed, each with its own datacenter, cluster, host and folder.
    const int first = proxyRowOf(u"DC0"_s, twinName);
    const int second = proxyRowOf(u"F0/DC1"_s, twinName);
    QVERIFY(first >= 0 && second >= 0);
    QCOMPARE(proxy->index(first, VmTableModel::ClusterColumn).data().toString(), u"DC0_C0"_s);
    QCOMPARE(proxy->index(second, VmTableModel::ClusterColumn).data().toString(), u"DC1_C0"_s);
    QCOMPARE(proxy->index(second, VmTableModel::FolderColumn).data().toString(), u"F0/Prod"_s);
    QVERIFY(proxy->index(second, VmTableModel::HostColumn).data().toString().startsWith(u"DC1_C0_H"_s));
    // A standalone host's VM: a host, no cluster.
    const int standalone = proxyRowOf(u"DC0"_s, u"DC0_H0_VM0"_s);
    QVERIFY(standalone >= 0);
    QCOMPARE(proxy->index(standalone, VmTableModel::HostColumn).data().toString(), u"DC0_H0"_s);
    QCOMPARE(proxy->index(standalone, VmTableModel::ClusterColumn).data().toString(), QString());

    auto *combo = child<QComboBox>(u"datacenterCombo"_s);
    QVERIFY(combo->isVisible());
    QCOMPARE(combo->count(), 3); // all, DC0, F0/DC1
    combo->setCurrentIndex(combo->findData(u"F0/DC1"_s));
    QCOMPARE(proxy->rowCount(), 4);
    for (int row = 0; row < proxy->rowCount(); ++row)
        QCOMPARE(proxy->index(row, VmTableModel::DatacenterColumn).data().toString(), u"F0/DC1"_s);
    // The text filter matches clusters and hosts too, within the chosen datacenter.
    QTest::keyClicks(child<QLineEdit>(u"filterEdit"_s), u"dc1_h0"_s);
    QCOMPARE(proxy->rowCount(), 2);
    child<QLineEdit>(u"filterEdit"_s)->clear();
    combo->setCurrentIndex(0);
    QCOMPARE(proxy->rowCount(), all);
}

void TestVcenterVms::detailPaneShowsCurrentVm()
{
    const int row = proxyRowOf(u"F0/DC1"_s, twinName);
    QVERIFY(row >= 0);
    m_table->setCurrentIndex(m_table->model()->index(row, VmTableModel::NameColumn));
    const QString text = child<VmDetailView>(u"vmDetailView"_s)->toPlainText();
    const QJsonObject vm = expectedVm(m_vcsim->expected(), u"F0/DC1"_s, twinName);
    QVERIFY(!vm.isEmpty());
    QStringList wanted{u"F0/DC1/F0/Prod/"_s + twinName, vm[u"host"_s].toString(), vm[u"cluster"_s].toString(), vm[u"vmxPath"_s].toString()};
    for (const QJsonValue disk : vm[u"disks"_s].toArray())
        wanted << disk[u"fileName"_s].toString() << disk[u"controllerType"_s].toString();
    for (const QJsonValue nic : vm[u"nics"_s].toArray())
        wanted << nic[u"macAddress"_s].toString() << nic[u"model"_s].toString() << nic[u"network"_s].toString();
    QVERIFY(vm[u"disks"_s].toArray().size() >= 2 && !vm[u"nics"_s].toArray().isEmpty());
    for (const QString &expected : std::as_const(wanted))
        QVERIFY2(!expected.isEmpty() && text.contains(expected), qPrintable(u"'%1' missing from:\n%2"_s.arg(expected, text)));

    if (const QString dir = qEnvironmentVariable("FERRY_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QDir().mkpath(dir);
        QVERIFY(m_wizard->grab().save(dir + u"/3-vms-vcenter.png"_s));
    }
}

void TestVcenterVms::sameNamedVmBlocksNext()
{
    auto *model = m_wizard->findChild<VmTableModel *>();
    const int row = m_table->model()->index(proxyRowOf(u"F0/DC1"_s, twinName), 0).row();
    QVERIFY(row >= 0);
    const auto *proxy = qobject_cast<QSortFilterProxyModel *>(m_table->model());
    model->setSelected({proxy->mapToSource(proxy->index(row, 0)).row()}, true);
    QVERIFY(!m_vms->isComplete());
    const QString label = child<QLabel>(u"selectionLabel"_s)->text();
    QVERIFY2(label.contains(u"2 VMs are named"_s) && label.contains(u"F0/DC1/F0/Prod/"_s + twinName), qPrintable(label));
    // A VM whose name is its own (and that nothing else blocks) can go.
    model->selectNames({u"DC1_C0_RP0_VM1"_s}); // powered off, no snapshot
    QVERIFY(m_vms->isComplete());
}

void TestVcenterVms::cleanupTestCase()
{
    m_wizard.reset();
    m_vcsim.reset();
    QFile::remove(TrustStore::defaultPath());
}

QTEST_MAIN(TestVcenterVms)
#include "tst_vcentervms.moc"
