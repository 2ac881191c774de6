// The whole wizard, page by page, as an admin clicks through it: the built-in lab as
// source, tiny-linux-bios selected, an output directory as target, the network check
// and its recommendation applied, the plan saved as a profile, the copy run to the end
// and checked byte for byte; then the saved profile opened again in a new wizard.
//
// With FERRY_SCREENSHOT_DIR set (tests/gui/take-screenshots.sh runs it under Xvfb), each
// page is also saved as a PNG for the README and the AppStream metadata.
#include "fixtures/support/testsupport.h"
#include "pages/startpage.h"
#include "pages/summarypage.h"
#include "plan/profilefile.h"
#include "vsphere/labsource.h"
#include "widgets/throughputchart.h"
#include "wizard/ferrywizard.h"
#include "wizard/pageid.h"
#include "wizard/translations.h"
#include "wizard/wizardstate.h"

#include <QAbstractButton>
#include <QAbstractItemModel>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

constexpr int labTimeoutMs = 300000;
const QString vmName = u"tiny-linux-bios"_s;

template<typename T>
T *child(QWidget *page, const QString &name)
{
    T *widget = page->findChild<T *>(name);
    if (!widget)
        qFatal("no widget named %s on %s", qPrintable(name), qPrintable(page->objectName()));
    return widget;
}

void prepareLab(FerryWizard &wizard)
{
    LabSource *lab = wizard.state()->lab();
    lab->setProgram(QStringLiteral(FERRY_LAB_PATH));
    lab->setDataDirectory(Test::sharedLabDataDir());
}

} // namespace

class TestWizard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void migrateThroughEveryPage();
    void savedProfileFillsTheWizard();
    void cleanupTestCase();

private:
    void screenshot(FerryWizard &wizard, const QString &name);
    void connectToLab(FerryWizard &wizard);

    QTemporaryDir m_dir;
    QString m_profile;
};

void TestWizard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    // English plural forms ("1 disk"), as the application installs them.
    QVERIFY(Translations::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
    QVERIFY(m_dir.isValid());
    m_profile = m_dir.filePath(u"lab-profile.json"_s);
}

