// The wizard's cutover and conversion choices, offscreen and without a source: a
// powered-on VM's blocker in words (no raw API value, no command-line option) and the
// "Shut down powered-on VMs before copying" checkbox -> plan().shutdownSource; the
// Summary's "Convert guests for KVM" checkbox -> plan().convert, the virtio-win path ->
// plan().virtioWin (checked, remembered in QSettings, saved in a profile), and what the
// Summary says happens to the source VMs; the Summary's boot check timeout ->
// plan().bootTimeoutSeconds (and its profile), and what the plan text names: the source's
// port, what is created under which name, and the VMs' warnings.
#include "models/vmtablemodel.h"
#include "pages/summarypage.h"
#include "pages/vmspage.h"
#include "plan/profilefile.h"
#include "wizard/pageid.h"
#include "wizard/wizardstate.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QWizard>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

VmInfo vmInfo(const QString &name, PowerState power)
{
    VmInfo vm;
    vm.name = name;
    vm.moref = u"vm-"_s + name;
    vm.powerState = power;
    vm.guestId = u"debian12_64Guest"_s;
    DiskInfo disk;
    disk.label = u"Hard disk 1"_s;
    disk.fileName = u"[ds] %1/%1.vmdk"_s.arg(name);
    disk.datastore = u"ds"_s;
    disk.path = u"%1/%1.vmdk"_s.arg(name);
    disk.capacity = 1 << 30;
    vm.disks << disk;
    return vm;
}

struct Fixture
{
    Fixture()
        : wizard(std::make_unique<QWizard>())
        , state(new WizardState(wizard.get()))
        , vms(new VmsPage(state))
        , summary(new SummaryPage(state))
    {
        Inventory inventory;
        inventory.vms << vmInfo(u"off01"_s, PowerState::PoweredOff) << vmInfo(u"web01"_s, PowerState::PoweredOn)
                      << vmInfo(u"sleepy"_s, PowerState::Suspended);
        state->setInventory(inventory, {});
        auto target = TargetSpec::parse(u"dir:/tmp/ferry-out"_s);
        state->plan().target = *target;
        wizard->setPage(VmsPageId, vms);
        wizard->setPage(SummaryPageId, summary);
        wizard->setStartId(VmsPageId);
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

    void select(const QStringList &names)
    {
        auto *model = vms->findChild<VmTableModel *>();
        QList<int> rows;
        for (const QString &name : names)
            rows << model->rowOf(name);
        model->setSelected(rows, true);
    }

    std::unique_ptr<QWizard> wizard;
    WizardState *state;
    VmsPage *vms;
    SummaryPage *summary;
};

// A file with an ISO 9660 primary volume descriptor, as virtio-win.iso has.
QString writeIso(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    QByteArray data(32768 + 2048, '\0');
    data[32768] = 1;
    data.replace(32769, 5, "CD001");
    file.write(data);
    return path;
}

} // namespace

