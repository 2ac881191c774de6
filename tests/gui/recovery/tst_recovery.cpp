// Recovery through the GUI only, against a throttled ferry-lab (8 MB/s per connection):
// 1. a copy's per-disk progress moves within a second of the first bytes arriving (not
//    only when a 32 MiB chunk completes) and agrees with the header; Cancel asks, and
//    "keep the copied data" leaves the partial disk and its journal, rows marked;
// 2. a new wizard (a new session) lists that run under "Unfinished migrations" on the
//    start page; resuming it goes through the pages (the target page offers Resume for
//    the folder) and ends byte-exact with the lab's disk, fetching only what was missing.
#include "controllers/migrationcontroller.h"
#include "fixtures/support/testsupport.h"
#include "pages/progresspage.h"
#include "pages/startpage.h"
#include "plan/profilefile.h"
#include "vsphere/inventoryreader.h"
#include "vsphere/labsource.h"
#include "vsphere/soapsession.h"
#include "widgets/fingerprintdialog.h"
#include "wizard/ferrywizard.h"
#include "wizard/pageid.h"
#include "wizard/unfinishedruns.h"
#include "wizard/wizardstate.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <optional>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

const QString kVm = u"tiny-linux-bios"_s;
constexpr int kTimeoutMs = 300000;

QString labFlat()
{
    return Test::sharedLabDataDir() + u"/datastore1/"_s + kVm + u'/' + kVm + u"-flat.vmdk"_s;
}

int journalChunks(const QString &journal)
{
    QFile file(journal);
    return file.open(QIODevice::ReadOnly) ? int(file.readAll().count("\nchunk ")) : 0;
}

} // namespace

class TestRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void progressIsLiveAndCancelKeepsTheData();
    void resumeFromTheStartPageIsByteExact();
    void changePlanAfterACancelledRun();
    void cleanupTestCase();

private:
    QString diskPath() const { return m_dir.path() + u"/out/"_s + kVm + u'/' + kVm + u"-disk1.raw"_s; }

    QTemporaryDir m_dir;
    LabSource m_lab;
    SourceEndpoint m_endpoint;
    Inventory m_inventory;
    QByteArray m_cookie;
    std::unique_ptr<SoapSession> m_session;
};

void TestRecovery::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QDir(UnfinishedRuns::stateDirectory()).removeRecursively();
    QVERIFY(m_dir.isValid());
    m_lab.setProgram(QStringLiteral(FERRY_LAB_PATH));
    m_lab.setDataDirectory(Test::sharedLabDataDir());
    m_lab.setExtraArguments({u"--rate-per-connection"_s, u"8000000"_s});
    auto started = m_lab.startAndWait(600000);
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
    m_endpoint = *started;
    m_session = std::make_unique<SoapSession>(m_endpoint);
    InventoryReader reader(m_session.get());
    std::optional<Result<Inventory>> inventory;
    connect(&reader, &InventoryReader::finished, this, [&](const Result<Inventory> &result) { inventory = result; });
    reader.start();
    QTRY_VERIFY_WITH_TIMEOUT(inventory.has_value(), 60000);
    QVERIFY2(inventory->has_value(), qPrintable(inventory->has_value() ? QString() : inventory->error().toString()));
    m_inventory = **inventory;
    m_cookie = m_session->sessionCookie();
    QVERIFY(m_inventory.findVm(kVm));
}

