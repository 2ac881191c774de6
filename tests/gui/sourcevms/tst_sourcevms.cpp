// Wizard pages 2 and 3 against ferry-lab, offscreen: the built-in lab end to end, an
// ESXi-style host with an unknown certificate (refuse, trust, remembered), a wrong
// password, cancel, fields that invalidate the inventory, and the VMs page's
// blockers, crash-consistent option, filter, sort and plan().vmNames.
#include "fixtures/support/testsupport.h"
#include "models/vmtablemodel.h"
#include "pages/sourcepage.h"
#include "pages/vmspage.h"
#include "vsphere/labsource.h"
#include "vsphere/truststore.h"
#include "wizard/pageid.h"
#include "wizard/wizardstate.h"

#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QWizard>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

constexpr int labStartMs = 300000;
constexpr int connectMs = 60000;

// A QWizard with just the two pages under test (and a blank page after them, so
// Next runs VmsPage::validatePage()).
struct WizardFixture
{
    WizardFixture()
        : wizard(std::make_unique<QWizard>())
        , state(new WizardState(wizard.get()))
        , source(new SourcePage(state))
        , vms(new VmsPage(state))
    {
        wizard->setPage(SourcePageId, source);
        wizard->setPage(VmsPageId, vms);
        wizard->setPage(TargetPageId, new QWizardPage);
        wizard->setStartId(SourcePageId);
        wizard->show();
    }

    template<typename T>
    T *child(const QString &name) const
    {
        T *widget = wizard->findChild<T *>(name);
        if (!widget)
            qFatal("no widget %s", qPrintable(name));
        return widget;
    }

    QString status() const { return child<QLabel>(u"statusLabel"_s)->text(); }

    std::unique_ptr<QWizard> wizard;
    WizardState *state;
    SourcePage *source;
    VmsPage *vms;
};

QDialog *visibleFingerprintDialog()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (widget->objectName() == u"fingerprintDialog" && widget->isVisible())
            return qobject_cast<QDialog *>(widget);
    }
    return nullptr;
}

QStringList vmNames(const Inventory &inventory)
{
    QStringList names;
    for (const VmInfo &vm : inventory.vms)
        names << vm.name;
    return names;
}

QStringList inInventoryOrder(const Inventory &inventory, QStringList names)
{
    const QStringList order = vmNames(inventory);
    std::sort(names.begin(), names.end(), [&](const QString &a, const QString &b) { return order.indexOf(a) < order.indexOf(b); });
    return names;
}

} // namespace

class TestSourceVms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void labMissingShowsError();
    void labConnectsEndToEnd();
    void vmsPageBlocksSnapshot();
    void vmsPageRunningNeedsCrashConsistent();
    void vmsPageFilterAndSort();
    void vmsPageWritesPlanOnNext();
    void labChoiceChangeClearsInventory();
    void labStopsWithState();

    void badHostIsRejected();
    void certificateRefused();
    void certificateTrusted();
    void pinnedHostConnectsWithoutDialog();
    void wrongPasswordShowsError();
    void editingFieldClearsInventory();
    void cancelStopsConnecting();
    void profileVmsPreselected();

private:
    void fillHost(WizardFixture &fixture, const QString &password) const;
    QString hostKey() const;

    std::unique_ptr<WizardFixture> m_lab; // the built-in lab path (tests a and c)
    std::unique_ptr<LabSource> m_hostLab; // a lab reached as a plain "ESXi host"
    SourceEndpoint m_host;
};

void TestSourceVms::initTestCase()
{
    // AppConfigLocation moves to ~/.qttest: the TrustStore file is a test file.
    QStandardPaths::setTestModeEnabled(true);
    QFile::remove(TrustStore::defaultPath());
    QVERIFY(Test::childPids().isEmpty());
}

void TestSourceVms::cleanupTestCase()
{
    m_lab.reset();
    m_hostLab.reset();
    QFile::remove(TrustStore::defaultPath());
    QTRY_VERIFY(Test::childPids().isEmpty());
}

void TestSourceVms::labMissingShowsError()
{
    WizardFixture fixture;
    fixture.state->lab()->setProgram(u"/nonexistent/ferry-lab"_s);
    fixture.child<QRadioButton>(u"labRadio"_s)->click();
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY(fixture.status().startsWith(u"Not connected: ferry-lab failed to start"_s));
    QVERIFY(!fixture.source->isComplete());
    QVERIFY(fixture.child<QPushButton>(u"connectButton"_s)->isEnabled());
}

