// A profile with "trust": "insecure" never turns verification off on its own: the
// source page asks first. No verifies as usual (the lab's certificate is then asked
// about), Yes connects without verification.
#include "fixtures/support/testsupport.h"
#include "pages/startpage.h"
#include "vsphere/labsource.h"
#include "widgets/fingerprintdialog.h"
#include "wizard/ferrywizard.h"
#include "wizard/pageid.h"
#include "wizard/wizardstate.h"

#include <QAbstractButton>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestWizardTrust : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void insecureProfileAsksFirst();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<LabSource> m_lab;
    SourceEndpoint m_endpoint;
};

void TestWizardTrust::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_lab = std::make_unique<LabSource>();
    m_lab->setProgram(QStringLiteral(FERRY_LAB_PATH));
    m_lab->setDataDirectory(Test::sharedLabDataDir());
    auto started = m_lab->startAndWait(600000);
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
    m_endpoint = *started;
}

void TestWizardTrust::insecureProfileAsksFirst()
{
    const QJsonObject profile{
        {u"format"_s, u"ferry-profile"_s},
        {u"version"_s, 1},
        {u"source"_s,
         QJsonObject{
             {u"kind"_s, u"host"_s}, {u"url"_s, m_endpoint.url.toString()}, {u"user"_s, m_endpoint.user}, {u"trust"_s, u"insecure"_s}}},
        {u"vms"_s, QJsonArray{u"tiny-linux-bios"_s}},
        {u"target"_s, QString(u"dir:"_s + m_dir.filePath(u"out"_s))},
    };
    QFile file(m_dir.filePath(u"insecure.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(profile).toJson());
    file.close();

    FerryWizard wizard;
    wizard.show();
    qobject_cast<StartPage *>(wizard.currentPage())->selectProfile(file.fileName());
    wizard.next();
    QCOMPARE(wizard.currentId(), int(SourcePageId));
    QWizardPage *source = wizard.currentPage();
    source->findChild<QLineEdit *>(u"passwordEdit"_s)->setText(m_endpoint.password);
    const auto question = [&] { return wizard.findChild<QMessageBox *>(u"insecureTrustQuestion"_s); };

    // No: the certificate is verified, and the lab's self-signed one is asked about.
    source->findChild<QPushButton *>(u"connectButton"_s)->click();
    QTRY_VERIFY(question());
    QVERIFY(question()->text().contains(m_endpoint.url.host()));
    QVERIFY(!wizard.state()->hasInventory());
    question()->button(QMessageBox::No)->click();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.findChild<FingerprintDialog *>(), 30000);
    wizard.findChild<FingerprintDialog *>()->reject();
    QVERIFY(!wizard.state()->hasInventory());

    // Yes: connected without verification, as the profile asked.
    QTRY_VERIFY(!question());
    source->findChild<QPushButton *>(u"connectButton"_s)->click();
    QTRY_VERIFY(question());
    question()->button(QMessageBox::Yes)->click();
    QTRY_VERIFY_WITH_TIMEOUT(source->isComplete(), 60000);
    QVERIFY(wizard.state()->hasInventory());
}

void TestWizardTrust::cleanupTestCase()
{
    m_lab.reset();
    QTRY_VERIFY_WITH_TIMEOUT(Test::childPids().isEmpty(), 10000);
}

QTEST_MAIN(TestWizardTrust)
#include "tst_wizardtrust.moc"
