// ferry-cli inventory against ferry-vcsim (govmomi's simulator), for an ESXi
// host model and a two-datacenter vCenter model. The expected values come from
// the simulator's own registry (written by the launcher), not from Ferry code.

#include "fixtures/vcsim/vcsimprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Ferry::Test::VcsimProcess;

namespace {

constexpr int cliTimeoutMs = 120000;

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList &arguments, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(FERRY_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForStarted() || !process.waitForFinished(cliTimeoutMs)) {
        process.kill();
        process.waitForFinished(-1);
        run.err = "ferry-cli did not finish: " + process.errorString().toUtf8();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QStringList sourceArguments(const VcsimProcess &vcsim, const QString &passwordFile)
{
    return {u"inventory"_s, u"--source"_s, vcsim.url().toString(), u"--user"_s, vcsim.user(), u"--password-file"_s, passwordFile};
}

// Compares selected keys of two objects; each difference becomes one line.
void compareKeys(const QString &what, const QJsonObject &expected, const QJsonObject &actual, const QStringList &keys,
                 QStringList &problems)
{
    for (const QString &key : keys) {
        if (!actual.contains(key)) {
            problems += u"%1: key '%2' missing"_s.arg(what, key);
            continue;
        }
        const QJsonValue want = expected.value(key);
        const QJsonValue got = actual.value(key);
        // JSON numbers: compare as integers, 64-bit capacities must not go through int.
        const bool same = want.isDouble() && got.isDouble() ? want.toInteger() == got.toInteger() : want == got;
        if (!same) {
            problems += u"%1: %2 expected %3, got %4"_s.arg(
                what, key, QString::fromUtf8(QJsonDocument(QJsonArray{want}).toJson(QJsonDocument::Compact)),
                QString::fromUtf8(QJsonDocument(QJsonArray{got}).toJson(QJsonDocument::Compact)));
        }
    }
}

// Indexes an array of objects by a key built from one or more fields.
QHash<QString, QJsonObject> indexBy(const QJsonArray &array, const QStringList &fields)
{
    QHash<QString, QJsonObject> out;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        QStringList parts;
        for (const QString &field : fields)
            parts += object.value(field).toString();
        out.insert(parts.join(u'|'), object);
    }
    return out;
}

void compareList(const QString &what, const QJsonArray &expected, const QJsonArray &actual, const QStringList &keyFields,
                 const QStringList &compared, QStringList &problems,
                 const std::function<void(const QString &, const QJsonObject &, const QJsonObject &)> &deeper = {})
{
    const auto want = indexBy(expected, keyFields);
    const auto got = indexBy(actual, keyFields);
    if (actual.size() != expected.size())
        problems += u"%1: expected %2 entries, got %3"_s.arg(what).arg(expected.size()).arg(actual.size());
    for (auto it = want.cbegin(); it != want.cend(); ++it) {
        const QString name = u"%1 '%2'"_s.arg(what, it.key());
        if (!got.contains(it.key())) {
            problems += name + u": missing"_s;
            continue;
        }
        compareKeys(name, it.value(), got.value(it.key()), compared, problems);
        if (deeper)
            deeper(name, it.value(), got.value(it.key()));
    }
}

QStringList compareInventory(const QJsonObject &expected, const QJsonObject &actual)
{
    QStringList problems;
    compareKeys(u"host"_s, expected.value(u"host"_s).toObject(), actual.value(u"host"_s).toObject(),
                {u"apiType"_s, u"apiVersion"_s, u"product"_s, u"version"_s, u"build"_s, u"fullName"_s, u"instanceUuid"_s}, problems);
    compareList(u"datacenter"_s, expected.value(u"datacenters"_s).toArray(), actual.value(u"datacenters"_s).toArray(), {u"name"_s},
                {u"name"_s, u"path"_s, u"moref"_s}, problems);
    compareList(u"datastore"_s, expected.value(u"datastores"_s).toArray(), actual.value(u"datastores"_s).toArray(),
                {u"datacenter"_s, u"name"_s}, {u"capacity"_s, u"freeSpace"_s, u"moref"_s, u"url"_s, u"type"_s, u"accessible"_s}, problems);
    compareList(u"network"_s, expected.value(u"networks"_s).toArray(), actual.value(u"networks"_s).toArray(), {u"datacenter"_s, u"name"_s},
                {u"moref"_s, u"distributed"_s, u"portgroupKey"_s}, problems);
    const auto vmDetails = [&problems](const QString &name, const QJsonObject &want, const QJsonObject &got) {
        compareList(name + u" disk"_s, want.value(u"disks"_s).toArray(), got.value(u"disks"_s).toArray(), {u"fileName"_s},
                    {u"key"_s, u"label"_s, u"capacity"_s, u"controllerType"_s, u"controllerBus"_s, u"datastore"_s, u"path"_s, u"thin"_s,
                     u"unitNumber"_s, u"diskMode"_s, u"snapshotDelta"_s},
                    problems);
        compareList(name + u" nic"_s, want.value(u"nics"_s).toArray(), got.value(u"nics"_s).toArray(), {u"macAddress"_s},
                    {u"key"_s, u"label"_s, u"model"_s, u"network"_s, u"addressType"_s, u"portgroupKey"_s}, problems);
    };
    // Keyed by datacenter path and name: the vc model has two VMs of one name (-duplicate-name).
    compareList(u"vm"_s, expected.value(u"vms"_s).toArray(), actual.value(u"vms"_s).toArray(), {u"datacenterPath"_s, u"name"_s},
                {u"moref"_s,      u"datacenter"_s,      u"datacenterPath"_s, u"powerState"_s,      u"guestId"_s,       u"host"_s,
                 u"cluster"_s,    u"folder"_s,          u"numCpu"_s,         u"coresPerSocket"_s,  u"memoryMB"_s,      u"firmware"_s,
                 u"secureBoot"_s, u"changeTracking"_s,  u"snapshotCount"_s,  u"currentSnapshot"_s, u"uuid"_s,          u"instanceUuid"_s,
                 u"vmxPath"_s,    u"hardwareVersion"_s, u"guestFullName"_s,  u"template"_s,        u"committedBytes"_s},
                problems, vmDetails);
    return problems;
}

// "... fingerprint is AB:CD:..." -> "AB:CD:..." (32 colon-separated hex bytes).
QString refusedFingerprint(const QByteArray &stderrText)
{
    static const QRegularExpression pattern(u"fingerprint is ([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31})"_s);
    return pattern.match(QString::fromUtf8(stderrText)).captured(1).toUpper();
}

} // namespace

