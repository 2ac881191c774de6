// TargetPage against the libvirt test driver (no daemon) and real directories:
// - the "Disk pools" table: filled from a node with two pools, disabled for directory
//   targets, and only rows that differ from the main pool reach plan().diskPools;
// - an output directory on first show is never probed as a libvirt URI, and a late
//   libvirt answer for a choice no longer current is not shown;
// - a connection without storage pools says why Next is disabled and creates the
//   "default" directory pool; an inactive network is warned about;
// - an unusable output directory (/proc/x) is refused; per-VM folders of an earlier run
//   are shown with Resume / Overwrite (asked first) / Skip;
// - the directory is checked off the GUI thread: a path on a hung mount (nbdfuse with
//   its daemon stopped) never freezes the window, and its late answer is dropped;
// - at the wizard's minimum size the tables keep a readable height (the page scrolls).

#include "controllers/targetprobe.h"
#include "pages/targetpage.h"
#include "wizard/ferrywizard.h"
#include "wizard/pageid.h"
#include "wizard/wizardstate.h"

#include <libvirt/libvirt.h>

#include <csignal>

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestTargetPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void diskPoolsTable();
    void directoryIsNotProbedAsLibvirt();
    void lateLibvirtAnswerIsIgnored();
    void emptyPoolListSaysWhyAndCreatesDefault();
    void unusableDirectoryIsRefused();
    void existingFoldersOfferResumeOverwriteSkip();
    void wizardShowsWhyNextIsDisabled();
    void hungMountDoesNotFreezeTheWindow();
    void tablesKeepTheirHeightInASmallWindow();
};

namespace {

WizardState *stateWithOneVm(QObject *parent, const QString &name = u"dp"_s)
{
    auto *state = new WizardState(parent);
    Inventory inventory;
    VmInfo vm;
    vm.name = name;
    DiskInfo disk;
    disk.label = u"Hard disk 1"_s;
    disk.capacity = 1ll << 30;
    vm.disks << disk;
    inventory.vms << vm;
    state->setInventory(inventory, {});
    state->plan().vmNames = {vm.name};
    return state;
}

QString statusText(const TargetPage &page)
{
    return page.findChild<QLabel *>(u"targetStatus"_s)->text();
}

// Answers the next modal message box (validatePage asks with exec()) with the button
// whose text contains `answer`.
void answerModalBox(const QString &objectName, const QString &answer, bool *seen)
{
    QTimer::singleShot(50, [objectName, answer, seen] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box->objectName() != objectName)
            return;
        *seen = true;
        for (QAbstractButton *button : box->buttons()) {
            if (button->text().remove(u'&').contains(answer))
                button->click();
        }
    });
}

} // namespace

void TestTargetPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

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
    QTRY_VERIFY(page.isComplete()); // the directory is checked off the GUI thread
    QVERIFY(page.validatePage());
    QVERIFY(state.plan().diskPools.isEmpty());
}

void TestTargetPage::directoryIsNotProbedAsLibvirt()
{
    // A fresh launch: no target in the plan, the default ~/ferry-out.
    WizardState *state = stateWithOneVm(this);
    TargetPage page(state);
    page.initializePage();
    QVERIFY(!page.findChild<TargetProbe *>()->isRunning()); // nothing asked libvirt about "dir:"
    QTest::qWait(1500);                                     // an answer would have come by now
    QVERIFY2(!statusText(page).contains(u"libvirt"_s) && !statusText(page).contains(u"Cannot"_s), qPrintable(statusText(page)));
    QTRY_VERIFY(page.isComplete());
    QVERIFY(page.incompleteReason().isEmpty());
}

void TestTargetPage::lateLibvirtAnswerIsIgnored()
{
    WizardState *state = stateWithOneVm(this);
    QTemporaryDir dir;
    state->plan().target = *TargetSpec::parse(u"dir:"_s + dir.path());
    TargetPage page(state);
    page.initializePage();
    // Ask a libvirt connection that fails, and go back to the directory before it answers.
    page.findChild<QRadioButton *>(u"targetOther"_s)->click();
    auto *uri = page.findChild<QLineEdit *>(u"targetUri"_s);
    uri->setText(u"test:///no/such/node.xml"_s);
    Q_EMIT uri->editingFinished();
    page.findChild<QRadioButton *>(u"targetDirectoryChoice"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!page.findChild<TargetProbe *>()->isRunning(), 10000);
    QCoreApplication::processEvents();
    QVERIFY2(!statusText(page).contains(u"Cannot"_s), qPrintable(statusText(page)));
    QTRY_VERIFY(page.isComplete());
}

