// The source page's "OVA/OVF file": the file picker chooses an OVA built by
// tests/fixtures/ova/make-ova.sh, the package is read off the GUI thread and its VM is
// listed on the next page; a refused package shows its one-line reason and stays incomplete.
#include "fixtures/support/testsupport.h"
#include "wizard/ferrywizard.h"
#include "wizard/pageid.h"
#include "wizard/wizardstate.h"

#include <QAbstractItemModel>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

template<typename T>
T *child(QWidget *page, const QString &name)
{
    T *widget = page->findChild<T *>(name);
    if (!widget)
        qFatal("no widget named %s on %s", qPrintable(name), qPrintable(page->objectName()));
    return widget;
}

} // namespace

class TestWizardOva : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pickedOvaListsItsVm();
    void refusedPackageSaysWhy();

private:
    QTemporaryDir m_root;
};

void TestWizardOva::initTestCase()
{
    QVERIFY(m_root.isValid());
    const QString fixtures = QStringLiteral(FERRY_SOURCE_DIR "/tests/fixtures");
    const auto guests = Test::runProcess(u"bash"_s, {fixtures + u"/guests/make-lab-guests.sh"_s, m_root.path() + u"/guests"_s});
    QVERIFY2(guests.exitCode == 0, guests.err.constData());
    const auto packages = Test::runProcess(u"bash"_s,
                                           {fixtures + u"/ova/make-ova.sh"_s, m_root.path() + u"/guests"_s, m_root.path() + u"/ova"_s});
    QVERIFY2(packages.exitCode == 0, packages.err.constData());
}

void TestWizardOva::pickedOvaListsItsVm()
{
    FerryWizard wizard;
    wizard.resize(1000, 700);
    wizard.show();
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SourcePageId));
    QWizardPage *source = wizard.currentPage();
    child<QRadioButton>(source, u"packageRadio"_s)->click();
    QVERIFY(child<QLineEdit>(source, u"packageEdit"_s)->isEnabled());
    QVERIFY(!source->isComplete());

    // The picker is window-modal and asynchronous; choosing a file connects at once.
    child<QPushButton>(source, u"browseButton"_s)->click();
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = source->findChild<QFileDialog *>(u"packageDialog"_s)) != nullptr);
    const QString path = m_root.path() + u"/ova/vsphere-efi.ova"_s;
    dialog->selectFile(path);
    QMetaObject::invokeMethod(dialog, "accept"); // protected, but a slot
    QCOMPARE(child<QLineEdit>(source, u"packageEdit"_s)->text(), path);
    QTRY_VERIFY_WITH_TIMEOUT(source->isComplete(), 60000);
    QVERIFY(!wizard.state()->isLab());
    QCOMPARE(wizard.state()->endpoint().url, QUrl::fromLocalFile(path));
    QVERIFY(child<QLabel>(source, u"statusLabel"_s)->text().contains(u"vsphere-efi.ova"_s));

    wizard.next();
    QCOMPARE(wizard.currentId(), int(VmsPageId));
    QAbstractItemModel *model = child<QTableView>(wizard.currentPage(), u"vmTable"_s)->model();
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 1).data().toString(), u"vsphere-efi"_s); // column 0 is the check box
    QVERIFY(wizard.state()->inventory().vms.first().firmware == Firmware::Efi);
}

void TestWizardOva::refusedPackageSaysWhy()
{
    FerryWizard wizard;
    wizard.show();
    wizard.next();
    QWizardPage *source = wizard.currentPage();
    child<QRadioButton>(source, u"packageRadio"_s)->click();
    child<QLineEdit>(source, u"packageEdit"_s)->setText(m_root.path() + u"/ova/bad/traversal.ova"_s);
    child<QPushButton>(source, u"connectButton"_s)->click();
    QLabel *status = child<QLabel>(source, u"statusLabel"_s);
    QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(u"escape.vmdk"_s), 60000);
    QVERIFY(!source->isComplete());
    QVERIFY(!wizard.state()->hasInventory());
}

QTEST_MAIN(TestWizardOva)
#include "tst_wizardova.moc"