void TestWizard::screenshot(FerryWizard &wizard, const QString &name)
{
    const QString directory = qEnvironmentVariable("FERRY_SCREENSHOT_DIR");
    if (directory.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(wizard.grab().save(directory + u'/' + name + u".png"_s));
}

void TestWizard::connectToLab(FerryWizard &wizard)
{
    QWizardPage *source = wizard.currentPage();
    QCOMPARE(wizard.currentId(), int(SourcePageId));
    child<QRadioButton>(source, u"labRadio"_s)->click();
    child<QPushButton>(source, u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(source->isComplete(), labTimeoutMs);
    QVERIFY(wizard.state()->hasInventory());
    QVERIFY(wizard.state()->isLab());
}

void TestWizard::migrateThroughEveryPage()
{
    FerryWizard wizard;
    prepareLab(wizard);
    wizard.resize(1100, 780);
    wizard.show();
    QCOMPARE(wizard.currentId(), int(StartPageId));
    screenshot(wizard, u"1-start"_s);
    QVERIFY(wizard.currentPage()->isComplete()); // "new migration" is the default
    wizard.next();

    connectToLab(wizard);
    screenshot(wizard, u"2-source"_s);
    wizard.next();

    QCOMPARE(wizard.currentId(), int(VmsPageId));
    QWizardPage *vms = wizard.currentPage();
    QAbstractItemModel *model = child<QTableView>(vms, u"vmTable"_s)->model();
    QVERIFY(model->rowCount() >= 5);
    QVERIFY(!vms->isComplete()); // nothing selected yet
    child<QLineEdit>(vms, u"filterEdit"_s)->setText(vmName);
    QTRY_COMPARE(model->rowCount(), 1);
    QVERIFY(model->setData(model->index(0, 0), Qt::Checked, Qt::CheckStateRole));
    QTRY_VERIFY(vms->isComplete());
    child<QLineEdit>(vms, u"filterEdit"_s)->clear(); // the selection stays
    QTRY_VERIFY(model->rowCount() >= 5);
    QVERIFY(vms->isComplete());
    screenshot(wizard, u"3-vms"_s);
    wizard.next();
    QCOMPARE(wizard.state()->plan().vmNames, QStringList{vmName});

    QCOMPARE(wizard.currentId(), int(TargetPageId));
    QWizardPage *target = wizard.currentPage();
    const QString output = m_dir.filePath(u"out"_s);
    child<QRadioButton>(target, u"targetDirectoryChoice"_s)->click();
    child<QLineEdit>(target, u"targetDirectory"_s)->setText(output);
    QTRY_VERIFY(target->isComplete()); // checked off the GUI thread after a typing pause
    screenshot(wizard, u"4-target"_s);
    wizard.next();
    QCOMPARE(wizard.state()->plan().target.path, output);

    QCOMPARE(wizard.currentId(), int(TuningPageId));
    QWizardPage *tuning = wizard.currentPage();
    QCOMPARE(child<QSpinBox>(tuning, u"connections"_s)->value(), 0); // auto until a network check advises
    QCOMPARE(child<QSpinBox>(tuning, u"connections"_s)->text(), u"Auto"_s);
    auto *check = child<QPushButton>(tuning, u"checkNetwork"_s);
    check->click();
    QVERIFY(!check->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(check->isEnabled(), 120000);
    auto *results = child<QTreeWidget>(tuning, u"checkResults"_s);
    QVERIFY2(results->topLevelItemCount() >= 4, qPrintable(child<QLabel>(tuning, u"checkStatus"_s)->text()));
    auto *apply = child<QPushButton>(tuning, u"applyRecommendation"_s);
    QVERIFY(apply->isVisible());
    apply->click();
    const int recommended = child<QSpinBox>(tuning, u"connections"_s)->value();
    QVERIFY(recommended >= 1 && recommended <= 16);
    QVERIFY(!wizard.state()->measuredRates().isEmpty());
    screenshot(wizard, u"5-tuning"_s);
    wizard.next();
    QCOMPARE(wizard.state()->plan().transfer.connections, recommended);
    QVERIFY(!wizard.state()->plan().transfer.autoConnections);

    QCOMPARE(wizard.currentId(), int(SummaryPageId));
    auto *summary = qobject_cast<SummaryPage *>(wizard.currentPage());
    QVERIFY(summary);
    QVERIFY(summary->planText().contains(vmName));
    QVERIFY(summary->planText().contains(output));
    child<QCheckBox>(summary, u"verify"_s)->setChecked(true);
    QVERIFY(wizard.state()->plan().verify);
    QVERIFY(summary->saveProfileTo(m_profile));
    const QByteArray profileBytes = [&] {
        QFile file(m_profile);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    QVERIFY(profileBytes.contains(vmName.toUtf8()));
    QVERIFY(profileBytes.contains("\"lab\""));
    // A lab profile names no host, so no password could leak here; tst_profile and
    // tst_migrateprofile check host profiles for secrets.
    screenshot(wizard, u"6-summary"_s);
    wizard.next(); // the commit page: the copy starts

    QCOMPARE(wizard.currentId(), int(ProgressPageId));
    QWizardPage *progress = wizard.currentPage();
    QVERIFY(child<ThroughputChart>(progress, u"throughputChart"_s));
    QTRY_VERIFY_WITH_TIMEOUT(progress->isComplete(), labTimeoutMs);
    screenshot(wizard, u"7-progress"_s);
    wizard.next();

    QCOMPARE(wizard.currentId(), int(DonePageId));
    screenshot(wizard, u"8-done"_s);
    const QList<MigrationReport> reports = wizard.state()->reports();
    QCOMPARE(reports.size(), 1);
    const MigrationReport &report = reports.first();
    QVERIFY2(report.ok(), qPrintable(report.error ? report.error->message() : QString()));
    QCOMPARE(report.disks.size(), 1);
    QVERIFY(report.disks.first().verified);
    QCOMPARE(Test::fileSha256(report.disks.first().target), report.disks.first().sha256);
    QVERIFY(QFile::exists(output + u'/' + vmName + u'/' + vmName + u".xml"_s));
    QVERIFY(QFile::exists(wizard.state()->reportPaths().first()));
    QCOMPARE(child<QTreeWidget>(wizard.currentPage(), u"resultsTree"_s)->topLevelItemCount(), 1);
}

void TestWizard::savedProfileFillsTheWizard()
{
    QVERIFY(QFile::exists(m_profile));
    FerryWizard wizard;
    prepareLab(wizard);
    wizard.show();
    // The profile saved by the previous test is the most recent one.
    auto *recent = child<QListWidget>(wizard.currentPage(), u"recentProfiles"_s);
    QCOMPARE(recent->count(), 1);
    recent->setCurrentRow(0);
    QVERIFY(child<QRadioButton>(wizard.currentPage(), u"openProfile"_s)->isChecked());
    wizard.next();
    QCOMPARE(wizard.state()->profilePath(), m_profile);
    QCOMPARE(wizard.state()->plan().vmNames, QStringList{vmName});
    QVERIFY(wizard.state()->plan().verify);
    QVERIFY(wizard.state()->isLab());
    QVERIFY(child<QRadioButton>(wizard.currentPage(), u"labRadio"_s)->isChecked());
    child<QPushButton>(wizard.currentPage(), u"connectButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.currentPage()->isComplete(), labTimeoutMs);
    wizard.next();
    QVERIFY(wizard.currentPage()->isComplete()); // the profile's VM is selected again
    wizard.next();
    QCOMPARE(child<QLineEdit>(wizard.currentPage(), u"targetDirectory"_s)->text(), m_dir.filePath(u"out"_s));

    // A corrupt profile is refused on the start page with one line.
    QFile corrupt(m_dir.filePath(u"corrupt.json"_s));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("{ \"format\": \"ferry-profile\", ");
    corrupt.close();
    FerryWizard second;
    second.show();
    auto *start = second.currentPage();
    qobject_cast<StartPage *>(start)->selectProfile(corrupt.fileName());
    second.next();
    QCOMPARE(second.currentId(), int(StartPageId));
    QVERIFY(child<QLabel>(start, u"startError"_s)->text().contains(u"corrupt.json"_s));
}

void TestWizard::cleanupTestCase()
{
    QTRY_VERIFY_WITH_TIMEOUT(Test::childPids().isEmpty(), 10000);
}

QTEST_MAIN(TestWizard)
#include "tst_wizard.moc"