void TestSourceVms::labConnectsEndToEnd()
{
    m_lab = std::make_unique<WizardFixture>();
    LabSource *lab = m_lab->state->lab();
    lab->setProgram(QStringLiteral(FERRY_LAB_PATH));
    lab->setDataDirectory(Test::sharedLabDataDir());
    QCOMPARE(m_lab->wizard->currentId(), int(SourcePageId));
    QVERIFY(!m_lab->source->isComplete());

    m_lab->child<QRadioButton>(u"labRadio"_s)->click();
    QVERIFY(!m_lab->child<QLineEdit>(u"hostEdit"_s)->isEnabled());
    // Cancel while the lab starts stops its process.
    m_lab->child<QPushButton>(u"connectButton"_s)->click();
    QVERIFY(lab->processId() > 0);
    m_lab->child<QPushButton>(u"cancelButton"_s)->click();
    QCOMPARE(lab->processId(), 0);
    QCOMPARE(m_lab->status(), u"Connection cancelled; not connected."_s);
    QTRY_VERIFY(Test::childPids().isEmpty());

    m_lab->child<QPushButton>(u"connectButton"_s)->click();
    QVERIFY(m_lab->child<QPushButton>(u"cancelButton"_s)->isVisible());
    QVERIFY(!m_lab->child<QPushButton>(u"connectButton"_s)->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(m_lab->source->isComplete(), labStartMs);

    QVERIFY(m_lab->state->isLab());
    QVERIFY(m_lab->state->hasInventory());
    QVERIFY(!m_lab->state->sessionCookie().isEmpty());
    const QStringList names = vmNames(m_lab->state->inventory());
    for (const QString &name : {u"tiny-linux-bios"_s, u"tiny-linux-efi"_s, u"multi-disk"_s, u"snapshotted"_s, u"rdm-vm"_s, u"running"_s})
        QVERIFY2(names.contains(name), qPrintable(names.join(u',')));
    QVERIFY(m_lab->status().startsWith(u"Connected to"_s));
    QVERIFY(!visibleFingerprintDialog()); // the lab's certificate comes pinned
    QVERIFY(!m_lab->child<QPushButton>(u"cancelButton"_s)->isVisible());

    m_lab->wizard->next();
    QCOMPARE(m_lab->wizard->currentId(), int(VmsPageId));
}

void TestSourceVms::vmsPageBlocksSnapshot()
{
    QVERIFY(m_lab);
    auto *model = m_lab->wizard->findChild<VmTableModel *>();
    QVERIFY(model);
    QCOMPARE(model->rowCount(), m_lab->state->inventory().vms.size());
    QVERIFY(!m_lab->vms->isComplete()); // nothing selected

    const int row = model->rowOf(u"snapshotted"_s);
    QVERIFY(row >= 0);
    model->setSelected({row}, true);
    QVERIFY(!m_lab->vms->isComplete());
    const QString reason = m_lab->child<QLabel>(u"selectionLabel"_s)->text();
    QVERIFY2(reason.startsWith(u"snapshotted cannot be migrated"_s), qPrintable(reason));
    QVERIFY2(reason.contains(u"delete or consolidate the snapshots"_s), qPrintable(reason));

    // The details area shows the current row's findings with the blocker marked.
    auto *table = m_lab->child<QTableView>(u"vmTable"_s);
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(table->model());
    table->setCurrentIndex(proxy->mapFromSource(model->index(row, VmTableModel::NameColumn)));
    const QString findings = m_lab->child<QTextBrowser>(u"findingsView"_s)->toPlainText();
    QVERIFY2(findings.contains(u"Blocker:"_s) && findings.contains(u"snapshot"_s), qPrintable(findings));

    // Space on the current row toggles its checkbox.
    QTest::keyClick(table, Qt::Key_Space);
    QVERIFY(!model->isSelected(row));
    QTest::keyClick(table, Qt::Key_Space);
    QVERIFY(model->isSelected(row));

    m_lab->child<QPushButton>(u"selectNoneButton"_s)->click();
    QVERIFY(model->selectedNames().isEmpty());
}

void TestSourceVms::vmsPageRunningNeedsCrashConsistent()
{
    QVERIFY(m_lab);
    auto *model = m_lab->wizard->findChild<VmTableModel *>();
    model->setSelected({model->rowOf(u"running"_s), model->rowOf(u"tiny-linux-bios"_s)}, true);
    QVERIFY(!m_lab->vms->isComplete());
    QVERIFY(m_lab->child<QLabel>(u"selectionLabel"_s)->text().startsWith(u"running cannot be migrated"_s));

    auto *crash = m_lab->child<QCheckBox>(u"crashConsistentCheck"_s);
    crash->click();
    QVERIFY(m_lab->vms->isComplete());
    QVERIFY(m_lab->state->plan().allowCrashConsistent);
    crash->click();
    QVERIFY(!m_lab->vms->isComplete());
    crash->click();
    QVERIFY(m_lab->vms->isComplete());
}

void TestSourceVms::vmsPageFilterAndSort()
{
    QVERIFY(m_lab);
    auto *table = m_lab->child<QTableView>(u"vmTable"_s);
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(table->model());
    auto *filter = m_lab->child<QLineEdit>(u"filterEdit"_s);
    QTest::keyClicks(filter, u"TINY"_s);
    QCOMPARE(proxy->rowCount(), 2); // tiny-linux-bios and tiny-linux-efi
    // "Select all shown" selects what the filter shows, keeping other selections.
    m_lab->child<QPushButton>(u"selectAllButton"_s)->click();
    auto *model = m_lab->wizard->findChild<VmTableModel *>();
    QCOMPARE(model->selectedNames(),
             inInventoryOrder(m_lab->state->inventory(), {u"running"_s, u"tiny-linux-bios"_s, u"tiny-linux-efi"_s}));
    filter->clear();
    QCOMPARE(proxy->rowCount(), model->rowCount());

    // Memory sorts by value: multi-disk (4 GiB) is the largest.
    table->sortByColumn(VmTableModel::MemoryColumn, Qt::DescendingOrder);
    QCOMPARE(proxy->index(0, VmTableModel::NameColumn).data().toString(), u"multi-disk"_s);
    table->sortByColumn(VmTableModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(proxy->index(0, VmTableModel::NameColumn).data().toString(), u"boot-bios"_s);
}

void TestSourceVms::vmsPageWritesPlanOnNext()
{
    QVERIFY(m_lab);
    auto *model = m_lab->wizard->findChild<VmTableModel *>();
    model->setSelected({model->rowOf(u"tiny-linux-efi"_s)}, false);
    QVERIFY(m_lab->vms->isComplete());
    m_lab->wizard->next();
    QCOMPARE(m_lab->wizard->currentId(), int(TargetPageId));
    // Inventory order, not the order of clicks or of the sorted table.
    QCOMPARE(m_lab->state->plan().vmNames, inInventoryOrder(m_lab->state->inventory(), {u"tiny-linux-bios"_s, u"running"_s}));
    QVERIFY(m_lab->state->plan().allowCrashConsistent);
    m_lab->wizard->back();
    m_lab->wizard->back();
    QCOMPARE(m_lab->wizard->currentId(), int(SourcePageId));
    QVERIFY(m_lab->source->isComplete()); // back keeps the connection
}

void TestSourceVms::labChoiceChangeClearsInventory()
{
    QVERIFY(m_lab);
    m_lab->child<QRadioButton>(u"esxiRadio"_s)->click();
    QVERIFY(!m_lab->state->hasInventory());
    QVERIFY(!m_lab->source->isComplete());
    // The lab stays up: connecting again is quick.
    m_lab->child<QRadioButton>(u"labRadio"_s)->click();
    m_lab->child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_lab->source->isComplete(), connectMs);
}

void TestSourceVms::labStopsWithState()
{
    QVERIFY(m_lab);
    const qint64 pid = m_lab->state->lab()->processId();
    QVERIFY(pid > 0);
    QVERIFY(Test::childPids().contains(pid));
    m_lab.reset();
    QTRY_VERIFY(!Test::childPids().contains(pid));
}

void TestSourceVms::fillHost(WizardFixture &fixture, const QString &password) const
{
    fixture.child<QRadioButton>(u"esxiRadio"_s)->click();
    auto *host = fixture.child<QLineEdit>(u"hostEdit"_s);
    host->clear();
    QTest::keyClicks(host, u"127.0.0.1:%1"_s.arg(m_host.url.port()));
    auto *user = fixture.child<QLineEdit>(u"userEdit"_s);
    user->clear();
    QTest::keyClicks(user, m_host.user);
    auto *passwordEdit = fixture.child<QLineEdit>(u"passwordEdit"_s);
    QCOMPARE(passwordEdit->echoMode(), QLineEdit::Password);
    passwordEdit->clear();
    QTest::keyClicks(passwordEdit, password);
}

QString TestSourceVms::hostKey() const
{
    return u"127.0.0.1:%1"_s.arg(m_host.url.port());
}

void TestSourceVms::badHostIsRejected()
{
    WizardFixture fixture;
    QTest::keyClicks(fixture.child<QLineEdit>(u"hostEdit"_s), u"http://esxi01"_s);
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    QVERIFY2(fixture.status().contains(u"https"_s), qPrintable(fixture.status()));
    QVERIFY(!fixture.source->isComplete());

    // Start the "ESXi host" for the following tests; blocking is fine in a test.
    m_hostLab = std::make_unique<LabSource>();
    m_hostLab->setProgram(QStringLiteral(FERRY_LAB_PATH));
    m_hostLab->setDataDirectory(Test::sharedLabDataDir());
    const auto endpoint = m_hostLab->startAndWait(labStartMs);
    QVERIFY2(endpoint.has_value(), qPrintable(endpoint ? QString() : endpoint.error().toString()));
    m_host = *endpoint;
}

void TestSourceVms::certificateRefused()
{
    QVERIFY(m_hostLab);
    WizardFixture fixture;
    fillHost(fixture, m_host.password);
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(visibleFingerprintDialog(), connectMs);
    QDialog *dialog = visibleFingerprintDialog();
    const QString shown = dialog->findChild<QLabel *>(u"fingerprintLabel"_s)->text().replace(u'\n', u':');
    QCOMPARE(shown, m_host.trust.pinnedFingerprint());
    QVERIFY(!fixture.source->isComplete());

    dialog->findChild<QPushButton *>(u"refuseButton"_s)->click();
    QTRY_COMPARE(fixture.status(), u"Certificate refused; not connected."_s);
    QVERIFY(!fixture.source->isComplete());
    QVERIFY(!fixture.state->hasInventory());
    TrustStore store;
    QVERIFY(store.load().has_value());
    QVERIFY(store.fingerprint(hostKey()).isEmpty());
}

void TestSourceVms::certificateTrusted()
{
    QVERIFY(m_hostLab);
    WizardFixture fixture;
    fillHost(fixture, m_host.password);
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(visibleFingerprintDialog(), connectMs);
    visibleFingerprintDialog()->findChild<QPushButton *>(u"trustButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(fixture.source->isComplete(), connectMs);

    QVERIFY(!fixture.state->isLab());
    QCOMPARE(fixture.state->endpoint().trust.mode(), TlsTrust::Mode::Pinned);
    QCOMPARE(fixture.state->endpoint().trust.pinnedFingerprint(), m_host.trust.pinnedFingerprint());
    QVERIFY(vmNames(fixture.state->inventory()).contains(u"snapshotted"_s));
    TrustStore store;
    QVERIFY(store.load().has_value());
    QCOMPARE(store.fingerprint(hostKey()), m_host.trust.pinnedFingerprint());
}

void TestSourceVms::pinnedHostConnectsWithoutDialog()
{
    QVERIFY(m_hostLab);
    WizardFixture fixture;
    fillHost(fixture, m_host.password);
    // Only where no keyring can answer: a developer's real keyring must not get the lab's password.
    const bool noKeyring = qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
    fixture.child<QCheckBox>(u"rememberCheck"_s)->setChecked(noKeyring);
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(fixture.source->isComplete() || visibleFingerprintDialog(), connectMs);
    QVERIFY(!visibleFingerprintDialog());
    // Without a Secret Service on D-Bus the keyring write fails: a notice, nothing else.
    if (noKeyring) {
        auto *notice = fixture.child<QLabel>(u"noticeLabel"_s);
        QTRY_VERIFY(!notice->isHidden());
        qInfo() << "keyring notice:" << notice->text();
        QVERIFY2(notice->text().contains(u"keyring"_s) && !notice->text().contains(u'\n'), qPrintable(notice->text()));
        QVERIFY(fixture.source->isComplete());
    }
}

void TestSourceVms::wrongPasswordShowsError()
{
    QVERIFY(m_hostLab);
    WizardFixture fixture;
    fillHost(fixture, u"not-the-password"_s);
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(fixture.status().startsWith(u"Not connected:"_s), connectMs);
    qInfo() << "wrong password:" << fixture.status();
    QVERIFY(!fixture.status().contains(u'\n'));
    QVERIFY(!fixture.source->isComplete());
    QVERIFY(!fixture.state->hasInventory());
    QVERIFY(fixture.child<QPushButton>(u"connectButton"_s)->isEnabled());
}

void TestSourceVms::editingFieldClearsInventory()
{
    QVERIFY(m_hostLab);
    WizardFixture fixture;
    fillHost(fixture, m_host.password);
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(fixture.source->isComplete(), connectMs);
    QTest::keyClicks(fixture.child<QLineEdit>(u"userEdit"_s), u"x"_s);
    QVERIFY(!fixture.source->isComplete());
    QVERIFY(!fixture.state->hasInventory());
    QTest::keyClick(fixture.child<QLineEdit>(u"userEdit"_s), Qt::Key_Backspace);
    QVERIFY(!fixture.source->isComplete()); // same values again, but not connected
}

void TestSourceVms::cancelStopsConnecting()
{
    QVERIFY(m_hostLab);
    WizardFixture fixture;
    fillHost(fixture, m_host.password);
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    auto *cancel = fixture.child<QPushButton>(u"cancelButton"_s);
    QVERIFY(cancel->isVisible());
    QSignalSpy inventories(fixture.state, &WizardState::inventoryChanged);
    cancel->click();
    QCOMPARE(fixture.status(), u"Connection cancelled; not connected."_s);
    QVERIFY(fixture.child<QPushButton>(u"connectButton"_s)->isEnabled());
    QVERIFY(!cancel->isVisible());
    QVERIFY(!fixture.source->isComplete());
    QVERIFY(!fixture.state->hasInventory());
    // Connecting again works, and only that connection delivers an inventory.
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(fixture.source->isComplete(), connectMs);
    QCOMPARE(inventories.size(), 1);
}

void TestSourceVms::profileVmsPreselected()
{
    QVERIFY(m_hostLab);
    WizardFixture fixture;
    // As a profile leaves the state: endpoint without password, VMs by name.
    SourceEndpoint fromProfile{m_host.url, m_host.user, {}, TlsTrust::system()};
    fromProfile.url.setHost(u"127.0.0.1"_s);
    fixture.state->setSource(fromProfile, false);
    fixture.state->plan().vmNames = {u"multi-disk"_s, u"gone-vm"_s};
    fixture.wizard->restart();
    QCOMPARE(fixture.child<QLineEdit>(u"hostEdit"_s)->text(), u"127.0.0.1"_s);
    QCOMPARE(fixture.child<QSpinBox>(u"portSpin"_s)->value(), m_host.url.port());
    QCOMPARE(fixture.child<QLineEdit>(u"userEdit"_s)->text(), m_host.user);
    QTest::keyClicks(fixture.child<QLineEdit>(u"passwordEdit"_s), m_host.password);
    fixture.child<QPushButton>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(fixture.source->isComplete(), connectMs);
    fixture.wizard->next();
    QCOMPARE(fixture.wizard->currentId(), int(VmsPageId));
    auto *model = fixture.wizard->findChild<VmTableModel *>();
    QCOMPARE(model->selectedNames(), QStringList{u"multi-disk"_s});
    auto *notice = fixture.child<QLabel>(u"profileLabel"_s);
    QVERIFY(!notice->isHidden());
    QVERIFY2(notice->text().contains(u"gone-vm"_s), qPrintable(notice->text()));
    QVERIFY(fixture.vms->isComplete());
}

QTEST_MAIN(TestSourceVms)
#include "tst_sourcevms.moc"