void TestRecovery::progressIsLiveAndCancelKeepsTheData()
{
    WizardState state;
    state.setSource(m_endpoint, false);
    state.setInventory(m_inventory, m_cookie);
    MigrationPlan &plan = state.plan();
    plan.vmNames = {kVm};
    plan.target = *TargetSpec::parse(u"dir:"_s + m_dir.path() + u"/out"_s);
    plan.inspect = false;
    plan.convert = false;
    // 32 MiB chunks (the default): at 8 MB/s a connection completes its first one after ~4 s.
    plan.transfer.chunkSize = qint64(32) << 20;

    ProgressPage page(&state);
    QElapsedTimer clock;
    qint64 firstDataMs = -1;
    qint64 firstDiskMs = -1;
    ThroughputSample last;
    connect(page.controller(), &MigrationController::sampled, this, [&](const ThroughputSample &sample) {
        last = sample;
        if (firstDataMs < 0 && sample.bytesDone > 0)
            firstDataMs = clock.elapsed();
    });
    connect(page.controller(), &MigrationController::diskProgressed, this, [&](const QString &, int, qint64 done, qint64) {
        if (firstDiskMs < 0 && done > 0)
            firstDiskMs = clock.elapsed();
    });
    clock.start();
    page.initializePage();
    QTRY_VERIFY_WITH_TIMEOUT(firstDiskMs >= 0, 60000);
    QVERIFY(firstDataMs >= 0);
    qInfo("first bytes at %lld ms, first per-disk progress at %lld ms", firstDataMs, firstDiskMs);
    QVERIFY2(firstDiskMs - firstDataMs < 1000, qPrintable(u"per-disk progress came %1 ms after the data"_s.arg(firstDiskMs - firstDataMs)));

    // Mid-copy the disk's bar says what the header says (one disk: the same bytes).
    QTRY_VERIFY_WITH_TIMEOUT(last.bytesDone > (200ll << 20), 60000);
    auto *tree = page.findChild<QTreeWidget *>(u"progressTree"_s);
    QTreeWidgetItem *diskItem = tree->topLevelItem(0)->child(0);
    auto *bar = qobject_cast<QProgressBar *>(tree->itemWidget(diskItem, 1));
    QVERIFY(bar);
    const double header = double(last.bytesDone) / double(last.bytesTotal);
    const double row = double(bar->value()) / bar->maximum();
    QVERIFY2(std::abs(header - row) < 0.05, qPrintable(u"header %1, disk row %2"_s.arg(header).arg(row)));

    // Cancel asks; keeping the data leaves the partial disk and its journal.
    const QString journal = diskPath() + u".ferry-journal"_s;
    QTRY_VERIFY_WITH_TIMEOUT(journalChunks(journal) > 0, 60000);
    page.findChild<QPushButton *>(u"cancelButton"_s)->click();
    QPushButton *keep = nullptr;
    QTRY_VERIFY((keep = page.findChild<QPushButton *>(u"cancelKeepButton"_s)) != nullptr);
    QVERIFY(page.controller()->state() == MigrationController::State::Running); // nothing stopped before the answer
    keep->click();
    QTRY_VERIFY_WITH_TIMEOUT(page.isComplete(), 60000);
    QVERIFY(QFile::exists(diskPath()));
    QVERIFY(journalChunks(journal) > 0);
    QVERIFY2(tree->topLevelItem(0)->text(4).contains(u"kept"_s), qPrintable(tree->topLevelItem(0)->text(4)));
    QVERIFY(diskItem->text(2).isEmpty()); // no stale rate
    QVERIFY(diskItem->text(3).isEmpty()); // no stale time left
    QCOMPARE(state.reports().size(), 1);
    QCOMPARE(state.reports().first().error->code(), ErrorCode::Cancelled);
}

void TestRecovery::resumeFromTheStartPageIsByteExact()
{
    const QString journal = diskPath() + u".ferry-journal"_s;
    QVERIFY2(journalChunks(journal) > 0, "needs the cancelled copy of the previous test");

    FerryWizard wizard; // a new session
    wizard.show();
    QCOMPARE(wizard.currentId(), int(StartPageId));
    auto *unfinished = wizard.currentPage()->findChild<QListWidget *>(u"unfinishedRuns"_s);
    QVERIFY(unfinished);
    QCOMPARE(unfinished->count(), 1);
    QVERIFY(unfinished->item(0)->text().contains(kVm));
    unfinished->setCurrentRow(0);
    QVERIFY(wizard.currentPage()->findChild<QRadioButton *>(u"resumeUnfinished"_s)->isChecked());
    wizard.next();
    QVERIFY(wizard.state()->plan().resume);

    QCOMPARE(wizard.currentId(), int(SourcePageId));
    QWizardPage *source = wizard.currentPage();
    source->findChild<QLineEdit *>(u"passwordEdit"_s)->setText(m_endpoint.password);
    source->findChild<QPushButton *>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(source->isComplete() || wizard.findChild<FingerprintDialog *>(), 60000);
    if (auto *dialog = wizard.findChild<FingerprintDialog *>())
        dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(source->isComplete(), 60000);
    wizard.next();

    QCOMPARE(wizard.currentId(), int(VmsPageId));
    QVERIFY(wizard.currentPage()->isComplete()); // the unfinished VM is selected
    wizard.next();

    QCOMPARE(wizard.currentId(), int(TargetPageId));
    QWizardPage *target = wizard.currentPage();
    QTRY_VERIFY(!target->findChild<QTableWidget *>(u"existingFolders"_s)->isHidden()); // checked off the GUI thread
    auto *action = target->findChild<QComboBox *>(u"existingAction_"_s + kVm);
    QVERIFY(action);
    QVERIFY(action->currentText().startsWith(u"Resume"_s));
    QVERIFY(target->isComplete());
    wizard.next();
    QVERIFY(wizard.state()->plan().resume);

    QCOMPARE(wizard.currentId(), int(TuningPageId));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SummaryPageId));
    wizard.next(); // the copy starts

    QCOMPARE(wizard.currentId(), int(ProgressPageId));
    QTRY_VERIFY_WITH_TIMEOUT(wizard.currentPage()->isComplete(), kTimeoutMs);
    const QList<MigrationReport> reports = wizard.state()->reports();
    QCOMPARE(reports.size(), 1);
    const MigrationReport &report = reports.first();
    QVERIFY2(report.ok(), qPrintable(report.error ? report.error->toString() : QString()));
    QVERIFY(report.disks.first().bytesResumed > 0); // only what was missing was fetched
    QCOMPARE(Test::fileSha256(diskPath()), Test::fileSha256(labFlat()));
    QVERIFY(!QFile::exists(journal));
    QVERIFY(UnfinishedRuns::list().isEmpty());
}

