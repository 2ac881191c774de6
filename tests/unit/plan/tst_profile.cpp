#include "plan/profile.h"
#include "plan/profilefile.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

using ProfileEdit = std::function<void(Profile &)>;

const QString fingerprint = u"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"_s;

// Field by field, independent of toJson(), so a field that save() drops shows up here.
QString firstDifference(const Profile &a, const Profile &b)
{
    const SourceEndpoint &x = a.source.endpoint;
    const SourceEndpoint &y = b.source.endpoint;
    const MigrationPlan &p = a.plan;
    const MigrationPlan &q = b.plan;
    const QList<std::pair<QString, bool>> checks{
        {u"source.lab"_s, a.source.lab == b.source.lab},
        {u"source.url"_s, x.url == y.url},
        {u"source.user"_s, x.user == y.user},
        {u"source.trust"_s, x.trust.mode() == y.trust.mode()},
        {u"source.fingerprint"_s, x.trust.pinnedFingerprint() == y.trust.pinnedFingerprint()},
        {u"vms"_s, p.vmNames == q.vmNames},
        {u"target.kind"_s, p.target.kind == q.target.kind},
        {u"target.path"_s, p.target.path == q.target.path},
        {u"target.uri"_s, p.target.uri == q.target.uri},
        {u"disk_format"_s, p.diskFormat == q.diskFormat},
        {u"network_map"_s, p.networkMap == q.networkMap},
        {u"storage_pool"_s, p.storagePool == q.storagePool},
        {u"disk_pools"_s, p.diskPools == q.diskPools},
        {u"virt_type"_s, p.virtType == q.virtType},
        {u"report_dir"_s, p.reportDirectory == q.reportDirectory},
        {u"staging_dir"_s, p.stagingDirectory == q.stagingDirectory},
        {u"connections"_s, p.transfer.connections == q.transfer.connections},
        {u"connections auto"_s, p.transfer.autoConnections == q.transfer.autoConnections},
        {u"requests_per_connection"_s, p.transfer.requestsPerConnection == q.transfer.requestsPerConnection},
        {u"chunk_size"_s, p.transfer.chunkSize == q.transfer.chunkSize},
        {u"memory_budget"_s, p.transfer.memoryBudget == q.transfer.memoryBudget},
        {u"verify"_s, p.verify == q.verify},
        {u"inspect"_s, p.inspect == q.inspect},
        {u"convert"_s, p.convert == q.convert},
        {u"start"_s, p.startDomain == q.startDomain},
        {u"allow_powered_on"_s, p.allowCrashConsistent == q.allowCrashConsistent},
        {u"shutdown_source"_s, p.shutdownSource == q.shutdownSource},
        {u"shutdown_timeout"_s, p.shutdownTimeoutSeconds == q.shutdownTimeoutSeconds},
        {u"boot_timeout"_s, p.bootTimeoutSeconds == q.bootTimeoutSeconds},
        {u"virtio_win"_s, p.virtioWin == q.virtioWin},
    };
    for (const auto &[name, same] : checks) {
        if (!same)
            return name;
    }
    return {};
}

Profile baseProfile()
{
    Profile profile;
    profile.source.endpoint.url = QUrl(u"https://esxi.example.com"_s);
    profile.source.endpoint.user = u"root"_s;
    profile.plan.vmNames = {u"web01"_s};
    profile.plan.target = *TargetSpec::parse(u"dir:/srv/ferry"_s);
    return profile;
}

} // namespace

Q_DECLARE_METATYPE(ProfileEdit)

class TestProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void roundTrip_data();
    void roundTrip();
    void perRunChoicesAreNotSaved();
    void noSecretIsWritten();
    void minimalProfileKeepsDefaults();
    void documentedShapeLoads();
    void loadErrors_data();
    void loadErrors();
    void missingFile();
    void saveReplacesAtomically();
    void saveIntoMissingDirectoryFails();

private:
    QString write(const QByteArray &bytes, const QString &name = u"p.json"_s);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestProfile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestProfile::write(const QByteArray &bytes, const QString &name)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

