#include "testsupport.h"
#include "vsphere/labsource.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {

const QString vm = u"tiny-linux-bios"_s;

QString labFlat()
{
    return sharedLabDataDir() + u"/datastore1/"_s + vm + u'/' + vm + u"-flat.vmdk"_s;
}

QString migratedDisk(const QString &out)
{
    return out + u'/' + vm + u'/' + vm + u"-disk1.raw"_s;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Processes anywhere on the system whose environment holds marker: ferry-cli's own lab
// is its child, not ours, so childPids() cannot see it.
int processesWithMarker(const QByteArray &marker)
{
    int count = 0;
    const QStringList entries = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool numeric = false;
        entry.toLongLong(&numeric);
        if (numeric && readAll(u"/proc/"_s + entry + u"/environ"_s).contains(marker))
            ++count;
    }
    return count;
}

} // namespace

// ferry-cli migrate --profile / --save-profile end to end: with "--source lab" from the
// profile (ferry-cli starts its own lab) and with a host source the test's lab serves.
class TestMigrateProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void labProfileMigratesToItsTarget();
    void optionsOverrideTheProfile();
    void badProfileIsAUsageError_data();
    void badProfileIsAUsageError();
    void savedProfileHasNoPasswordAndIsReusable();

private:
    ProcessResult cli(const QStringList &arguments, const QProcessEnvironment &environment) const;
    QString labProfile(const QString &target, const QStringList &vms) const;

    std::unique_ptr<LabSource> m_lab;
    SourceEndpoint m_endpoint;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcessEnvironment m_environment;
};

void TestMigrateProfile::initTestCase()
{
    m_lab = std::make_unique<LabSource>();
    m_lab->setProgram(QStringLiteral(FERRY_LAB_PATH));
    m_lab->setDataDirectory(sharedLabDataDir());
    auto started = m_lab->startAndWait(600000);
    QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
    m_endpoint = *started;
}

void TestMigrateProfile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // ferry-cli's "--source lab" uses $XDG_CACHE_HOME/ferry-lab: point it at the shared
    // lab data so the guest images are built once. The unique path also marks every
    // process started under it.
    const QString cache = m_dir->filePath(u"cache"_s);
    QVERIFY(QDir().mkpath(cache));
    QVERIFY(QFile::link(sharedLabDataDir(), cache + u"/ferry-lab"_s));
    m_environment = QProcessEnvironment::systemEnvironment();
    m_environment.insert(u"XDG_CACHE_HOME"_s, cache);
    m_environment.remove(u"FERRY_PASSWORD"_s);
}

void TestMigrateProfile::cleanup()
{
    // Only the test's lab may remain, and no lab ferry-cli started for a profile.
    const QList<qint64> children = childPids();
    QVERIFY2(children.size() <= 1, qPrintable(u"children left: %1"_s.arg(children.size())));
    if (children.size() == 1)
        QCOMPARE(children.first(), m_lab->processId());
    QTRY_COMPARE_WITH_TIMEOUT(processesWithMarker(m_dir->path().toUtf8()), 0, 5000);
}

ProcessResult TestMigrateProfile::cli(const QStringList &arguments, const QProcessEnvironment &environment) const
{
    return runProcess(QStringLiteral(FERRY_CLI_PATH), QStringList{u"migrate"_s, u"--progress"_s, u"none"_s} + arguments, environment);
}

QString TestMigrateProfile::labProfile(const QString &target, const QStringList &vms) const
{
    const QJsonObject profile{
        {u"format"_s, u"ferry-profile"_s},
        {u"version"_s, 1},
        {u"source"_s, QJsonObject{{u"kind"_s, u"lab"_s}}},
        {u"vms"_s, QJsonArray::fromStringList(vms)},
        {u"target"_s, QString(u"dir:"_s + target)},
        {u"flags"_s, QJsonObject{{u"inspect"_s, false}}},
    };
    const QString path = m_dir->filePath(u"lab.json"_s);
    return writeFile(path, QJsonDocument(profile).toJson()) ? path : QString();
}

void TestMigrateProfile::labProfileMigratesToItsTarget()
{
    const QString a = m_dir->filePath(u"a"_s);
    const ProcessResult result = cli({u"--profile"_s, labProfile(a, {vm})}, m_environment);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(fileSha256(migratedDisk(a)), fileSha256(labFlat()));
    const QJsonObject report = QJsonDocument::fromJson(readAll(a + u'/' + vm + u"/report.json"_s)).object();
    QCOMPARE(report.value(u"result"_s).toString(), u"ok"_s);
    // The profile's "inspect": false was applied.
    QCOMPARE(report.value(u"inspection"_s).toObject().value(u"performed"_s).toBool(), false);
}