void TestTargetPage::emptyPoolListSaysWhyAndCreatesDefault()
{
    // test:///default is shared by every connection of this process while one is open:
    // ours removes its pool and stops its network, as on a fresh Debian server.
    virConnectPtr conn = virConnectOpen("test:///default");
    QVERIFY(conn);
    const auto closeConnection = qScopeGuard([conn] { virConnectClose(conn); });
    virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "default-pool");
    QVERIFY(pool);
    QCOMPARE(virStoragePoolDestroy(pool), 0);
    QCOMPARE(virStoragePoolUndefine(pool), 0);
    virStoragePoolFree(pool);
    virNetworkPtr network = virNetworkLookupByName(conn, "default");
    QVERIFY(network);
    QCOMPARE(virNetworkDestroy(network), 0);
    virNetworkFree(network);

    WizardState *state = stateWithOneVm(this);
    VmInfo vm = state->inventory().vms.first();
    NicInfo nic;
    nic.network = u"VM Network"_s;
    vm.nics << nic;
    Inventory inventory;
    inventory.vms << vm;
    state->setInventory(inventory, {});
    TargetPage page(state);
    page.initializePage();
    page.findChild<QRadioButton *>(u"targetOther"_s)->click();
    auto *uri = page.findChild<QLineEdit *>(u"targetUri"_s);
    uri->setText(u"test:///default"_s);
    Q_EMIT uri->editingFinished();
    QTRY_VERIFY_WITH_TIMEOUT(statusText(page).contains(u"no storage pool"_s), 10000);
    QVERIFY(!page.isComplete());
    QVERIFY2(page.incompleteReason().contains(u"no storage pool"_s), qPrintable(page.incompleteReason()));
    auto *create = page.findChild<QPushButton *>(u"createPoolButton"_s);
    QVERIFY(!create->isHidden());
    create->click();
    QTRY_VERIFY_WITH_TIMEOUT(page.isComplete(), 10000);
    QVERIFY(create->isHidden());
    auto *pools = page.findChild<QComboBox *>(u"storagePool"_s);
    QCOMPARE(pools->currentData().toString(), u"default"_s);
    // Created as virt-manager does: a persistent, running directory pool.
    virStoragePoolPtr created = virStoragePoolLookupByName(conn, "default");
    QVERIFY(created);
    QCOMPARE(virStoragePoolIsActive(created), 1);
    QCOMPARE(virStoragePoolIsPersistent(created), 1);
    const QString xml = QString::fromUtf8(virStoragePoolGetXMLDesc(created, 0));
    QVERIFY2(xml.contains(u"<path>/var/lib/libvirt/images</path>"_s), qPrintable(xml));
    virStoragePoolFree(created);
    // The only network is inactive: the page warns that the domain will not start.
    QVERIFY2(page.findChild<QLabel *>(u"networkWarning"_s)->text().contains(u"not active"_s),
             qPrintable(page.findChild<QLabel *>(u"networkWarning"_s)->text()));
}

void TestTargetPage::unusableDirectoryIsRefused()
{
    WizardState *state = stateWithOneVm(this);
    TargetPage page(state);
    page.initializePage();
    page.findChild<QRadioButton *>(u"targetDirectoryChoice"_s)->click();
    auto *directory = page.findChild<QLineEdit *>(u"targetDirectory"_s);
    directory->setText(u"/proc/x"_s);
    QVERIFY(!page.isComplete());
    QTRY_VERIFY2(page.incompleteReason().contains(u"/proc"_s), qPrintable(page.incompleteReason()));
    QVERIFY2(statusText(page).contains(u"Cannot use /proc/x"_s), qPrintable(statusText(page)));
    QVERIFY(!page.isComplete());
    QVERIFY(!page.validatePage());

    QTemporaryDir dir;
    directory->setText(dir.filePath(u"new/out"_s)); // not there yet: its parent decides
    QTRY_VERIFY(page.isComplete());
    QVERIFY(page.findChild<QLabel *>(u"spaceNote"_s)->text().contains(u"free here"_s));
    QVERIFY(!page.findChild<QLabel *>(u"spaceNote"_s)->text().contains(u" 0 B"_s));
    QVERIFY(page.validatePage());
    QVERIFY(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty()); // the probe is gone
}