void TestProfile::roundTrip_data()
{
    QTest::addColumn<ProfileEdit>("edit");
    QTest::newRow("defaults") << ProfileEdit([](Profile &) {});
    QTest::newRow("no-source") << ProfileEdit([](Profile &p) { p.source = {}; });
    QTest::newRow("lab") << ProfileEdit([](Profile &p) { p.source = ProfileSource::fromEndpoint({}, true); });
    QTest::newRow("package") << ProfileEdit([](Profile &p) {
        p.source = {};
        p.source.endpoint.url = QUrl::fromLocalFile(u"/srv/appliances/web 1.ova"_s);
    });
    QTest::newRow("url-port") << ProfileEdit([](Profile &p) { p.source.endpoint.url = QUrl(u"https://10.0.0.5:8443"_s); });
    QTest::newRow("user") << ProfileEdit([](Profile &p) { p.source.endpoint.user = u"administrator@vsphere.local"_s; });
    QTest::newRow("pinned") << ProfileEdit([](Profile &p) { p.source.endpoint.trust = TlsTrust::pinned(fingerprint); });
    QTest::newRow("insecure") << ProfileEdit([](Profile &p) { p.source.endpoint.trust = TlsTrust::insecure(); });
    QTest::newRow("vms") << ProfileEdit([](Profile &p) { p.plan.vmNames = {u"a"_s, u"b c"_s, u"ünï"_s}; });
    QTest::newRow("no-vms") << ProfileEdit([](Profile &p) { p.plan.vmNames.clear(); });
    QTest::newRow("no-target") << ProfileEdit([](Profile &p) { p.plan.target = {}; });
    QTest::newRow("libvirt") << ProfileEdit([](Profile &p) { p.plan.target = *TargetSpec::parse(u"qemu+ssh://kvm1/system"_s); });
    QTest::newRow("qcow2") << ProfileEdit([](Profile &p) { p.plan.diskFormat = u"qcow2"_s; });
    QTest::newRow("networks") << ProfileEdit([](Profile &p) {
        p.plan.networkMap = {{u"VM Network"_s, u"default"_s}, {u"DMZ"_s, u"br0"_s}};
    });
    QTest::newRow("pool") << ProfileEdit([](Profile &p) { p.plan.storagePool = u"fast"_s; });
    QTest::newRow("disk-pools") << ProfileEdit([](Profile &p) { p.plan.diskPools = {{u"web/1"_s, u"fast"_s}, {u"db ü/2"_s, u"slow"_s}}; });
    QTest::newRow("virt-type") << ProfileEdit([](Profile &p) { p.plan.virtType = u"qemu"_s; });
    QTest::newRow("report-dir") << ProfileEdit([](Profile &p) { p.plan.reportDirectory = u"/var/lib/ferry/reports"_s; });
    QTest::newRow("staging-dir") << ProfileEdit([](Profile &p) { p.plan.stagingDirectory = u"/srv/ferry-staging"_s; });
    QTest::newRow("connections") << ProfileEdit([](Profile &p) { p.plan.transfer.connections = 13; });
    QTest::newRow("connections auto") << ProfileEdit([](Profile &p) { p.plan.transfer.autoConnections = true; });
    QTest::newRow("requests") << ProfileEdit([](Profile &p) { p.plan.transfer.requestsPerConnection = 5; });
    QTest::newRow("chunk") << ProfileEdit([](Profile &p) { p.plan.transfer.chunkSize = 3ll << 20; });
    QTest::newRow("memory") << ProfileEdit([](Profile &p) { p.plan.transfer.memoryBudget = 6ll << 30; });
    QTest::newRow("verify") << ProfileEdit([](Profile &p) { p.plan.verify = true; });
    QTest::newRow("no-inspect") << ProfileEdit([](Profile &p) { p.plan.inspect = false; });
    QTest::newRow("no-convert") << ProfileEdit([](Profile &p) { p.plan.convert = false; });
    QTest::newRow("start") << ProfileEdit([](Profile &p) { p.plan.startDomain = true; });
    QTest::newRow("powered-on") << ProfileEdit([](Profile &p) { p.plan.allowCrashConsistent = true; });
    QTest::newRow("shutdown-source") << ProfileEdit([](Profile &p) { p.plan.shutdownSource = true; });
    QTest::newRow("shutdown-timeout") << ProfileEdit([](Profile &p) { p.plan.shutdownTimeoutSeconds = 45; });
    QTest::newRow("boot-timeout") << ProfileEdit([](Profile &p) { p.plan.bootTimeoutSeconds = 1200; });
    QTest::newRow("virtio-win") << ProfileEdit([](Profile &p) { p.plan.virtioWin = u"/srv/iso/virtio-win.iso"_s; });
}

void TestProfile::roundTrip()
{
    QFETCH(ProfileEdit, edit);
    Profile profile = baseProfile();
    edit(profile);
    const QString path = m_dir->filePath(u"round.json"_s);
    const auto saved = ProfileFile::save(path, profile);
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().toString()));
    const auto loaded = ProfileFile::load(path);
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));
    QCOMPARE(firstDifference(*loaded, profile), QString());
    QCOMPARE(loaded->toJson(), profile.toJson());
    // Every row changes what is written, so no row passes by comparing defaults.
    if (QByteArray(QTest::currentDataTag()) != "defaults")
        QVERIFY(profile.toJson() != baseProfile().toJson());
}