class TestVcsimInventory : public QObject
{
    Q_OBJECT

private:
    VcsimProcess &vcsim(const QString &model);
    QString fingerprintOf(VcsimProcess &server);
    void addModelRows();

    std::unique_ptr<VcsimProcess> m_esx;
    std::unique_ptr<VcsimProcess> m_vc;
    QList<qint64> m_pids;

private Q_SLOTS:
    void initTestCase();
    void inventoryMatchesSimulator_data();
    void inventoryMatchesSimulator();
    void unknownCertificateRefused_data();
    void unknownCertificateRefused();
    void wrongPasswordRejected_data();
    void wrongPasswordRejected();
    void insecureAccepted_data();
    void insecureAccepted();
    void passwordFromEnvironment();
    void pageSizeOneListsEverything_data();
    void pageSizeOneListsEverything();
    void hierarchyAndSameNamedVms();
    void sameNamedVmRefusedByMigrate();
    void cleanupTestCase();
};

void TestVcsimInventory::initTestCase()
{
    QVERIFY2(QFile::exists(QStringLiteral(FERRY_CLI_PATH)), FERRY_CLI_PATH " is missing");
    m_esx = std::make_unique<VcsimProcess>(VcsimProcess::Model::Esx);
    // Two VMs named alike in two datacenters, the second in VM folder F0/Prod.
    m_vc = std::make_unique<VcsimProcess>(VcsimProcess::Model::Vc, QStringList{u"-duplicate-name"_s});
    for (VcsimProcess *server : {m_esx.get(), m_vc.get()}) {
        const auto started = server->start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
        m_pids += server->pid();
    }
    // The two models the tests rely on: one datacenter for ESX, two (one nested) for VC.
    QCOMPARE(m_esx->expected().value(u"datacenters"_s).toArray().size(), 1);
    QCOMPARE(m_vc->expected().value(u"datacenters"_s).toArray().size(), 2);
    QCOMPARE(m_esx->expected().value(u"host"_s).toObject().value(u"apiType"_s).toString(), u"HostAgent"_s);
    QCOMPARE(m_vc->expected().value(u"host"_s).toObject().value(u"apiType"_s).toString(), u"VirtualCenter"_s);
}

VcsimProcess &TestVcsimInventory::vcsim(const QString &model)
{
    return model == u"esx" ? *m_esx : *m_vc;
}

QString TestVcsimInventory::fingerprintOf(VcsimProcess &server)
{
    const auto presented = server.presentedFingerprint();
    return presented ? *presented : QString();
}

void TestVcsimInventory::addModelRows()
{
    QTest::addColumn<QString>("model");
    QTest::newRow("esx") << u"esx"_s;
    QTest::newRow("vc") << u"vc"_s;
}

void TestVcsimInventory::inventoryMatchesSimulator_data()
{
    addModelRows();
}

