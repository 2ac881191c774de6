#include "base/bytesize.h"
#include "controllers/migrationcontroller.h"
#include "pages/donepage.h"
#include "pages/progresspage.h"
#include "testsupport.h"
#include "vsphere/inventoryreader.h"
#include "vsphere/labsource.h"
#include "vsphere/soapsession.h"
#include "widgets/throughputchart.h"
#include "wizard/wizardstate.h"

#include <QDesktopServices>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QWizard>

#include <optional>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

const QString kVm = u"tiny-linux-bios"_s;

QString labFlat(const QString &vm)
{
    return sharedLabDataDir() + u"/datastore1/"_s + vm + u'/' + vm + u"-flat.vmdk"_s;
}

int journalChunks(const QString &journal)
{
    QFile file(journal);
    return file.open(QIODevice::ReadOnly) ? int(file.readAll().count("\nchunk ")) : 0;
}

// Cancel asks first (non-modal): answers with the named button of its box.
void cancelAnswering(ProgressPage &page, const QString &button)
{
    page.findChild<QPushButton *>(u"cancelButton"_s)->click();
    QPushButton *answer = nullptr;
    QTRY_VERIFY((answer = page.findChild<QPushButton *>(button)) != nullptr);
    answer->click();
}

} // namespace

// Receives what QDesktopServices::openUrl would hand to the desktop (no xdg-open child).
class UrlCatcher : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public Q_SLOTS:
    void open(const QUrl &url) { urls << url; }
};

class TestProgressPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void fullCopyCompletes();
    void pauseReleasesEverythingAndResumeIsByteExact_data();
    void pauseReleasesEverythingAndResumeIsByteExact();
    void cancelRemovesThePartialDisk();
    void conversionStepAndToolLinesShow();
    void cancelWhilePausedRemovesWhatThePauseKept_data();
    void cancelWhilePausedRemovesWhatThePauseKept();
    void closingMidCopyCancelsAndJoins();
    void rejectingTheWizardCancels();
    void rejectingWhilePausedKeepsThePartialDisk();
    void donePageStartsALibvirtDomainOffTheGuiThread();

private:
    void fillState(WizardState &state, bool inspect, const QString &format = u"raw"_s);
    void waitForBytes(ProgressPage &page, qint64 bytes);
    QString diskPath(const QString &format = u"raw"_s) const;
    void verifyNothingRunning(const ProgressPage &page);

    // The lab caps each connection at 8 MB/s: a 1 GiB copy takes ~16 s at 8 connections,
    // time enough to pause or cancel in the middle.
    LabSource m_lab;
    SourceEndpoint m_endpoint;
    Inventory m_inventory;
    QByteArray m_cookie;
    std::unique_ptr<SoapSession> m_session;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_sourceSha;
};

void TestProgressPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // run records and log files stay out of $HOME
    m_lab.setProgram(QStringLiteral(FERRY_LAB_PATH));
    m_lab.setDataDirectory(sharedLabDataDir());
    m_lab.setExtraArguments({u"--rate-per-connection"_s, u"8000000"_s});
    QSignalSpy ready(&m_lab, &LabSource::ready);
    QSignalSpy failed(&m_lab, &LabSource::failed);
    m_lab.start();
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() + failed.count() > 0, 600000);
    QVERIFY2(failed.isEmpty(), qPrintable(m_lab.stderrTail()));
    m_endpoint = m_lab.endpoint();

    // The inventory as the source page reads it: asynchronously, on this (GUI) thread.
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
    m_sourceSha = fileSha256(labFlat(kVm));
    QVERIFY(!m_sourceSha.isEmpty());
}

void TestProgressPage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestProgressPage::cleanup()
{
    // Only the lab may remain: no qemu-nbd or other child left behind.
    const QList<qint64> children = childPids();
    QVERIFY2(children.size() <= 1, qPrintable(u"children left: %1"_s.arg(children.size())));
    if (children.size() == 1)
        QCOMPARE(children.first(), m_lab.processId());
}