void TestTargetPage::existingFoldersOfferResumeOverwriteSkip()
{
    WizardState *state = stateWithOneVm(this);
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(u"dp"_s)));
    QFile journal(dir.filePath(u"dp/dp-disk1.raw.ferry-journal"_s));
    QVERIFY(journal.open(QIODevice::WriteOnly));
    journal.write("ferry-journal 1\n");
    journal.close();
    state->plan().target = *TargetSpec::parse(u"dir:"_s + dir.path());
    TargetPage page(state);
    page.initializePage();
    auto *table = page.findChild<QTableWidget *>(u"existingFolders"_s);
    QTRY_VERIFY(!table->isHidden());
    QCOMPARE(table->rowCount(), 1);
    QVERIFY(table->item(0, 1)->text().contains(u"unfinished"_s));
    auto *action = page.findChild<QComboBox *>(u"existingAction_dp"_s);
    QVERIFY(action);
    QCOMPARE(action->currentIndex(), 0); // Resume first for an unfinished copy
    QVERIFY(page.validatePage());
    QVERIFY(state->plan().resume);
    QCOMPARE(state->plan().vmNames, QStringList{u"dp"_s});

    // Skipping the only VM leaves nothing to do: refused.
    action->setCurrentIndex(2);
    QVERIFY(!page.validatePage());
    QVERIFY(statusText(page).contains(u"skipped"_s));

    // Overwrite asks; "Keep the files" keeps them and stays on the page.
    action->setCurrentIndex(1);
    bool asked = false;
    answerModalBox(u"confirmOverwriteBox"_s, u"Keep the files"_s, &asked);
    QVERIFY(!page.validatePage());
    QVERIFY(asked);
    QVERIFY(journal.exists());
    asked = false;
    answerModalBox(u"confirmOverwriteBox"_s, u"Delete and overwrite"_s, &asked);
    QVERIFY(page.validatePage());
    QVERIFY(asked);
    QVERIFY(!journal.exists());
    QVERIFY(!state->plan().resume);
}

void TestTargetPage::wizardShowsWhyNextIsDisabled()
{
    FerryWizard wizard;
    wizard.show();
    QCOMPARE(wizard.currentId(), int(StartPageId));
    auto *reason = wizard.findChild<QAbstractButton *>(u"nextReason"_s);
    QVERIFY(reason);
    QTRY_VERIFY(reason->text().isEmpty()); // the start page is complete
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SourcePageId));
    QTRY_VERIFY(!reason->text().isEmpty()); // not connected yet
    QVERIFY(reason->isVisible());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    QVERIFY(!wizard.windowTitle().contains(u"Ferry"_s)); // Qt appends the display name once
}

namespace {

bool isMounted(const QString &path)
{
    QFile mounts(u"/proc/self/mounts"_s);
    return mounts.open(QIODevice::ReadOnly) && QString::fromUtf8(mounts.readAll()).contains(u' ' + path + u' ');
}

} // namespace