void TestProfile::perRunChoicesAreNotSaved()
{
    Profile profile = baseProfile();
    profile.plan.resume = true;
    profile.plan.keepPartial = true;
    const QJsonObject json = profile.toJson();
    const auto loaded = Profile::fromJson(json);
    QVERIFY(loaded);
    QCOMPARE(loaded->plan.resume, false);
    QCOMPARE(loaded->plan.keepPartial, false);
    QVERIFY(!QJsonDocument(json).toJson().contains("resume"));
    QVERIFY(!QJsonDocument(json).toJson().contains("partial"));
}

void TestProfile::noSecretIsWritten()
{
    const QString password = u"s3cr3t-Pa55word"_s;
    SourceEndpoint endpoint;
    endpoint.url = QUrl(u"https://root:url-Pa55word@esxi.example.com:443/sdk?x=1"_s);
    endpoint.user = u"root"_s;
    endpoint.password = password;
    endpoint.trust = TlsTrust::pinned(fingerprint);
    Profile fromEndpoint{ProfileSource::fromEndpoint(endpoint), baseProfile().plan};
    QVERIFY(fromEndpoint.source.endpoint.password.isEmpty());
    // A caller that fills the endpoint by hand, password included, is covered too.
    Profile byHand = fromEndpoint;
    byHand.source.endpoint = endpoint;
    for (const Profile &profile : {fromEndpoint, byHand}) {
        const QString path = m_dir->filePath(u"secret.json"_s);
        QVERIFY(ProfileFile::save(path, profile));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains("esxi.example.com"));
        QVERIFY(bytes.contains(fingerprint.toUtf8()));
        QVERIFY2(!bytes.contains(password.toUtf8()), bytes.constData());
        QVERIFY2(!bytes.contains("url-Pa55word"), bytes.constData());
        QVERIFY2(!bytes.contains("password"), bytes.constData());
        QVERIFY2(!bytes.toLower().contains("cookie"), bytes.constData());
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, mode_t(0600));
    }
}

void TestProfile::minimalProfileKeepsDefaults()
{
    const auto loaded = ProfileFile::load(write(R"({"format": "ferry-profile", "version": 1})"));
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));
    QVERIFY(!loaded->source.isSet());
    QCOMPARE(firstDifference(*loaded, Profile()), QString());
}

void TestProfile::documentedShapeLoads()
{
    // The example in profile.h, with sizes as text.
    const QByteArray text = R"({
      "format": "ferry-profile", "version": 1,
      "source": { "kind": "host", "url": "https://esxi.example.com:443", "user": "root",
                  "trust": "pinned", "fingerprint": "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789" },
      "vms": [ "web01", "db01" ],
      "target": "qemu:///system",
      "disk_format": "qcow2",
      "network_map": { "VM Network": "default" },
      "storage_pool": "default", "virt_type": "kvm", "report_dir": "/var/lib/ferry/reports",
      "tuning": { "connections": 4, "requests_per_connection": 3, "chunk_size": "16M", "memory_budget": "1G" },
      "flags": { "verify": true, "inspect": false, "convert": false, "start": true, "allow_powered_on": true }
    })";
    const auto loaded = ProfileFile::load(write(text));
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));
    QCOMPARE(loaded->source.endpoint.url, QUrl(u"https://esxi.example.com:443"_s));
    QCOMPARE(loaded->source.endpoint.trust.pinnedFingerprint(), fingerprint);
    QCOMPARE(loaded->plan.vmNames, (QStringList{u"web01"_s, u"db01"_s}));
    QCOMPARE(loaded->plan.target.kind, TargetSpec::Kind::Libvirt);
    QCOMPARE(loaded->plan.transfer.chunkSize, 16ll << 20);
    QCOMPARE(loaded->plan.transfer.memoryBudget, 1ll << 30);
    QCOMPARE(loaded->plan.networkMap.value(u"VM Network"_s), u"default"_s);
    QVERIFY(loaded->plan.verify && !loaded->plan.inspect && loaded->plan.startDomain && loaded->plan.allowCrashConsistent);
    QVERIFY(!loaded->plan.convert);
}

