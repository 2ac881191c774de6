// ferry-lab's HTTPS side: ready line and certificate, /folder reads byte-exact against
// the files on disk, auth, error statuses, keep-alive with pipelining, LabSource cleanup.

#include "labtestclient.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Test;

namespace {
const QString bios = u"tiny-linux-bios/tiny-linux-bios-flat.vmdk"_s;
}

class TestLabFolder : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_data;
    std::unique_ptr<LabSource> m_lab;

    QString localPath(const QString &path) const { return m_data.path() + u"/datastore1/"_s + path; }
    SourceEndpoint endpoint() const { return m_lab->endpoint(); }

    RawResponse fetch(const QByteArray &method, const QByteArray &target, const QByteArray &headers = {}, bool auth = true)
    {
        RawHttpsClient client;
        if (!client.connectTo(endpoint()))
            return {};
        client.send(RawHttpsClient::request(method, target, endpoint(), headers, auth));
        return client.read(method == "HEAD");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        m_lab = startLab(m_data.path());
        QVERIFY(m_lab);
    }

    void cleanupTestCase()
    {
        const qint64 pid = m_lab ? m_lab->processId() : 0;
        m_lab.reset();
        QVERIFY(!processExists(pid));
    }

    void readyLineAndCertificate()
    {
        const SourceEndpoint lab = endpoint();
        QCOMPARE(lab.url.scheme(), u"https"_s);
        QCOMPARE(lab.url.host(), u"127.0.0.1"_s);
        QVERIFY(lab.url.port() > 0);
        QCOMPARE(lab.user, u"root"_s);
        QVERIFY(lab.password.size() >= 16);
        QCOMPARE(lab.trust.mode(), TlsTrust::Mode::Pinned);
        QCOMPARE(lab.trust.pinnedFingerprint().size(), 32 * 3 - 1);

        // The certificate lives in the data directory: a second lab presents the same one.
        auto second = startLab(m_data.path());
        QVERIFY(second);
        QCOMPARE(second->endpoint().trust.pinnedFingerprint(), lab.trust.pinnedFingerprint());
        QVERIFY(second->endpoint().url.port() != lab.url.port());
        QVERIFY(second->endpoint().password != lab.password);
    }

    void readyLineIsExactlyOneJsonLine()
    {
        // The contract others parse by hand: one line, these keys, this order.
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"FERRY_LAB_PASSWORD"_s, u"x"_s);
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(FERRY_LAB_PATH), {u"--data-dir"_s, m_data.path(), u"--listen"_s, u"127.0.0.1:0"_s});
        QVERIFY(process.waitForReadyRead(60000));
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10000);
        const QByteArray line = process.readLine();
        QVERIFY(line.startsWith("{\"event\":\"ready\",\"url\":\"https:/"
                                "/127.0.0.1:"));
        QVERIFY(line.contains("\",\"fingerprint\":\""));
        QVERIFY(line.endsWith("\"}\n"));
        process.terminate();
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().isEmpty());
    }

    void exitsWhenStdinCloses()
    {
        // What happens when the parent dies: its end of our stdin pipe closes.
        QProcess process;
        process.start(QStringLiteral(FERRY_LAB_PATH), {u"--data-dir"_s, m_data.path(), u"--exit-with-stdin"_s});
        QVERIFY(process.waitForReadyRead(60000));
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitCode(), 0);
    }

    void head()
    {
        const RawResponse response = fetch("HEAD", RawHttpsClient::folderTarget(bios));
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Content-Length").toLongLong(), QFileInfo(localPath(bios)).size());
        QCOMPARE(response.header("Content-Type"), "application/octet-stream"_ba);
        QCOMPARE(response.header("Accept-Ranges"), "bytes"_ba);
        QVERIFY(response.body.isEmpty());
    }

    void ranges_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("range");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("length");
        const qint64 size = QFileInfo(localPath(bios)).size();
        QTest::newRow("mbr") << bios << "bytes=0-511"_ba << qint64(0) << qint64(512);
        QTest::newRow("superblock") << bios << "bytes=1048576-1115135"_ba << qint64(1048576) << qint64(66560);
        QTest::newRow("4 MiB unaligned") << bios << "bytes=1000001-5194304"_ba << qint64(1000001) << qint64(4194304);
        QTest::newRow("open end") << bios << ("bytes=" + QByteArray::number(size - 70000) + '-') << size - 70000 << qint64(70000);
        QTest::newRow("last past end") << bios << ("bytes=" + QByteArray::number(size - 10) + "-" + QByteArray::number(size + 99))
                                       << size - 10 << qint64(10);
        QTest::newRow("suffix") << bios << "bytes=-4096"_ba << size - 4096 << qint64(4096);
        QTest::newRow("efi gpt") << u"tiny-linux-efi/tiny-linux-efi-flat.vmdk"_s << "bytes=0-1048575"_ba << qint64(0) << qint64(1048576);
        QTest::newRow("data blob") << u"multi-disk/multi-disk_1-flat.vmdk"_s << "bytes=1048576-9437183"_ba << qint64(1048576)
                                   << qint64(8388608);
    }

    void ranges()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, range);
        QFETCH(qint64, first);
        QFETCH(qint64, length);
        const qint64 size = QFileInfo(localPath(path)).size();
        const RawResponse response = fetch("GET", RawHttpsClient::folderTarget(path), "Range: " + range + "\r\n");
        QCOMPARE(response.status, 206);
        QVERIFY(response.complete);
        QCOMPARE(response.header("Content-Range"),
                 "bytes " + QByteArray::number(first) + '-' + QByteArray::number(first + length - 1) + '/' + QByteArray::number(size));
        QCOMPARE(response.body.size(), length);
        QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(response.body, QCryptographicHash::Sha256).toHex()),
                 fileSha256(localPath(path), first, length));
    }

    void wholeFiles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("contentType");
        QTest::newRow("descriptor") << u"tiny-linux-bios/tiny-linux-bios.vmdk"_s << "text/plain"_ba;
        QTest::newRow("vmx") << u"multi-disk/multi-disk.vmx"_s << "text/plain"_ba;
        QTest::newRow("delta descriptor") << u"snapshotted/snapshotted-000001.vmdk"_s << "text/plain"_ba;
        QTest::newRow("delta extent") << u"snapshotted/snapshotted-000001-delta.vmdk"_s << "application/octet-stream"_ba;
        QTest::newRow("filler flat") << u"tiny-linux-efi/tiny-linux-efi.nvram"_s << "application/octet-stream"_ba;
    }

    void wholeFiles()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, contentType);
        const RawResponse response = fetch("GET", RawHttpsClient::folderTarget(path));
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Content-Type"), contentType);
        QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(response.body, QCryptographicHash::Sha256).toHex()),
                 fileSha256(localPath(path)));
    }

    void statuses_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<bool>("auth");
        QTest::addColumn<int>("status");
        const QByteArray flat = RawHttpsClient::folderTarget(bios);
        QTest::newRow("no auth") << flat << QByteArray() << false << 401;
        QTest::newRow("wrong password") << flat << "Authorization: Basic cm9vdDp3cm9uZw==\r\n"_ba << false << 401;
        QTest::newRow("unknown cookie") << flat << "Cookie: vmware_soap_session=\"0000\"\r\n"_ba << false << 401;
        QTest::newRow("wrong dsName") << RawHttpsClient::folderTarget(bios, u"datastore2"_s) << QByteArray() << true << 404;
        QTest::newRow("wrong dcPath") << RawHttpsClient::folderTarget(bios, u"datastore1"_s, u"DC0"_s) << QByteArray() << true << 404;
        QTest::newRow("unknown file") << RawHttpsClient::folderTarget(u"tiny-linux-bios/nope.vmdk"_s) << QByteArray() << true << 404;
        QTest::newRow("dot dot") << RawHttpsClient::folderTarget(u"tiny-linux-bios/../../lab-key.pem"_s) << QByteArray() << true << 400;
        QTest::newRow("encoded dot dot") << "/folder/tiny-linux-bios/%2E%2E/%2E%2E/lab-key.pem?dcPath=ha-datacenter&dsName=datastore1"_ba
                                         << QByteArray() << true << 400;
        QTest::newRow("past end") << flat << "Range: bytes=1073741824-1073741999\r\n"_ba << true << 416;
    }

    void statuses()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, headers);
        QFETCH(bool, auth);
        QFETCH(int, status);
        const RawResponse response = fetch("GET", target, headers, auth);
        QCOMPARE(response.status, status);
        if (status == 401)
            QVERIFY(response.header("WWW-Authenticate").startsWith("Basic realm="));
        if (status == 416)
            QCOMPARE(response.header("Content-Range"), "bytes */1073741824"_ba);
    }

    void cookieFromBasicAuth()
    {
        // ESXi answers Basic auth with a session cookie that then works on its own.
        const RawResponse first = fetch("GET", RawHttpsClient::folderTarget(bios), "Range: bytes=0-15\r\n");
        QCOMPARE(first.status, 206);
        const QByteArray setCookie = first.header("Set-Cookie");
        QVERIFY(setCookie.startsWith("vmware_soap_session=\""));
        QVERIFY(setCookie.contains("; Path=/; HttpOnly; Secure"));
        const QByteArray cookie = setCookie.left(setCookie.indexOf(';'));
        const RawResponse second = fetch("GET", RawHttpsClient::folderTarget(bios), "Range: bytes=0-15\r\nCookie: " + cookie + "\r\n",
                                         false);
        QCOMPARE(second.status, 206);
        QCOMPARE(second.body, first.body);
    }

    void pipelinedInOrder()
    {
        RawHttpsClient client;
        QVERIFY(client.connectTo(endpoint()));
        const QList<qint64> offsets = {5 << 20, 0, 1 << 20, 777, 3 << 20};
        QByteArray requests;
        for (qint64 offset : offsets) {
            const QByteArray range = "Range: bytes=" + QByteArray::number(offset) + '-' + QByteArray::number(offset + 300000 - 1) + "\r\n";
            requests += RawHttpsClient::request("GET", RawHttpsClient::folderTarget(bios), endpoint(), range);
        }
        requests += RawHttpsClient::request("HEAD", RawHttpsClient::folderTarget(bios), endpoint());
        QVERIFY(client.send(requests)); // all before reading a single answer
        for (qint64 offset : offsets) {
            const RawResponse response = client.read();
            QCOMPARE(response.status, 206);
            QVERIFY(response.header("Content-Range").startsWith(QByteArray("bytes " + QByteArray::number(offset) + '-')));
            QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(response.body, QCryptographicHash::Sha256).toHex()),
                     fileSha256(localPath(bios), offset, 300000));
        }
        QCOMPARE(client.read(true).status, 200);
        const QJsonObject stats = labStats(endpoint());
        QVERIFY(stats.value(u"open_connections"_s).toInteger() >= 1);
    }

    void connectionCloseHonoured()
    {
        RawHttpsClient client;
        QVERIFY(client.connectTo(endpoint()));
        QVERIFY(client.send(
            RawHttpsClient::request("GET", RawHttpsClient::folderTarget(bios), endpoint(), "Range: bytes=0-99\r\nConnection: close\r\n")));
        QCOMPARE(client.read().status, 206);
        QVERIFY(client.waitClosed(5000));
    }

    void oversizedHeaderRefused()
    {
        RawHttpsClient client;
        QVERIFY(client.connectTo(endpoint()));
        QVERIFY(client.send(RawHttpsClient::request("GET", RawHttpsClient::folderTarget(bios), endpoint(),
                                                    "X-Filler: " + QByteArray(70000, 'a') + "\r\n")));
        QCOMPARE(client.read().status, 431);
        QVERIFY(client.waitClosed(5000));
    }

    void statsCountRequests()
    {
        const QJsonObject before = labStats(endpoint());
        fetch("GET", RawHttpsClient::folderTarget(bios), "Range: bytes=0-9\r\n");
        const QJsonObject after = labStats(endpoint());
        QCOMPARE(after.value(u"requests_folder"_s).toInteger(), before.value(u"requests_folder"_s).toInteger() + 1);
        QCOMPARE(after.value(u"range_requests"_s).toInteger(), before.value(u"range_requests"_s).toInteger() + 1);
        QVERIFY(after.value(u"connections_accepted"_s).toInteger() > before.value(u"connections_accepted"_s).toInteger());
    }

    void childGoneAfterDestruction()
    {
        auto lab = startLab(m_data.path());
        QVERIFY(lab);
        const qint64 pid = lab->processId();
        QVERIFY(processExists(pid));
        lab.reset();
        QVERIFY(!processExists(pid)); // terminated and reaped, not a zombie
    }

    void asyncStartSignalsReady()
    {
        LabSource lab;
        lab.setProgram(QStringLiteral(FERRY_LAB_PATH));
        lab.setDataDirectory(m_data.path());
        QSignalSpy ready(&lab, &LabSource::ready);
        QSignalSpy failed(&lab, &LabSource::failed);
        lab.start();
        QVERIFY(ready.wait(60000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(ready.first().first().value<SourceEndpoint>().url, lab.endpoint().url);
    }

    void badArgumentFails()
    {
        LabSource lab;
        lab.setProgram(QStringLiteral(FERRY_LAB_PATH));
        lab.setDataDirectory(m_data.path());
        lab.setExtraArguments({u"--lie"_s, u"sometimes"_s});
        const auto result = lab.startAndWait(30000);
        QVERIFY(!result);
        QCOMPARE(result.error().code(), ErrorCode::Process);
        QVERIFY2(result.error().details().contains(u"--lie"_s), qPrintable(result.error().toString()));
    }
};

QTEST_GUILESS_MAIN(TestLabFolder)
#include "tst_labfolder.moc"