void TestVcsimInventory::inventoryMatchesSimulator()
{
    QFETCH(QString, model);
    VcsimProcess &server = vcsim(model);
    const QString fingerprint = fingerprintOf(server);
    QVERIFY(!fingerprint.isEmpty());

    const CliRun run = runCli(sourceArguments(server, server.passwordFile()) + QStringList{u"--fingerprint"_s, fingerprint, u"--json"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // --json: stdout is exactly one JSON document, nothing else.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + u": "_s + QString::fromUtf8(run.out.left(300))));
    QVERIFY(document.isObject());
    QVERIFY2(!run.out.contains(server.password().toUtf8()) && !run.err.contains(server.password().toUtf8()),
             "the password appeared in ferry-cli output");

    const QJsonObject actual = document.object();
    QCOMPARE(actual.value(u"host"_s).toObject().value(u"apiType"_s).toString(), model == u"esx" ? u"HostAgent"_s : u"VirtualCenter"_s);
    const QStringList problems = compareInventory(server.expected(), actual);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
    // The simulator fills summary.storage for every VM, so the used size is known (not -1).
    // Its value (0 here: vcsim's disk files are empty) is checked against the map above.
    for (const QJsonValue vm : actual.value(u"vms"_s).toArray()) {
        QVERIFY2(vm[u"committedBytes"_s].toInteger() >= 0,
                 qPrintable(vm[u"name"_s].toString() + u": committedBytes "_s + QString::number(vm[u"committedBytes"_s].toInteger())));
    }
}

void TestVcsimInventory::unknownCertificateRefused_data()
{
    addModelRows();
}

void TestVcsimInventory::unknownCertificateRefused()
{
    QFETCH(QString, model);
    VcsimProcess &server = vcsim(model);
    const CliRun run = runCli(sourceArguments(server, server.passwordFile()) + QStringList{u"--json"_s});
    QVERIFY2(run.exitCode == 3, qPrintable(u"exit %1: %2"_s.arg(run.exitCode).arg(QString::fromUtf8(run.err))));
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    const QString refused = refusedFingerprint(run.err);
    QVERIFY2(!refused.isEmpty(), run.err.constData());
    // The printed fingerprint is the SHA-256 of the certificate the server really presents.
    QCOMPARE(refused, fingerprintOf(server));
    QCOMPARE(refused, server.launcherFingerprint());
}

void TestVcsimInventory::wrongPasswordRejected_data()
{
    addModelRows();
}

void TestVcsimInventory::wrongPasswordRejected()
{
    QFETCH(QString, model);
    VcsimProcess &server = vcsim(model);
    const QString wrong = server.password() + u"-wrong"_s;
    const QString file = server.writePasswordFile(u"wrong-password"_s, wrong);
    const CliRun run = runCli(sourceArguments(server, file) + QStringList{u"--fingerprint"_s, fingerprintOf(server)});
    QVERIFY2(run.exitCode == 1, qPrintable(u"exit %1: %2"_s.arg(run.exitCode).arg(QString::fromUtf8(run.err))));
    const QString message = QString::fromUtf8(run.err).trimmed();
    QVERIFY2(!message.isEmpty() && !message.contains(u'\n'), qPrintable(u"not one line: "_s + message));
    QVERIFY2(message.contains(QRegularExpression(u"login|credential"_s, QRegularExpression::CaseInsensitiveOption)), qPrintable(message));
    QVERIFY2(!run.err.contains(wrong.toUtf8()) && !run.out.contains(wrong.toUtf8()), "the password was echoed");
}

void TestVcsimInventory::insecureAccepted_data()
{
    addModelRows();
}

void TestVcsimInventory::insecureAccepted()
{
    QFETCH(QString, model);
    VcsimProcess &server = vcsim(model);
    const CliRun run = runCli(sourceArguments(server, server.passwordFile()) + QStringList{u"--insecure"_s, u"--json"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject actual = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(actual.value(u"vms"_s).toArray().size(), server.expected().value(u"vms"_s).toArray().size());
}

void TestVcsimInventory::passwordFromEnvironment()
{
    VcsimProcess &server = *m_esx;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"FERRY_PASSWORD"_s, server.password());
    const CliRun run = runCli({u"inventory"_s, u"--source"_s, server.url().toString(), u"--user"_s, server.user(), u"--fingerprint"_s,
                               fingerprintOf(server), u"--json"_s},
                              env);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(u"vms"_s).toArray().size(),
             server.expected().value(u"vms"_s).toArray().size());
}

void TestVcsimInventory::pageSizeOneListsEverything_data()
{
    addModelRows();
}

void TestVcsimInventory::pageSizeOneListsEverything()
{
    QFETCH(QString, model);
    VcsimProcess &server = vcsim(model);
    const auto before = server.stats();
    QVERIFY2(before, qPrintable(before ? QString() : before.error().toString()));

    const CliRun run = runCli(sourceArguments(server, server.passwordFile())
                              + QStringList{u"--fingerprint"_s, fingerprintOf(server), u"--page-size"_s, u"1"_s, u"--json"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject actual = QJsonDocument::fromJson(run.out).object();
    const QStringList problems = compareInventory(server.expected(), actual);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));

    // The client really paged: it asked for one object per reply and followed the tokens.
    const auto after = server.stats();
    QVERIFY(after);
    const int continued = after->value(u"continueRetrievePropertiesEx"_s).toInt()
        - before->value(u"continueRetrievePropertiesEx"_s).toInt();
    QVERIFY2(continued >= server.expected().value(u"vms"_s).toArray().size() - 1,
             qPrintable(u"only %1 ContinueRetrievePropertiesEx calls"_s.arg(continued)));
    QCOMPARE(after->value(u"smallestMaxObjects"_s).toInt(), 1);
    QCOMPARE(after->value(u"unknownTokens"_s).toInt(), before->value(u"unknownTokens"_s).toInt());
}

// The vc model as an admin sees it: each VM's host and cluster (or none for a standalone
// host) and folder, and the two VMs of one name told apart by them.
void TestVcsimInventory::hierarchyAndSameNamedVms()
{
    VcsimProcess &server = vcsim(u"vc"_s);
    const CliRun run = runCli(sourceArguments(server, server.passwordFile())
                              + QStringList{u"--fingerprint"_s, fingerprintOf(server), u"--json"_s});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray vms = QJsonDocument::fromJson(run.out).object().value(u"vms"_s).toArray();
    QStringList twins;
    QSet<QString> clusters;
    QSet<QString> hosts;
    for (const QJsonValue vm : vms) {
        QVERIFY2(!vm[u"host"_s].toString().isEmpty(), qPrintable(vm[u"name"_s].toString() + u" has no host"_s));
        hosts << vm[u"host"_s].toString();
        if (!vm[u"cluster"_s].toString().isEmpty())
            clusters << vm[u"cluster"_s].toString();
        if (vm[u"name"_s].toString() == u"DC0_C0_RP0_VM0")
            twins << u"%1|%2|%3|%4"_s.arg(vm[u"datacenterPath"_s].toString(), vm[u"folder"_s].toString(), vm[u"cluster"_s].toString(),
                                          vm[u"host"_s].toString().left(6));
    }
    QCOMPARE(clusters, (QSet<QString>{u"DC0_C0"_s, u"DC1_C0"_s}));
    QVERIFY2(hosts.contains(u"DC0_H0"_s) && hosts.contains(u"DC1_H0"_s), qPrintable(hosts.values().join(u", "_s)));
    twins.sort();
    QCOMPARE(twins, (QStringList{u"DC0||DC0_C0|DC0_C0"_s, u"F0/DC1|F0/Prod|DC1_C0|DC1_C0"_s}));
}

// Two VMs of one name would share an output folder, a domain and a report: migrate refuses
// the name and says where the two are.
void TestVcsimInventory::sameNamedVmRefusedByMigrate()
{
    VcsimProcess &server = vcsim(u"vc"_s);
    const QTemporaryDir target;
    QVERIFY(target.isValid());
    QStringList arguments = sourceArguments(server, server.passwordFile());
    arguments[0] = u"migrate"_s;
    arguments += {u"--fingerprint"_s, fingerprintOf(server),     u"--vm"_s,       u"DC0_C0_RP0_VM0"_s,
                  u"--target"_s,      u"dir:"_s + target.path(), u"--progress"_s, u"none"_s};
    const CliRun run = runCli(arguments);
    QVERIFY2(run.exitCode != 0, run.out.constData());
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(u"2 VMs are named 'DC0_C0_RP0_VM0' (DC0/DC0_C0_RP0_VM0, F0/DC1/F0/Prod/DC0_C0_RP0_VM0)"_s), qPrintable(err));
    QVERIFY2(QDir(target.path()).isEmpty(), "a per-VM folder was created for an ambiguous name");
}

void TestVcsimInventory::cleanupTestCase()
{
    m_esx.reset();
    m_vc.reset();
    for (const qint64 pid : std::as_const(m_pids))
        QVERIFY2(VcsimProcess::isGone(pid), qPrintable(u"ferry-vcsim pid %1 is still running"_s.arg(pid)));
    QVERIFY2(VcsimProcess::launcherChildren().isEmpty(), "a ferry-vcsim child process is left");
}

QTEST_GUILESS_MAIN(TestVcsimInventory)
#include "tst_vcsiminventory.moc"