void TestProgressPage::fillState(WizardState &state, bool inspect, const QString &format)
{
    state.setSource(m_endpoint, false);
    state.setInventory(m_inventory, m_cookie);
    MigrationPlan &plan = state.plan();
    plan.vmNames = {kVm};
    auto target = TargetSpec::parse(u"dir:"_s + m_dir->path() + u"/out"_s);
    QVERIFY(target.has_value());
    plan.target = *target;
    plan.transfer.chunkSize = 8 << 20;
    // A fixed count, as the timings above assume (the wizard's Auto is tst_wizard's).
    plan.transfer.autoConnections = false;
    plan.transfer.connections = 8;
    plan.inspect = inspect;
    plan.diskFormat = format;
}

QString TestProgressPage::diskPath(const QString &format) const
{
    return m_dir->path() + u"/out/"_s + kVm + u'/' + kVm + u"-disk1."_s + format;
}

void TestProgressPage::waitForBytes(ProgressPage &page, qint64 bytes)
{
    qint64 done = 0;
    connect(page.controller(), &MigrationController::diskProgressed, &page,
            [&done](const QString &, int, qint64 bytesDone, qint64) { done = bytesDone; });
    QTRY_VERIFY_WITH_TIMEOUT(done >= bytes, 120000);
    disconnect(page.controller(), &MigrationController::diskProgressed, &page, nullptr);
    QVERIFY2(done < QFileInfo(labFlat(kVm)).size(), "the copy ended before it could be interrupted");
}

void TestProgressPage::verifyNothingRunning(const ProgressPage &page)
{
    QVERIFY(!page.controller()->isWorkerRunning());
    const QList<qint64> children = childPids();
    QVERIFY2(children.size() == 1 && children.first() == m_lab.processId(), qPrintable(u"children: %1"_s.arg(children.size())));
}

void TestProgressPage::fullCopyCompletes()
{
    WizardState state;
    fillState(state, true);
    ProgressPage page(&state);
    QSignalSpy complete(&page, &QWizardPage::completeChanged);
    // The VM row's status as each step begins (connected after the page: its slot ran first).
    QStringList statuses;
    connect(page.controller(), &MigrationController::vmStepped, &page, [&](const QString &vm, const QString &step) {
        auto *tree = page.findChild<QTreeWidget *>(u"progressTree"_s);
        statuses << step + u'=' + (vm == kVm && tree->topLevelItemCount() > 0 ? tree->topLevelItem(0)->text(4) : QString());
    });
    page.initializePage();
    QVERIFY(!page.isComplete());
    QTRY_VERIFY_WITH_TIMEOUT(page.isComplete(), 600000);
    QCOMPARE(complete.count(), 1);
    verifyNothingRunning(page);
    // Every step after the copy shows in the VM's row, the conversion too when it ran.
    QVERIFY2(statuses.contains(u"finish=Checking the copy"_s), qPrintable(statuses.join(u", "_s)));
    QVERIFY2(statuses.contains(u"inspect=Inspecting the guest"_s), qPrintable(statuses.join(u", "_s)));
    QVERIFY2(statuses.contains(u"define=Defining the domain"_s), qPrintable(statuses.join(u", "_s)));
    const std::optional<ConversionReport> conversion = state.reports().first().conversion;
    QVERIFY(conversion.has_value());
    if (conversion->result != u"skipped"_s) {
        QVERIFY2(statuses.contains(u"convert=Converting for KVM (virt-v2v)"_s), qPrintable(statuses.join(u", "_s)));
        // virt-v2v's own progress lines reach the log.
        QVERIFY(page.findChild<QPlainTextEdit *>(u"logView"_s)->toPlainText().contains(kVm + u": virt-v2v: "_s));
    } else {
        qWarning("the conversion was skipped (%s): its row status was not seen", qPrintable(conversion->reason));
    }

    QCOMPARE(state.reports().size(), 1);
    const MigrationReport report = state.reports().first();
    QVERIFY2(report.ok(), qPrintable(report.error ? report.error->toString() : QString()));
    QCOMPARE(report.disks.size(), 1);
    QCOMPARE(report.disks.first().sha256, m_sourceSha);
    QCOMPARE(fileSha256(diskPath()), m_sourceSha);
    QVERIFY(report.inspected);
    QCOMPARE(state.reportPaths().first(), m_dir->path() + u"/out/"_s + kVm + u"/report.json"_s);

    auto *chart = page.findChild<ThroughputChart *>(u"throughputChart"_s);
    QVERIFY(chart);
    QVERIFY(!chart->totalPoints().isEmpty()); // the chart received samples
    QCOMPARE(chart->connectionCount(), 8);
    auto *tree = page.findChild<QTreeWidget *>(u"progressTree"_s);
    QCOMPARE(tree->topLevelItemCount(), 1);
    QCOMPARE(tree->topLevelItem(0)->childCount(), 1);
    auto *diskBar = qobject_cast<QProgressBar *>(tree->itemWidget(tree->topLevelItem(0)->child(0), 1));
    QVERIFY(diskBar);
    QCOMPARE(diskBar->value(), diskBar->maximum()); // per-disk progress reached the end
    auto *log = page.findChild<QPlainTextEdit *>(u"logView"_s);
    QVERIFY(log->blockCount() > 1);
    QCOMPARE(log->maximumBlockCount(), 5000);
    QVERIFY(!page.findChild<QPushButton *>(u"pauseButton"_s)->isEnabled());

    // The done page shows the result and opens report.json through the desktop.
    DonePage done(&state);
    done.initializePage();
    auto *results = done.findChild<QTreeWidget *>(u"resultsTree"_s);
    QCOMPARE(results->topLevelItemCount(), 1);
    QCOMPARE(results->topLevelItem(0)->text(0), kVm);
    QVERIFY(results->topLevelItem(0)->childCount() >= 3);                         // disk, domain XML, report
    QVERIFY(!done.findChild<QPushButton *>(u"startDomainButton"_s)->isEnabled()); // dir: target
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(u"file"_s, &catcher, "open");
    done.findChild<QPushButton *>(u"openReportButton"_s)->click();
    done.findChild<QPushButton *>(u"openFolderButton"_s)->click();
    QDesktopServices::unsetUrlHandler(u"file"_s);
    QCOMPARE(catcher.urls.size(), 2);
    QCOMPARE(catcher.urls.at(0), QUrl::fromLocalFile(state.reportPaths().first()));
    QCOMPARE(catcher.urls.at(1), QUrl::fromLocalFile(m_dir->path() + u"/out/"_s + kVm));
}