void TestMigrateProfile::optionsOverrideTheProfile()
{
    const QString a = m_dir->filePath(u"a"_s);
    const QString b = m_dir->filePath(u"b"_s);
    // --vm replaces the profile's list (whose VM does not exist), --target its target.
    const ProcessResult result = cli({u"--profile"_s, labProfile(a, {u"no-such-vm"_s}), u"--target"_s, u"dir:"_s + b, u"--vm"_s, vm,
                                      u"--format"_s, u"qcow2"_s},
                                     m_environment);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(!QFileInfo::exists(a));
    const QString disk = b + u'/' + vm + u'/' + vm + u"-disk1.qcow2"_s;
    const ProcessResult compare = runProcess(u"qemu-img"_s, {u"compare"_s, u"-f"_s, u"raw"_s, u"-F"_s, u"qcow2"_s, labFlat(), disk});
    QVERIFY2(compare.exitCode == 0, compare.out.constData());
}

void TestMigrateProfile::badProfileIsAUsageError_data()
{
    QTest::addColumn<QByteArray>("content"); // empty: no file at all
    QTest::addColumn<QString>("message");
    QTest::newRow("truncated") << QByteArray(R"({"format": "ferry-profile", "version": 1, "vms": [)") << u"not valid JSON"_s;
    QTest::newRow("newer") << QByteArray(R"({"format": "ferry-profile", "version": 7})") << u"version 7 is newer"_s;
    QTest::newRow("wrong-type") << QByteArray(R"({"format": "ferry-profile", "version": 1, "vms": "x"})") << u"\"vms\""_s;
    QTest::newRow("missing") << QByteArray() << u"no such file"_s;
}

void TestMigrateProfile::badProfileIsAUsageError()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString path = m_dir->filePath(u"bad.json"_s);
    if (!content.isEmpty())
        QVERIFY(writeFile(path, content));
    const ProcessResult result = cli({u"--profile"_s, path, u"--vm"_s, vm}, m_environment);
    QCOMPARE(result.exitCode, 2);
    QCOMPARE(result.err.count('\n'), 1);
    QVERIFY2(QString::fromUtf8(result.err).contains(path), result.err.constData());
    QVERIFY2(QString::fromUtf8(result.err).contains(message), result.err.constData());
}

void TestMigrateProfile::savedProfileHasNoPasswordAndIsReusable()
{
    const QString saved = m_dir->filePath(u"saved.json"_s);
    const QString c = m_dir->filePath(u"c"_s);
    QStringList first = sourceArguments(m_endpoint, m_dir->path());
    first << u"--vm"_s << vm << u"--target"_s << u"dir:"_s + c << u"--no-inspect"_s << u"--connections"_s << u"3"_s << u"--save-profile"_s
          << saved;
    const ProcessResult result = cli(first, m_environment);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(fileSha256(migratedDisk(c)), fileSha256(labFlat()));

    const QByteArray bytes = readAll(saved);
    QVERIFY(!m_endpoint.password.isEmpty());
    QVERIFY2(!bytes.contains(m_endpoint.password.toUtf8()), bytes.constData());
    QVERIFY(bytes.contains(m_endpoint.trust.pinnedFingerprint().toUtf8()));
    const QJsonObject profile = QJsonDocument::fromJson(bytes).object();
    QCOMPARE(profile.value(u"source"_s).toObject().value(u"url"_s).toString(), m_endpoint.url.toString());
    QCOMPARE(profile.value(u"tuning"_s).toObject().value(u"connections"_s).toInt(), 3);
    QCOMPARE(profile.value(u"target"_s).toString(), u"dir:"_s + c);

    // Again from the profile alone: its host and pinned certificate, the password from a file.
    const QString d = m_dir->filePath(u"d"_s);
    const QString passwordFile = writeSecretFile(m_dir->path(), m_endpoint.password);
    const ProcessResult again = cli({u"--profile"_s, saved, u"--password-file"_s, passwordFile, u"--target"_s, u"dir:"_s + d},
                                    m_environment);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QCOMPARE(fileSha256(migratedDisk(d)), fileSha256(labFlat()));
}

QTEST_GUILESS_MAIN(TestMigrateProfile)
#include "tst_migrateprofile.moc"