void TestProfile::loadErrors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("expected"); // substrings of the one-line message
    const QByteArray head = R"({"format": "ferry-profile", "version": 1, )";
    const auto body = [&](const char *rest) -> QByteArray { return head + rest + '}'; };
    QTest::newRow("newer") << QByteArray(R"({"format": "ferry-profile", "version": 2, "flux": 1})")
                           << QStringList{u"version 2 is newer"_s, u"reads (profile version 1)"_s};
    QTest::newRow("older") << QByteArray(R"({"format": "ferry-profile", "version": 0})")
                           << QStringList{u"version 0 is older"_s, u"version 1"_s};
    // Found by fuzz_profile: a version beyond qint64 was converted to one (undefined behaviour).
    QTest::newRow("huge-version") << QByteArray(R"({"format": "ferry-profile", "version": 1e80})")
                                  << QStringList{u"version 1e+80 is newer"_s};
    QTest::newRow("huge-negative-version") << QByteArray(R"({"format": "ferry-profile", "version": -1e80})")
                                           << QStringList{u"version -1e+80 is older"_s};
    QTest::newRow("no-version") << QByteArray(R"({"format": "ferry-profile"})")
                                << QStringList{u"no whole-number \"version\""_s, u"version 1"_s};
    QTest::newRow("text-version") << QByteArray(R"({"format": "ferry-profile", "version": "1"})") << QStringList{u"\"version\""_s};
    QTest::newRow("fraction-version") << QByteArray(R"({"format": "ferry-profile", "version": 1.5})") << QStringList{u"\"version\""_s};
    QTest::newRow("other-format") << QByteArray(R"({"format": "ovf", "version": 1})")
                                  << QStringList{u"not a Ferry profile"_s, u"\"ovf\""_s, u"ferry-profile"_s};
    QTest::newRow("no-format") << QByteArray(R"({"version": 1})") << QStringList{u"not a Ferry profile"_s};
    QTest::newRow("truncated") << QByteArray("{\"format\": \"ferry-profile\",\n  \"version\": 1,\n  \"vms\": [\"a\"")
                               << QStringList{u"not valid JSON"_s, u"line 3"_s, u"offset"_s};
    QTest::newRow("empty") << QByteArray() << QStringList{u"not valid JSON"_s, u"line 1, column 1 (offset 0)"_s};
    QTest::newRow("garbage") << QByteArray("\x7f"
                                           "ELF\x01\x02")
                             << QStringList{u"not valid JSON"_s};
    QTest::newRow("array") << QByteArray(R"([{"format": "ferry-profile", "version": 1}])") << QStringList{u"not an object"_s};
    QTest::newRow("shutdown-timeout-zero") << body(R"("shutdown_timeout": 0)") << QStringList{u"shutdown_timeout"_s, u"1 to 86400"_s};
    QTest::newRow("boot-timeout-negative") << body(R"("boot_timeout": -5)") << QStringList{u"boot_timeout"_s, u"0 (automatic) to 86400"_s};
    QTest::newRow("shutdown-source-text") << body(R"("flags": {"shutdown_source": "yes"})") << QStringList{u"shutdown_source"_s};
    QTest::newRow("auto-misspelt") << body(R"("tuning": {"connections": "automatic"})")
                                   << QStringList{u"\"tuning.connections\""_s, u"whole number"_s};
    QTest::newRow("text-number") << body(R"("tuning": {"connections": "8"})")
                                 << QStringList{u"\"tuning.connections\""_s, u"whole number"_s, u"not a string"_s};
    QTest::newRow("fraction") << body(R"("tuning": {"chunk_size": 1.5})")
                              << QStringList{u"\"tuning.chunk_size\""_s, u"not the number 1.5"_s};
    QTest::newRow("bad-size") << body(R"("tuning": {"memory_budget": "lots"})") << QStringList{u"\"tuning.memory_budget\""_s, u"lots"_s};
    QTest::newRow("out-of-range") << body(R"("tuning": {"connections": 0})")
                                  << QStringList{u"\"tuning\""_s, u"connections must be between 1 and 64"_s};
    QTest::newRow("tuning-list") << body(R"("tuning": [])") << QStringList{u"\"tuning\""_s, u"an object"_s};
    QTest::newRow("vms-text") << body(R"("vms": "web01")") << QStringList{u"\"vms\""_s, u"a list of strings"_s};
    QTest::newRow("vms-number") << body(R"("vms": ["a", 2])") << QStringList{u"\"vms\""_s, u"not the number 2"_s};
    QTest::newRow("flag-text") << body(R"("flags": {"verify": "yes"})") << QStringList{u"\"flags.verify\""_s, u"true or false"_s};
    QTest::newRow("network-number") << body(R"("network_map": {"VM Network": 3})") << QStringList{u"\"network_map.VM Network\""_s};
    QTest::newRow("format") << body(R"("disk_format": "vmdk")") << QStringList{u"\"disk_format\""_s, u"vmdk"_s};
    QTest::newRow("disk-pool-number") << body(R"("disk_pools": {"web/1": 3})") << QStringList{u"\"disk_pools.web/1\""_s};
    QTest::newRow("virt-type") << body(R"("virt_type": "xen")") << QStringList{u"\"virt_type\""_s, u"xen"_s};
    QTest::newRow("target") << body(R"("target": "/srv")") << QStringList{u"\"target\""_s, u"dir:PATH"_s};
    QTest::newRow("unknown-key") << body(R"("conections": 4)") << QStringList{u"\"conections\""_s, u"unknown key"_s};
    QTest::newRow("unknown-nested") << body(R"("tuning": {"conections": 4})") << QStringList{u"\"tuning.conections\""_s, u"unknown key"_s};
    QTest::newRow("password-key") << body(R"("source": {"url": "https://h", "password": "x"})")
                                  << QStringList{u"\"source.password\""_s, u"unknown key"_s};
    QTest::newRow("source-kind") << body(R"("source": {"kind": "vcenter"})") << QStringList{u"\"source.kind\""_s, u"\"lab\""_s};
    QTest::newRow("package-relative") << body(R"("source": {"kind": "package", "path": "web.ova"})")
                                      << QStringList{u"\"source.path\""_s, u"absolute"_s};
    QTest::newRow("package-url") << body(R"("source": {"kind": "package", "path": "/a.ova", "url": "https://h"})")
                                 << QStringList{u"\"source.url\""_s, u"unknown key"_s};
    QTest::newRow("http") << body(R"("source": {"url": "http://esxi"})") << QStringList{u"\"source.url\""_s, u"https://HOST"_s};
    QTest::newRow("no-url") << body(R"("source": {"user": "root"})") << QStringList{u"\"source.url\""_s};
    QTest::newRow("url-secret") << body(R"("source": {"url": "https://root:pw@esxi"})") << QStringList{u"\"source.url\""_s, u"\"user\""_s};
    QTest::newRow("pin-nothing") << body(R"("source": {"url": "https://esxi", "trust": "pinned"})")
                                 << QStringList{u"\"source.fingerprint\""_s, u"SHA-256"_s};
    QTest::newRow("pin-short") << body(R"("source": {"url": "https://esxi", "trust": "pinned", "fingerprint": "AB:CD"})")
                               << QStringList{u"\"source.fingerprint\""_s};
    QTest::newRow("stray-pin") << body(R"("source": {"url": "https://esxi", "fingerprint": "AB:CD"})")
                               << QStringList{u"\"source.fingerprint\""_s, u"pinned"_s};
    QTest::newRow("trust") << body(R"("source": {"url": "https://esxi", "trust": "yes"})") << QStringList{u"\"source.trust\""_s};
}

void TestProfile::loadErrors()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, expected);
    const QString path = write(content);
    QVERIFY(!path.isEmpty());
    const auto loaded = ProfileFile::load(path);
    QVERIFY(!loaded);
    const QString message = loaded.error().toString();
    QCOMPARE(loaded.error().code(), ErrorCode::Usage);
    QVERIFY2(message.startsWith(u"profile "_s + path + u": "_s), qPrintable(message));
    QVERIFY2(!message.contains(u'\n'), qPrintable(message));
    for (const QString &part : expected)
        QVERIFY2(message.contains(part), qPrintable(u"'%1' not in: %2"_s.arg(part, message)));
}

void TestProfile::missingFile()
{
    const QString path = m_dir->filePath(u"nothing.json"_s);
    const auto loaded = ProfileFile::load(path);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code(), ErrorCode::NotFound);
    QVERIFY(loaded.error().message().contains(path));
}

void TestProfile::saveReplacesAtomically()
{
    const QString path = write("not a profile");
    Profile profile = baseProfile();
    QVERIFY(ProfileFile::save(path, profile));
    QVERIFY(ProfileFile::load(path));
    // QSaveFile leaves no temporary file next to the profile.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{u"p.json"_s});
}

void TestProfile::saveIntoMissingDirectoryFails()
{
    const QString path = m_dir->filePath(u"no/such/dir/p.json"_s);
    const auto saved = ProfileFile::save(path, baseProfile());
    QVERIFY(!saved);
    QCOMPARE(saved.error().code(), ErrorCode::Io);
    QVERIFY(saved.error().message().contains(path));
}

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