void TestTargetPage::hungMountDoesNotFreezeTheWindow()
{
    // A real hung mount: an nbdfuse FUSE file system whose daemon is stopped (SIGSTOP),
    // as a dead NFS server looks to a program: every lookup below it blocks.
    if (!QFile::exists(u"/dev/fuse"_s) || QStandardPaths::findExecutable(u"nbdfuse"_s).isEmpty()
        || QStandardPaths::findExecutable(u"nbdkit"_s).isEmpty() || QStandardPaths::findExecutable(u"fusermount3"_s).isEmpty())
        QSKIP("needs /dev/fuse, nbdfuse, nbdkit and fusermount3");
    QTemporaryDir dir;
    const QString mount = dir.filePath(u"mnt"_s);
    QVERIFY(QDir().mkpath(mount));
    QProcess fuse;
    fuse.start(u"nbdfuse"_s, {mount, u"--command"_s, u"nbdkit"_s, u"-s"_s, u"memory"_s, u"1M"_s});
    QVERIFY(fuse.waitForStarted());
    const qint64 pid = fuse.processId();
    const auto cleanup = qScopeGuard([&] {
        ::kill(pid_t(pid), SIGCONT);
        QProcess::execute(u"fusermount3"_s, {u"-u"_s, mount});
        fuse.waitForFinished(10000);
    });
    QTRY_VERIFY_WITH_TIMEOUT(isMounted(mount), 10000);

    WizardState *state = stateWithOneVm(this);
    QTemporaryDir good;
    state->plan().target = *TargetSpec::parse(u"dir:"_s + good.path());
    TargetPage page(state);
    page.initializePage();
    QTRY_VERIFY(page.isComplete());
    QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);

    // Typing a path below the hung mount, key by key: no keystroke waits for it.
    auto *directory = page.findChild<QLineEdit *>(u"targetDirectory"_s);
    QElapsedTimer typing;
    typing.start();
    directory->setText(mount + u"/o"_s);
    QTest::keyClicks(directory, u"ut"_s);
    QCOMPARE(directory->text(), mount + u"/out"_s);
    QVERIFY2(typing.elapsed() < 1000, qPrintable(QString::number(typing.elapsed())));
    QVERIFY(!page.isComplete());
    QVERIFY2(page.incompleteReason().contains(u"Checking"_s), qPrintable(page.incompleteReason()));
    // The event loop keeps running while the check hangs, and the page says what it waits for.
    QTRY_VERIFY_WITH_TIMEOUT(statusText(page).contains(u"does not answer"_s), 8000);
    QElapsedTimer loop;
    loop.start();
    QTest::qWait(100);
    QVERIFY2(loop.elapsed() < 1000, qPrintable(QString::number(loop.elapsed())));
    QVERIFY(!page.isComplete());

    // Another directory answers at once; the hung one's late answer changes nothing.
    directory->setText(good.path());
    QTRY_VERIFY(page.isComplete());
    QCOMPARE(::kill(pid_t(pid), SIGCONT), 0);
    QTest::qWait(1000);
    QVERIFY(page.isComplete());
    QVERIFY2(!statusText(page).contains(u"mnt"_s), qPrintable(statusText(page)));
}

void TestTargetPage::tablesKeepTheirHeightInASmallWindow()
{
    auto *state = new WizardState(this);
    Inventory inventory;
    VmInfo vm;
    vm.name = u"big"_s;
    for (int i = 1; i <= 6; ++i) {
        DiskInfo disk;
        disk.label = u"Hard disk %1"_s.arg(i);
        disk.capacity = 1ll << 30;
        vm.disks << disk;
        NicInfo nic;
        nic.network = u"VLAN %1"_s.arg(i);
        vm.nics << nic;
    }
    inventory.vms << vm;
    state->setInventory(inventory, {});
    state->plan().vmNames = {vm.name};
    QTemporaryDir dir;
    state->plan().target = *TargetSpec::parse(u"dir:"_s + dir.path());
    QWizard wizard;
    wizard.setWizardStyle(QWizard::ModernStyle);
    auto *page = new TargetPage(state);
    wizard.setPage(TargetPageId, page);
    wizard.resize(820, 600); // FerryWizard's minimum size
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QTRY_VERIFY(page->isComplete());
    for (const QString &name : {u"networkMap"_s, u"diskPools"_s}) {
        const auto *table = page->findChild<QTableWidget *>(name);
        QVERIFY2(table->height() >= 90, qPrintable(u"%1: %2 px"_s.arg(name).arg(table->height())));
    }
    // The page scrolls instead.
    QVERIFY(page->findChild<QScrollArea *>(u"targetScroll"_s)->verticalScrollBar()->maximum() > 0);
}

QTEST_MAIN(TestTargetPage)
#include "tst_targetpage.moc"