void TestProgressPage::pauseReleasesEverythingAndResumeIsByteExact_data()
{
    // qcow2 goes through qemu-nbd: the pause must stop it too.
    QTest::addColumn<QString>("format");
    QTest::newRow("raw") << u"raw"_s;
    QTest::newRow("qcow2") << u"qcow2"_s;
}

void TestProgressPage::pauseReleasesEverythingAndResumeIsByteExact()
{
    QFETCH(QString, format);
    constexpr qint64 kRequest = 8 << 20; // fillState's chunk size
    const auto bodyBytes = [this] { return labStats(m_endpoint).value(u"folder_body_bytes"_s).toInteger(); };
    const qint64 capacity = QFileInfo(labFlat(kVm)).size();
    WizardState state;
    fillState(state, false, format);
    ProgressPage page(&state);
    const qint64 start = bodyBytes();
    page.initializePage();
    waitForBytes(page, 200 << 20);
    auto *pause = page.findChild<QPushButton *>(u"pauseButton"_s);
    const qint64 arrived = bodyBytes() - start; // N: what the lab sent before the pause
    pause->click();
    QTRY_COMPARE_WITH_TIMEOUT(page.controller()->state(), MigrationController::State::Paused, 60000);
    verifyNothingRunning(page);
    QVERIFY(!page.isComplete());
    QVERIFY(state.reports().isEmpty()); // a paused VM has no final result
    const QString journal = diskPath(format) + u".ferry-journal"_s;
    QVERIFY(QFile::exists(diskPath(format)));
    QVERIFY(journalChunks(journal) > 0);
    // Issue 17: the pause keeps what arrived (8 requests were in flight, most of them
    // half done), not only whole chunks, and says how much.
    const qint64 kept = page.controller()->pauseKeptBytes();
    QVERIFY2(kept >= arrived - kRequest && kept < capacity, qPrintable(u"kept %1 of %2 bytes that arrived"_s.arg(kept).arg(arrived)));
    QCOMPARE(page.controller()->pauseTotalBytes(), capacity);
    const QString message = page.findChild<QLabel *>(u"overallLabel"_s)->text();
    QVERIFY2(message.startsWith(u"Paused. "_s + formatByteSize(kept) + u" of "_s + formatByteSize(capacity) + u" are kept"_s),
             qPrintable(message));

    QCOMPARE(pause->text(), u"&Resume"_s);
    const qint64 beforeResume = bodyBytes();
    pause->click();
    QTRY_VERIFY_WITH_TIMEOUT(page.isComplete(), 300000);
    verifyNothingRunning(page);
    QCOMPARE(state.reports().size(), 1);
    const MigrationReport report = state.reports().first();
    QVERIFY2(report.ok(), qPrintable(report.error ? report.error->toString() : QString()));
    const DiskReport &disk = report.disks.first();
    // Only what was missing was fetched, and the result is byte-identical to the source.
    const qint64 fetched = bodyBytes() - beforeResume;
    QVERIFY2(fetched <= capacity - arrived + kRequest, qPrintable(u"the resume fetched %1 of %2 bytes"_s.arg(fetched).arg(capacity)));
    QCOMPARE(disk.bytesResumed, kept);
    QCOMPARE(disk.bytesFetched + disk.bytesResumed, disk.capacity);
    QCOMPARE(disk.sha256, m_sourceSha);
    if (format == u"raw") {
        QCOMPARE(fileSha256(diskPath(format)), m_sourceSha);
    } else {
        const ProcessResult compare = runProcess(u"qemu-img"_s,
                                                 {u"compare"_s, u"-f"_s, u"raw"_s, u"-F"_s, u"qcow2"_s, labFlat(kVm), diskPath(format)});
        QVERIFY2(compare.exitCode == 0, compare.out.constData());
    }
    QVERIFY(!QFile::exists(journal));
}

