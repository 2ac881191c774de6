// Details of the wizard's pages an admin meets, offscreen and without a source:
// - the Done page lists how each domain was built (disk bus, NIC model, firmware,
//   machine type: the report's decisions) and the run's warnings;
// - connecting to another source drops a profile's consent about powered-on VMs
//   (allow_powered_on, shutdown_source); the same source keeps it;
// - without a system keyring, editing the host and user never shows a keyring error
//   (reading is only an offer); the reason is in the Remember checkbox's tooltip;
// - window titles leave "Ferry" to Qt, which appends the display name once.
#include "pages/donepage.h"
#include "pages/sourcepage.h"
#include "widgets/aboutdialog.h"
#include "wizard/ferrywizard.h"
#include "wizard/pageid.h"
#include "wizard/translations.h"
#include "wizard/wizardstate.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>
#include <QWizard>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestWizardPages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // No Secret Service to answer: as on a server without a desktop session.
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        // English plural forms, as the program installs them ("1 decision", "3 decisions").
        QVERIFY(Translations::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
    }

    void donePageShowsDecisionsAndWarnings()
    {
        QWizard wizard;
        auto *state = new WizardState(&wizard);
        state->plan().target = *TargetSpec::parse(u"qemu:///system"_s);
        MigrationReport report;
        report.vm = u"web01"_s;
        report.domainXml = u"web01"_s;
        report.decisions << u"Hard disk 1 (pvscsi 0:0, 10 GiB) -> vda on virtio (guest has virtio drivers), boot order 1"_s
                         << u"Network adapter 1 (vmxnet3) on \"VM Network\" -> network default, model virtio (guest has virtio-net)"_s
                         << u"BIOS firmware (SeaBIOS) on machine q35, as on the source"_s;
        report.warnings << u"web01 is a template; the copy becomes a normal domain"_s
                        << u"guest inspection skipped: the first disk is not reachable as a local file"_s;
        Finding template_;
        template_.severity = Finding::Severity::Warning;
        template_.message = report.warnings.first();
        report.findings << template_;
        state->addReport(report, QString());
        auto *done = new DonePage(state);
        wizard.setPage(DonePageId, done);
        wizard.show();
        auto *tree = done->findChild<QTreeWidget *>(u"resultsTree"_s);
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem *vm = tree->topLevelItem(0);
        QTreeWidgetItem *decisions = nullptr;
        QStringList warnings;
        for (int i = 0; i < vm->childCount(); ++i) {
            if (vm->child(i)->text(0) == u"Domain built with")
                decisions = vm->child(i);
            if (vm->child(i)->text(0) == u"Warning")
                warnings << vm->child(i)->text(2);
        }
        QVERIFY(decisions);
        QCOMPARE(decisions->text(2), u"3 decisions"_s);
        QCOMPARE(decisions->childCount(), 3);
        QVERIFY(decisions->child(0)->text(2).contains(u"virtio"_s));
        QVERIFY(decisions->child(2)->text(2).contains(u"machine q35"_s));
        // The template warning is a preflight finding (listed once, as a finding).
        QCOMPARE(warnings,
                 (QStringList{u"guest inspection skipped: the first disk is not reachable as a local file"_s,
                              u"web01 is a template; the copy becomes a normal domain"_s}));
    }

    void anotherSourceDropsPoweredOnConsent()
    {
        WizardState state;
        SourceEndpoint first;
        first.url = QUrl(u"https://esxi1.example.com/sdk"_s);
        first.user = u"root"_s;
        state.setSource(first, false);
        state.plan().allowCrashConsistent = true; // as a profile for esxi1 says
        state.plan().shutdownSource = true;
        SourceEndpoint same = first;
        same.url = QUrl(u"https://ESXI1.example.com:443/sdk"_s);
        same.user = u"administrator"_s;
        state.setSource(same, false);
        QVERIFY(state.plan().allowCrashConsistent);
        QVERIFY(state.plan().shutdownSource);
        SourceEndpoint other = first;
        other.url = QUrl(u"https://esxi2.example.com/sdk"_s);
        state.setSource(other, false);
        QVERIFY(!state.plan().allowCrashConsistent);
        QVERIFY(!state.plan().shutdownSource);
        state.plan().allowCrashConsistent = true;
        state.setSource(SourceEndpoint{}, true); // the lab is another source too
        QVERIFY(!state.plan().allowCrashConsistent);
    }

    void windowTitlesNameFerryOnce()
    {
        // Qt appends the display name ("Ferry") to every window title itself.
        QApplication::setApplicationDisplayName(u"Ferry"_s);
        FerryWizard wizard;
        QVERIFY2(!wizard.windowTitle().contains(u"Ferry"_s), qPrintable(wizard.windowTitle()));
        AboutDialog about;
        QVERIFY2(!about.windowTitle().contains(u"Ferry"_s), qPrintable(about.windowTitle()));
        QVERIFY(!about.windowTitle().isEmpty());
    }

    void hostEditsShowNoKeyringError()
    {
        QWizard wizard;
        auto *state = new WizardState(&wizard);
        auto *source = new SourcePage(state);
        wizard.setPage(SourcePageId, source);
        wizard.show();
        auto *host = source->findChild<QLineEdit *>(u"hostEdit"_s);
        auto *user = source->findChild<QLineEdit *>(u"userEdit"_s);
        auto *notice = source->findChild<QLabel *>(u"noticeLabel"_s);
        auto *remember = source->findChild<QCheckBox *>(u"rememberCheck"_s);
        const QString tooltip = remember->toolTip();
        for (const QString &name : {u"esxi1"_s, u"esxi2.example.com"_s, u"10.0.0.5:8443"_s}) {
            host->setText(name);
            Q_EMIT host->editingFinished(); // reads the keyring for user@host
            user->setText(u"root"_s);
            Q_EMIT user->editingFinished();
        }
        // Every read has answered once the tooltip names why (or the keyring answered).
        QTRY_VERIFY_WITH_TIMEOUT(remember->toolTip() != tooltip, 10000);
        QTest::qWait(300);
        QVERIFY2(notice->isHidden() || notice->text().isEmpty(), qPrintable(notice->text()));
        QVERIFY2(remember->toolTip().count(u"keyring"_s) >= 2, qPrintable(remember->toolTip())); // said once
        QVERIFY(remember->toolTip().count(u'\n') == 1);
    }
};

QTEST_MAIN(TestWizardPages)
#include "tst_wizardpages.moc"