class TestCutoverOptions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    }

    void poweredOnBlockerOffersTheCheckboxes()
    {
        Fixture f;
        f.wizard->restart();
        f.select({u"web01"_s});
        const QString blocked = f.child<QLabel>(u"selectionLabel"_s)->text();
        QVERIFY2(blocked.contains(u"is powered on"_s), qPrintable(blocked));
        QVERIFY2(!blocked.contains(u"poweredOn"_s) && !blocked.contains(u"--"_s), qPrintable(blocked));
        QVERIFY2(blocked.contains(u"Shut down powered-on VMs before copying"_s), qPrintable(blocked));
        QVERIFY(!f.vms->isComplete());

        auto *shutdown = f.child<QCheckBox>(u"shutdownSourceCheck"_s);
        shutdown->setChecked(true);
        QVERIFY(f.vms->isComplete());
        QVERIFY(f.state->plan().shutdownSource);
        QVERIFY(!f.state->plan().allowCrashConsistent);
        QCOMPARE(f.state->plan().vmNames, QStringList{u"web01"_s});
        // A suspended VM is not shut down: it still blocks, with its own way out.
        f.select({u"sleepy"_s});
        QVERIFY(!f.vms->isComplete());
        const QString suspended = f.child<QLabel>(u"selectionLabel"_s)->text();
        QVERIFY2(suspended.contains(u"suspended"_s) && suspended.contains(u"Copy powered-on VMs anyway"_s), qPrintable(suspended));
        f.child<QCheckBox>(u"crashConsistentCheck"_s)->setChecked(true);
        QVERIFY(f.vms->isComplete());
        shutdown->setChecked(false);
        QVERIFY(!f.state->plan().shutdownSource);
    }

    void summarySaysWhatHappensToTheSource()
    {
        Fixture f;
        f.wizard->restart();
        f.select({u"web01"_s, u"off01"_s});
        f.child<QCheckBox>(u"shutdownSourceCheck"_s)->setChecked(true);
        f.wizard->next();
        QCOMPARE(f.wizard->currentId(), int(SummaryPageId));
        QVERIFY2(f.summary->planText().contains(u"1 powered-on VM(s) are shut down before copying"_s)
                     || f.summary->planText().contains(u"1 powered-on VM is shut down"_s),
                 qPrintable(f.summary->planText()));
        f.wizard->back();
        f.child<QCheckBox>(u"shutdownSourceCheck"_s)->setChecked(false);
        f.child<QCheckBox>(u"crashConsistentCheck"_s)->setChecked(true);
        f.wizard->next();
        QVERIFY2(f.summary->planText().contains(u"crash-consistent"_s), qPrintable(f.summary->planText()));
    }

    void convertAndVirtioWinGoIntoThePlan()
    {
        QSettings().remove(u"conversion/virtioWin"_s);
        Fixture f;
        f.wizard->restart();
        f.select({u"off01"_s});
        f.wizard->next();
        auto *convert = f.child<QCheckBox>(u"convertGuests"_s);
        auto *virtioWin = f.child<QLineEdit>(u"virtioWin"_s);
        QVERIFY(convert->isChecked()); // on by default
        QVERIFY(f.state->plan().convert);
        convert->setChecked(false);
        QVERIFY(!f.state->plan().convert);
        QVERIFY(!virtioWin->isEnabled());
        convert->setChecked(true);
        QVERIFY(virtioWin->isEnabled());
        // Conversion needs the inspection.
        f.child<QCheckBox>(u"inspect"_s)->setChecked(false);
        QVERIFY(!convert->isEnabled());
        f.child<QCheckBox>(u"inspect"_s)->setChecked(true);

        // A path that is no ISO is refused on Start.
        QFile text(m_dir.filePath(u"notes.txt"_s));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not an iso");
        text.close();
        virtioWin->setText(text.fileName());
        QCOMPARE(f.state->plan().virtioWin, text.fileName());
        QVERIFY(!f.summary->validatePage());
        QVERIFY2(f.child<QLabel>(u"summaryStatus"_s)->text().contains(u"not an ISO"_s),
                 qPrintable(f.child<QLabel>(u"summaryStatus"_s)->text()));

        const QString iso = writeIso(m_dir.filePath(u"virtio-win.iso"_s));
        virtioWin->setText(iso);
        QVERIFY(f.summary->planText().contains(u"virtio-win.iso"_s));
        QVERIFY2(f.summary->validatePage(), qPrintable(f.child<QLabel>(u"summaryStatus"_s)->text()));
        QCOMPARE(f.state->plan().virtioWin, iso);
        QCOMPARE(QSettings().value(u"conversion/virtioWin"_s).toString(), iso);
        // The profile keeps both choices.
        const QString profilePath = m_dir.filePath(u"profile.json"_s);
        QVERIFY(f.summary->saveProfileTo(profilePath));
        auto profile = ProfileFile::load(profilePath);
        QVERIFY(profile.has_value());
        QCOMPARE(profile->plan.virtioWin, iso);
        QVERIFY(profile->plan.convert);

        // A new wizard remembers the path.
        Fixture again;
        again.wizard->restart();
        again.select({u"off01"_s});
        again.wizard->next();
        QCOMPARE(again.child<QLineEdit>(u"virtioWin"_s)->text(), iso);
        QCOMPARE(again.state->plan().virtioWin, iso);
    }
    void bootTimeoutGoesIntoThePlanAndProfile()
    {
        Fixture f;
        f.state->plan().target = *TargetSpec::parse(u"qemu:///system"_s);
        f.state->plan().storagePool = u"default"_s;
        f.wizard->restart();
        f.select({u"off01"_s});
        f.wizard->next();
        auto *start = f.child<QCheckBox>(u"startDomains"_s);
        auto *timeout = f.child<QSpinBox>(u"bootTimeout"_s);
        start->setChecked(false);
        QVERIFY(!timeout->isEnabled()); // waits for nothing without a start
        start->setChecked(true);
        QVERIFY(timeout->isEnabled());
        QCOMPARE(timeout->value(), 0); // automatic: 300 s, 900 s under TCG
        QVERIFY(!timeout->specialValueText().isEmpty());
        timeout->setValue(1200);
        QCOMPARE(f.state->plan().bootTimeoutSeconds, 1200);
        QVERIFY2(f.summary->planText().contains(u"20 min"_s), qPrintable(f.summary->planText()));
        const QString profilePath = m_dir.filePath(u"boot-profile.json"_s);
        QVERIFY(f.summary->saveProfileTo(profilePath));
        auto profile = ProfileFile::load(profilePath);
        QVERIFY(profile.has_value());
        QCOMPARE(profile->plan.bootTimeoutSeconds, 1200);
        QVERIFY(profile->plan.startDomain);

        // A profile's value is shown again.
        Fixture again;
        again.state->plan() = profile->plan;
        again.wizard->restart();
        again.select({u"off01"_s});
        again.wizard->next();
        QCOMPARE(again.child<QSpinBox>(u"bootTimeout"_s)->value(), 1200);
    }

    void summaryNamesPortCreatedNamesAndWarnings()
    {
        Fixture f;
        SourceEndpoint endpoint;
        endpoint.url = QUrl(u"https://esxi7.example.com:8443/sdk"_s);
        endpoint.user = u"root"_s;
        f.state->setSource(endpoint, false);
        Inventory inventory = f.state->inventory();
        VmInfo odd = vmInfo(u"a/b"_s, PowerState::PoweredOff);
        odd.disks << odd.disks.first();
        odd.disks.last().label = u"Hard disk 2"_s;
        odd.disks.last().diskMode = u"independent_persistent"_s; // a warning, not a blocker
        inventory.vms << odd;
        f.state->setInventory(inventory, {});
        f.state->plan().target = *TargetSpec::parse(u"qemu:///system"_s);
        f.state->plan().storagePool = u"default"_s;
        f.wizard->restart();
        f.select({u"a/b"_s, u"off01"_s});
        f.wizard->next();
        const QString text = f.summary->planText();
        QVERIFY2(text.contains(u"esxi7.example.com, port 8443, as root"_s), qPrintable(text));
        QVERIFY2(text.contains(u"domain a_b with 2 volume"_s) && text.contains(u"a_b-disk2.raw"_s), qPrintable(text));
        QVERIFY2(text.contains(u"domain off01 with 1 volume"_s) && text.contains(u"off01-disk1.raw"_s), qPrintable(text));
        QVERIFY2(text.contains(u"left as they are"_s), qPrintable(text)); // what happens to the source

        QVERIFY2(text.contains(u"Warnings:"_s) && text.contains(u"independent disk"_s), qPrintable(text));

        f.wizard->back();
        f.state->plan().target = *TargetSpec::parse(u"dir:/srv/out"_s);
        f.wizard->next();
        QVERIFY2(f.summary->planText().contains(u"folder /srv/out/off01"_s), qPrintable(f.summary->planText()));
    }
};

QTEST_MAIN(TestCutoverOptions)
#include "tst_cutoveroptions.moc"