// The lab's guests have no kernel, so their conversion is skipped (fullCopyCompletes sees the
// real finish/inspect/define steps). The convert step and virt-v2v's lines are sent here as
// the controller would send them, during a real copy, then the copy is cancelled.
void TestProgressPage::conversionStepAndToolLinesShow()
{
    WizardState state;
    fillState(state, false);
    ProgressPage page(&state);
    page.initializePage();
    waitForBytes(page, 32 << 20);
    QTreeWidgetItem *row = page.findChild<QTreeWidget *>(u"progressTree"_s)->topLevelItem(0);
    Q_EMIT page.controller()->vmStepped(kVm, u"convert"_s);
    QCOMPARE(row->text(4), u"Converting for KVM (virt-v2v)"_s);
    Q_EMIT page.controller()->logged(kVm + u": virt-v2v: [  12.3] Converting Debian GNU/Linux 12 (bookworm) to run on KVM"_s);
    QVERIFY(page.findChild<QPlainTextEdit *>(u"logView"_s)->toPlainText().contains(u"virt-v2v: [  12.3] Converting Debian"_s));
    cancelAnswering(page, u"cancelDiscardButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(page.isComplete(), 60000);
    verifyNothingRunning(page);
    QVERIFY2(row->text(4).startsWith(u"Cancelled"_s), qPrintable(row->text(4))); // the final result replaces the step
}

void TestProgressPage::cancelRemovesThePartialDisk()
{
    WizardState state;
    fillState(state, false);
    ProgressPage page(&state);
    page.initializePage();
    waitForBytes(page, 100 << 20);
    cancelAnswering(page, u"cancelDiscardButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(page.isComplete(), 60000);
    verifyNothingRunning(page);
    QCOMPARE(page.controller()->failed(), 1);
    QCOMPARE(state.reports().size(), 1);
    const MigrationReport report = state.reports().first();
    QVERIFY(report.error.has_value());
    QCOMPARE(report.error->code(), ErrorCode::Cancelled);
    QVERIFY(!QFile::exists(diskPath()));
    QVERIFY(!QFile::exists(diskPath() + u".ferry-journal"_s));

    // The done page says it was cancelled (not failed), with the one-line reason.
    DonePage done(&state);
    done.initializePage();
    QTreeWidgetItem *item = done.findChild<QTreeWidget *>(u"resultsTree"_s)->topLevelItem(0);
    QCOMPARE(item->text(1), u"Cancelled"_s);
    QCOMPARE(item->text(2), report.error->message());
}

void TestProgressPage::cancelWhilePausedRemovesWhatThePauseKept_data()
{
    QTest::addColumn<bool>("waitForPause");
    QTest::newRow("paused") << true;
    QTest::newRow("still-pausing") << false;
}

void TestProgressPage::cancelWhilePausedRemovesWhatThePauseKept()
{
    QFETCH(bool, waitForPause);
    WizardState state;
    fillState(state, false);
    ProgressPage page(&state);
    page.initializePage();
    waitForBytes(page, 100 << 20);
    page.controller()->pause();
    if (waitForPause) {
        QTRY_COMPARE_WITH_TIMEOUT(page.controller()->state(), MigrationController::State::Paused, 60000);
        QVERIFY(QFile::exists(diskPath()));
    } else {
        QCOMPARE(page.controller()->state(), MigrationController::State::Pausing);
    }
    cancelAnswering(page, u"cancelDiscardButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(page.isComplete(), 60000);
    verifyNothingRunning(page);
    QCOMPARE(state.reports().size(), 1);
    QVERIFY(!state.reports().first().ok());
    QVERIFY(!QFile::exists(diskPath()));
    QVERIFY(!QFile::exists(diskPath() + u".ferry-journal"_s));
}

void TestProgressPage::closingMidCopyCancelsAndJoins()
{
    WizardState state;
    fillState(state, false);
    auto page = std::make_unique<ProgressPage>(&state);
    page->initializePage();
    waitForBytes(*page, 50 << 20);
    page.reset(); // the wizard closes: the controller cancels and waits for its worker
    QCOMPARE(childPids().size(), 1);
    QVERIFY(!QFile::exists(diskPath()));
}

void TestProgressPage::rejectingTheWizardCancels()
{
    WizardState state;
    fillState(state, false);
    QWizard wizard;
    auto *page = new ProgressPage(&state);
    wizard.addPage(page);
    wizard.show(); // QWizard initializes its first page: the copy starts
    waitForBytes(*page, 50 << 20);
    wizard.reject(); // the window's Cancel button or Escape
    QTRY_VERIFY_WITH_TIMEOUT(page->isComplete(), 60000);
    verifyNothingRunning(*page);
    QCOMPARE(state.reports().size(), 1);
    QCOMPARE(state.reports().first().error->code(), ErrorCode::Cancelled);
    QVERIFY(!QFile::exists(diskPath()));
}

void TestProgressPage::rejectingWhilePausedKeepsThePartialDisk()
{
    WizardState state;
    fillState(state, false);
    QWizard wizard;
    auto *page = new ProgressPage(&state);
    wizard.addPage(page);
    wizard.show();
    waitForBytes(*page, 50 << 20);
    // Progress counts bytes as they arrive; the journal only whole chunks: wait for one.
    const QString journal = diskPath() + u".ferry-journal"_s;
    QTRY_VERIFY_WITH_TIMEOUT(journalChunks(journal) > 0, 60000);
    page->findChild<QPushButton *>(u"pauseButton"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(page->controller()->state(), MigrationController::State::Paused, 60000);
    const int kept = journalChunks(journal);
    QVERIFY(kept > 0);
    wizard.reject();
    QCoreApplication::processEvents();
    QCOMPARE(page->controller()->state(), MigrationController::State::Paused);
    verifyNothingRunning(*page);
    QVERIFY(QFile::exists(diskPath()));
    QCOMPARE(journalChunks(journal), kept);
}

void TestProgressPage::donePageStartsALibvirtDomainOffTheGuiThread()
{
    // test:///default holds a domain "test" that already runs: starting it fails, and
    // the failure comes back from the worker thread as one line on the page.
    WizardState state;
    auto target = TargetSpec::parse(u"test:///default"_s);
    QVERIFY(target.has_value());
    state.plan().target = *target;
    MigrationReport report;
    report.vm = u"test"_s;
    report.domainXml = u"test"_s;
    state.addReport(report, QString());
    DonePage done(&state);
    done.initializePage();
    auto *start = done.findChild<QPushButton *>(u"startDomainButton"_s);
    QVERIFY(start->isEnabled());
    QVERIFY(!done.findChild<QPushButton *>(u"openReportButton"_s)->isEnabled()); // no report.json
    QSignalSpy finished(&done, &DonePage::domainStartFinished);
    start->click();
    QVERIFY(!start->isEnabled()); // one start at a time
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(finished.first().at(0).toString(), u"test"_s);
    const QString error = finished.first().at(1).toString();
    QVERIFY(!error.isEmpty());
    QVERIFY(done.findChild<QLabel *>(u"statusLabel"_s)->text().contains(error));
    QTRY_VERIFY(start->isEnabled());
}

QTEST_MAIN(TestProgressPage)
#include "tst_progresspage.moc"
