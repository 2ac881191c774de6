// What ferry-cli prints for programs and people to read, against a real ferry-lab:
// --progress json is JSON Lines, --json output ends in a newline, a password inside
// --source is echoed nowhere, and a password file others can read gets one warning.
#include "testsupport.h"
#include "vsphere/labsource.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

// Not the lab's password: only what the test puts into the address.
const QString urlSecret = u"UrlSecret-7f3a"_s;
const QString permissionWarning = u"is readable by other users"_s;

} // namespace

class TestCliOutput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void progressJsonIsJsonLines();
    void jsonOutputEndsInNewline_data();
    void jsonOutputEndsInNewline();
    void passwordInSourceIsNotEchoed_data();
    void passwordInSourceIsNotEchoed();
    void readablePasswordFileWarns_data();
    void readablePasswordFileWarns();

private:
    ProcessResult cli(const QStringList &arguments,
                      const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment()) const;
    QStringList credentials() const;

    std::unique_ptr<LabSource> m_lab;
    SourceEndpoint m_endpoint;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCliOutput::initTestCase()
{
    m_lab = std::make_unique<LabSource>();
    m_lab->setProgram(QStringLiteral(FERRY_LAB_PATH));
    m_lab->setDataDirectory(sharedLabDataDir());
    auto started = m_lab->startAndWait(600000);
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
    m_endpoint = *started;
}

void TestCliOutput::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestCliOutput::cleanup()
{
    // Only the test's lab may remain: ferry-cli's own lab (a grandchild) ends with it.
    QTRY_VERIFY_WITH_TIMEOUT(childPids().size() <= 1, 5000);
    const QList<qint64> children = childPids();
    if (children.size() == 1)
        QCOMPARE(children.first(), m_lab->processId());
}

ProcessResult TestCliOutput::cli(const QStringList &arguments, const QProcessEnvironment &environment) const
{
    return runProcess(QStringLiteral(FERRY_CLI_PATH), arguments, environment, 300000);
}

// User, 0600 password file and pinned fingerprint for the test's lab, without --source.
QStringList TestCliOutput::credentials() const
{
    return {u"--user"_s,          m_endpoint.user,
            u"--password-file"_s, writeSecretFile(m_dir->path(), m_endpoint.password),
            u"--fingerprint"_s,   m_endpoint.trust.pinnedFingerprint()};
}

void TestCliOutput::progressJsonIsJsonLines()
{
    // "--source lab" uses $XDG_CACHE_HOME/ferry-lab: the shared lab data, built once.
    const QString cache = m_dir->filePath(u"cache"_s);
    QVERIFY(QDir().mkpath(cache));
    QVERIFY(QFile::link(sharedLabDataDir(), cache + u"/ferry-lab"_s));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_CACHE_HOME"_s, cache);
    const ProcessResult result = cli({u"migrate"_s, u"--source"_s, u"lab"_s, u"--vm"_s, u"boot-bios"_s, u"--no-inspect"_s, u"--target"_s,
                                      u"dir:"_s + m_dir->filePath(u"out"_s), u"--progress"_s, u"json"_s},
                                     environment);
    QVERIFY2(result.exitCode == 0, result.err.constData());

    // Read as a consumer of JSON Lines does: line by line, each one object on its own.
    QVERIFY2(result.out.endsWith('\n'), result.out.right(200).constData());
    const QList<QByteArray> lines = result.out.chopped(1).split('\n');
    QStringList events;
    for (const QByteArray &line : lines) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line, &error);
        QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(),
                 qPrintable(error.errorString() + u": "_s + QString::fromUtf8(line.left(300))));
        events << document.object().value(u"event"_s).toString();
    }
    QVERIFY2(events.size() >= 2, qPrintable(events.join(u',')));
    QVERIFY2(events.contains(u"vm-finished"_s), qPrintable(events.join(u',')));
    QVERIFY(!events.contains(QString()));
}

void TestCliOutput::jsonOutputEndsInNewline_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("inventory") << QStringList{u"inventory"_s};
    QTest::newRow("netcheck") << QStringList{u"netcheck"_s, u"--checks"_s, u"http"_s};
}

void TestCliOutput::jsonOutputEndsInNewline()
{
    QFETCH(QStringList, arguments);
    const ProcessResult result = cli(arguments + QStringList{u"--source"_s, m_endpoint.url.toString(), u"--json"_s} + credentials());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY2(result.out.endsWith("}\n"), result.out.right(200).constData());
    QVERIFY(QJsonDocument::fromJson(result.out).isObject());
}

void TestCliOutput::passwordInSourceIsNotEchoed_data()
{
    const QString host = u"%1:%2"_s.arg(m_endpoint.url.host()).arg(m_endpoint.url.port(443));
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("json");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("json") << u"https://root:%1@%2/"_s.arg(urlSecret, host) << true << 0;
    QTest::newRow("text") << u"https://root:%1@%2/"_s.arg(urlSecret, host) << false << 0;
    QTest::newRow("no scheme, json") << u"root:%1@%2"_s.arg(urlSecret, host) << true << 0;
    QTest::newRow("invalid address") << u"https://root:%1@%2:notaport/"_s.arg(urlSecret, host) << false << 2;
}

void TestCliOutput::passwordInSourceIsNotEchoed()
{
    QFETCH(QString, source);
    QFETCH(bool, json);
    QFETCH(int, exitCode);
    QStringList arguments{u"netcheck"_s, u"--checks"_s, u"http"_s, u"--source"_s, source};
    if (json)
        arguments << u"--json"_s;
    const ProcessResult result = cli(arguments + credentials());
    QVERIFY2(result.exitCode == exitCode, result.err.constData());
    const QByteArray all = result.out + result.err;
    QVERIFY2(!all.contains(urlSecret.toUtf8()), all.constData());
    if (json) {
        const QString echoed = QJsonDocument::fromJson(result.out).object().value(u"source"_s).toString();
        QVERIFY2(echoed.startsWith(u"https://root@"_s + m_endpoint.url.host()), qPrintable(echoed));
    } else {
        QVERIFY2(all.contains(exitCode == 0 ? "[PASS]" : "--source must be"), all.constData());
    }
}

void TestCliOutput::readablePasswordFileWarns_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("warns");
    QTest::newRow("0600") << 0600 << false;
    QTest::newRow("0400") << 0400 << false;
    QTest::newRow("0640") << 0640 << true;
    QTest::newRow("0644") << 0644 << true;
    QTest::newRow("0604") << 0604 << true;
}

void TestCliOutput::readablePasswordFileWarns()
{
    QFETCH(int, mode);
    QFETCH(bool, warns);
    QStringList arguments = credentials();
    const QString file = arguments.at(arguments.indexOf(u"--password-file"_s) + 1);
    QCOMPARE(::chmod(QFile::encodeName(file).constData(), mode_t(mode)), 0);
    const ProcessResult result = cli(QStringList{u"inventory"_s, u"--json"_s, u"--source"_s, m_endpoint.url.toString()} + arguments);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QList<QByteArray> warnings = result.err.split('\n');
    warnings.removeIf([](const QByteArray &line) { return !line.contains(permissionWarning.toUtf8()); });
    QCOMPARE(warnings.size(), warns ? 1 : 0);
    if (warns)
        QVERIFY2(warnings.first().contains(file.toUtf8()) && warnings.first().contains("chmod 600"), warnings.first().constData());
}

QTEST_GUILESS_MAIN(TestCliOutput)
#include "tst_clioutput.moc"
