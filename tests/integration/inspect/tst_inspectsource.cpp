// Inspection before copying: a ferry-lab VM disk read through nbdkit curl over the
// /folder URL (Basic auth or the session cookie, the lab's self-signed certificate
// pinned by fingerprint) must give the same report as the same disk inspected from a
// local copy. Refused credentials and certificates fail cleanly and leave nothing behind.

#include "inspectleaks.h"
#include "testsupport.h"

#include "inspect/inspector.h"
#include "vsphere/labsource.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

const QString kVm = u"tiny-linux-bios"_s;
const QString kFlat = u"tiny-linux-bios/tiny-linux-bios-flat.vmdk"_s;

InspectSource sourceDisk(const SourceEndpoint &endpoint)
{
    return InspectSource::fromSourceDisk(endpoint, u"ha-datacenter"_s, u"datastore1"_s, kFlat);
}

} // namespace

class TestInspectSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void preCopyMatchesLocalCopy();
    void cliUsesTheSessionCookie();
    void refusals_data();
    void refusals();

private:
    std::unique_ptr<LabSource> m_lab;
    SourceEndpoint m_endpoint;
    std::unique_ptr<QTemporaryDir> m_dir;
    QJsonObject m_localReport;
    InspectLeaks m_before;
};

void TestInspectSource::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("guest inspection needs root (loop devices and mounts)");
    m_dir = std::make_unique<QTemporaryDir>();
    m_lab = std::make_unique<LabSource>();
    m_lab->setProgram(QStringLiteral(FERRY_LAB_PATH));
    m_lab->setDataDirectory(sharedLabDataDir());
    const auto endpoint = m_lab->startAndWait(600000);
    QVERIFY2(endpoint, endpoint ? "" : qPrintable(endpoint.error().toString()));
    m_endpoint = *endpoint;
    QCOMPARE(m_endpoint.trust.mode(), TlsTrust::Mode::Pinned);
    // The local copy: the very file the lab serves, copied sparsely.
    const QString copy = m_dir->filePath(u"local.img"_s);
    const ProcessResult copied = runProcess(u"cp"_s, {u"--sparse=always"_s, sharedLabDataDir() + u"/guests/tiny-linux-bios.img"_s, copy});
    QVERIFY2(copied.exitCode == 0, copied.err.constData());
    const auto local = Inspector().inspect(InspectSource::fromImage(copy));
    QVERIFY2(local, local ? "" : qPrintable(local.error().toString()));
    m_localReport = local->toJson();
    QCOMPARE(local->os.hostname, kVm);
}

void TestInspectSource::init()
{
    m_before = InspectLeaks::snapshot();
}

void TestInspectSource::cleanup()
{
    QStringList left = InspectLeaks::snapshot().newSince(m_before);
    // The lab is our child for the whole test case; anything else must be gone.
    left.removeIf([this](const QString &item) { return item.contains(QString::number(m_lab->processId())); });
    QVERIFY2(left.isEmpty(), qPrintable(u"left behind: "_s + left.join(u"; "_s)));
}

void TestInspectSource::preCopyMatchesLocalCopy()
{
    const QJsonObject before = labStats(m_endpoint);
    const auto report = Inspector().inspect(sourceDisk(m_endpoint));
    QVERIFY2(report, report ? "" : qPrintable(report.error().toString()));
    QCOMPARE(report->toJson(), m_localReport);
    QCOMPARE(report->os.family, u"linux"_s);
    QVERIFY(report->finding(u"network-vmware-name"_s));
    // The facts came over HTTPS range reads from the lab, not from anywhere else.
    const QJsonObject after = labStats(m_endpoint);
    QVERIFY2(!before.isEmpty() && after != before, qPrintable(QString::fromUtf8(QJsonDocument(after).toJson())));
}

void TestInspectSource::cliUsesTheSessionCookie()
{
    QStringList arguments{u"inspect"_s};
    arguments << sourceArguments(m_endpoint, m_dir->path()) << u"--vm"_s << kVm << u"--json"_s;
    const ProcessResult result = runProcess(QStringLiteral(FERRY_CLI_PATH), arguments);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(QJsonDocument::fromJson(result.out).object(), m_localReport);
    QVERIFY(!result.out.contains(m_endpoint.password.toUtf8()));
    QVERIFY(!result.err.contains(m_endpoint.password.toUtf8()));
}

void TestInspectSource::refusals_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("fingerprint");
    QTest::addColumn<int>("code");
    QTest::newRow("wrong password") << u"not-the-password"_s << QString() << int(ErrorCode::Auth);
    QTest::newRow("wrong fingerprint") << QString() << QString(u"AB"_s).repeated(32) << int(ErrorCode::TrustRefused);
}

void TestInspectSource::refusals()
{
    QFETCH(QString, password);
    QFETCH(QString, fingerprint);
    QFETCH(int, code);
    SourceEndpoint endpoint = m_endpoint;
    if (!password.isEmpty())
        endpoint.password = password;
    if (!fingerprint.isEmpty())
        endpoint.trust = TlsTrust::pinned(fingerprint);
    const auto report = Inspector().inspect(sourceDisk(endpoint));
    QVERIFY(!report);
    QCOMPARE(int(report.error().code()), code);
    if (code == int(ErrorCode::TrustRefused)) // names the certificate the server really has
        QCOMPARE(report.error().details(), m_endpoint.trust.pinnedFingerprint());
    QVERIFY(!report.error().toString().contains(password.isEmpty() ? m_endpoint.password : password));
}

QTEST_GUILESS_MAIN(TestInspectSource)
#include "tst_inspectsource.moc"
