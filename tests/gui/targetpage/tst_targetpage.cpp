// TargetPage's "Disk pools" table: filled from a libvirt test driver node with two pools,
// disabled for directory targets, and only rows that differ from the main pool reach
// plan().diskPools.

#include "pages/targetpage.h"
#include "wizard/wizardstate.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QRadioButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestTargetPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diskPoolsTable();
};

void TestTargetPage::diskPoolsTable()
{
    QTemporaryDir dir;
    const QString node = dir.filePath(u"two-pools.xml"_s);
    QFile file(node);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("<node>\n"
               "  <pool type='dir'><name>default</name><target><path>/default</path></target></pool>\n"
               "  <pool type='dir'><name>fast-pool</name><target><path>/fast-pool</path></target></pool>\n"
               "</node>\n");
    file.close();

    WizardState state;
    Inventory inventory;
    VmInfo vm;
    vm.name = u"dp"_s;
    for (int i = 0; i < 2; ++i) {
        DiskInfo disk;
        disk.label = u"Hard disk %1"_s.arg(i + 1);
        disk.capacity = 1ll << 30;
        vm.disks << disk;
    }
    inventory.vms << vm;
    state.setInventory(inventory, {});
    state.plan().vmNames = {vm.name};
    state.plan().diskPools = {{u"dp/1"_s, u"default"_s}}; // same as the main pool: dropped

    TargetPage page(&state);
    page.initializePage();
    auto *table = page.findChild<QTableWidget *>(u"diskPools"_s);
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 2);
    QVERIFY(!table->isEnabled()); // directory target first

    page.findChild<QRadioButton *>(u"targetOther"_s)->click();
    auto *uri = page.findChild<QLineEdit *>(u"targetUri"_s);
    uri->setText(u"test://"_s + node);
    Q_EMIT uri->editingFinished();
    QTRY_VERIFY_WITH_TIMEOUT(page.isComplete(), 10000);
    QVERIFY(table->isEnabled());
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, 1)->text(), u"Hard disk 2"_s);
    auto *second = page.findChild<QComboBox *>(u"diskPool_dp/2"_s);
    QVERIFY(second);
    QCOMPARE(second->currentIndex(), 0); // "(same as above)"
    second->setCurrentIndex(second->findData(u"fast-pool"_s));
    QVERIFY(page.validatePage());
    QCOMPARE(state.plan().storagePool, u"default"_s);
    const QMap<QString, QString> expected{{u"dp/2"_s, u"fast-pool"_s}};
    QCOMPARE(state.plan().diskPools, expected);

    page.findChild<QRadioButton *>(u"targetDirectoryChoice"_s)->click();
    QVERIFY(!table->isEnabled());
    QVERIFY(page.validatePage());
    QVERIFY(state.plan().diskPools.isEmpty());
}

QTEST_MAIN(TestTargetPage)
#include "tst_targetpage.moc"