void TestRecovery::changePlanAfterACancelledRun()
{
    // A profile of this lab (pinned certificate, no password) and a fresh output directory.
    const QString output = m_dir.path() + u"/retry"_s;
    Profile profile;
    profile.source = ProfileSource::fromEndpoint(m_endpoint);
    profile.plan.vmNames = {kVm};
    profile.plan.target = *TargetSpec::parse(u"dir:"_s + output);
    profile.plan.inspect = false;
    profile.plan.convert = false;
    const QString profilePath = m_dir.filePath(u"retry.json"_s);
    QVERIFY(ProfileFile::save(profilePath, profile));

    FerryWizard wizard;
    wizard.show();
    qobject_cast<StartPage *>(wizard.currentPage())->selectProfile(profilePath);
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SourcePageId));
    QWizardPage *source = wizard.currentPage();
    source->findChild<QLineEdit *>(u"passwordEdit"_s)->setText(m_endpoint.password);
    source->findChild<QPushButton *>(u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(source->isComplete(), 60000);
    for (int page : {VmsPageId, TargetPageId, TuningPageId, SummaryPageId}) {
        QTRY_VERIFY(wizard.currentPage()->isComplete()); // the target page checks its directory off the GUI thread
        wizard.next();
        QCOMPARE(wizard.currentId(), page);
    }
    wizard.next(); // the copy starts
    QCOMPARE(wizard.currentId(), int(ProgressPageId));
    auto *progress = qobject_cast<ProgressPage *>(wizard.currentPage());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(output + u'/' + kVm + u'/' + kVm + u"-disk1.raw"_s).size() > 0, 60000);
    progress->findChild<QPushButton *>(u"cancelButton"_s)->click();
    QPushButton *discard = nullptr;
    QTRY_VERIFY((discard = progress->findChild<QPushButton *>(u"cancelDiscardButton"_s)) != nullptr);
    discard->click();
    QTRY_VERIFY_WITH_TIMEOUT(progress->isComplete(), 60000);
    wizard.next();

    // Done: the run was cancelled; "Change plan and retry" leads back to the target page.
    QCOMPARE(wizard.currentId(), int(DonePageId));
    auto *change = wizard.currentPage()->findChild<QPushButton *>(u"changePlanButton"_s);
    QVERIFY(change && change->isVisible());
    change->click();
    QCOMPARE(wizard.currentId(), int(TargetPageId));
    QWizardPage *target = wizard.currentPage();
    QTRY_VERIFY(target->isComplete()); // the directory checked again, off the GUI thread
    // What the cancelled run left is listed; overwriting it asks first.
    if (auto *action = target->findChild<QComboBox *>(u"existingAction_"_s + kVm)) {
        action->setCurrentIndex(action->findText(u"Overwrite"_s, Qt::MatchStartsWith));
        QTimer::singleShot(100, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
    }
    QVERIFY(target->isComplete());
    for (int page : {TuningPageId, SummaryPageId, ProgressPageId}) {
        wizard.next();
        QCOMPARE(wizard.currentId(), page);
    }
    QTRY_VERIFY_WITH_TIMEOUT(wizard.currentPage()->isComplete(), kTimeoutMs);
    const QList<MigrationReport> reports = wizard.state()->reports();
    QCOMPARE(reports.size(), 1);
    QVERIFY2(reports.first().ok(), qPrintable(reports.first().error ? reports.first().error->toString() : QString()));
    QCOMPARE(Test::fileSha256(output + u'/' + kVm + u'/' + kVm + u"-disk1.raw"_s), Test::fileSha256(labFlat()));

    // "Migrate more VMs" leads back to the VM list of the same source.
    wizard.next();
    QCOMPARE(wizard.currentId(), int(DonePageId));
    QVERIFY(wizard.currentPage()->findChild<QPushButton *>(u"changePlanButton"_s)->isHidden()); // nothing failed
    wizard.currentPage()->findChild<QPushButton *>(u"migrateMoreButton"_s)->click();
    QCOMPARE(wizard.currentId(), int(VmsPageId));
    QVERIFY(wizard.state()->hasInventory());
}

void TestRecovery::cleanupTestCase()
{
    m_session.reset();
}

QTEST_MAIN(TestRecovery)
#include "tst_recovery.moc"
