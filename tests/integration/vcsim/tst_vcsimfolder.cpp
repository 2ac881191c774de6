// Byte ranges of -flat.vmdk files through vcsim's /folder handler (Go's
// http.FileServer: 206 + Content-Range, 416 past the end), fetched with the
// URLs and TLS policy Ferry's own SourceEndpoint/TlsTrust build. The bytes are
// checked against the SHA-256 digests the launcher recorded and against the
// files on disk, so the transfer engine can rely on this peer.

#include "fixtures/vcsim/vcsimprocess.h"
#include "vsphere/sourceendpoint.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Ferry::SourceEndpoint;
using Ferry::Test::VcsimProcess;

namespace {

constexpr int replyTimeoutMs = 60000;

struct Fetched
{
    int status = 0;
    QByteArray contentRange;
    QByteArray contentType;
    QByteArray sha256Hex;
    QByteArray head; // up to the first 64 KiB, for content checks
    qint64 size = 0;
};

// GETs url with an optional Range header, hashing the body as it streams in so
// a whole disk never sits in memory.
Fetched fetch(QNetworkAccessManager &manager, const SourceEndpoint &endpoint, const QUrl &url, const QByteArray &range)
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", endpoint.basicAuthorization());
    if (!range.isEmpty())
        request.setRawHeader("Range", "bytes=" + range);
    QNetworkReply *reply = manager.get(request);
    endpoint.trust.apply(reply);
    Fetched out;
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [&] {
        const QByteArray chunk = reply->readAll();
        hash.addData(chunk);
        out.size += chunk.size();
        if (out.head.size() < 64 * 1024)
            out.head += chunk.left(64 * 1024 - out.head.size());
    });
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(replyTimeoutMs))
        reply->abort();
    const QByteArray rest = reply->readAll();
    hash.addData(rest);
    out.size += rest.size();
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.contentRange = reply->rawHeader("Content-Range");
    out.contentType = reply->rawHeader("Content-Type");
    out.sha256Hex = hash.result().toHex();
    reply->deleteLater();
    return out;
}

QByteArray localBytes(const QString &path, qint64 offset, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    return file.read(size);
}

} // namespace

class TestVcsimFolder : public QObject
{
    Q_OBJECT

private:
    void addDiskRows();

    std::unique_ptr<VcsimProcess> m_esx;
    std::unique_ptr<VcsimProcess> m_vc;
    QNetworkAccessManager m_manager;

private Q_SLOTS:
    void initTestCase();
    void headRangeMatchesDigest_data();
    void headRangeMatchesDigest();
    void tailRangeMatchesFile_data();
    void tailRangeMatchesFile();
    void wholeFileMatchesDigest_data();
    void wholeFileMatchesDigest();
    void pastEndIs416_data();
    void pastEndIs416();
    void descriptorNamesFlatFile_data();
    void descriptorNamesFlatFile();
    void cleanupTestCase();
};

void TestVcsimFolder::initTestCase()
{
    m_esx = std::make_unique<VcsimProcess>(VcsimProcess::Model::Esx);
    m_vc = std::make_unique<VcsimProcess>(VcsimProcess::Model::Vc);
    for (VcsimProcess *server : {m_esx.get(), m_vc.get()}) {
        const auto started = server->start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().toString()));
    }
}

// One row per disk of both models: the vc model has a nested datacenter
// ("F0/DC1") and a 64 MiB thin disk with a hole and a non-zero tail.
void TestVcsimFolder::addDiskRows()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QJsonObject>("disk");
    for (const auto &[model, server] : {std::pair{u"esx"_s, m_esx.get()}, std::pair{u"vc"_s, m_vc.get()}}) {
        const QJsonArray vms = server->expected().value(u"vms"_s).toArray();
        for (const QJsonValue &vm : vms) {
            for (const QJsonValue &disk : vm.toObject().value(u"disks"_s).toArray()) {
                const QString row = model + u':' + disk.toObject().value(u"fileName"_s).toString();
                QTest::newRow(qPrintable(row)) << model << disk.toObject();
            }
        }
    }
}

void TestVcsimFolder::headRangeMatchesDigest_data()
{
    addDiskRows();
}

void TestVcsimFolder::headRangeMatchesDigest()
{
    QFETCH(QString, model);
    QFETCH(QJsonObject, disk);
    const VcsimProcess &server = model == u"esx" ? *m_esx : *m_vc;
    const SourceEndpoint source = server.endpoint();
    const qint64 headSize = disk.value(u"headSize"_s).toInteger();
    const qint64 capacity = disk.value(u"capacity"_s).toInteger();
    QVERIFY(headSize > 0 && capacity >= headSize);
    const QUrl url = source.folderUrl(disk.value(u"dcPath"_s).toString(), disk.value(u"datastore"_s).toString(),
                                      disk.value(u"flatPath"_s).toString());
    const Fetched got = fetch(m_manager, source, url, "0-" + QByteArray::number(headSize - 1));
    QCOMPARE(got.status, 206);
    QCOMPARE(got.contentRange, "bytes 0-" + QByteArray::number(headSize - 1) + '/' + QByteArray::number(capacity));
    QCOMPARE(got.size, headSize);
    QCOMPARE(QString::fromLatin1(got.sha256Hex), disk.value(u"headSha256"_s).toString());
}

void TestVcsimFolder::tailRangeMatchesFile_data()
{
    addDiskRows();
}

// A range that straddles the end of the data: for big disks it covers part of
// the hole and the 4 KiB tail, for small ones the end of the head.
void TestVcsimFolder::tailRangeMatchesFile()
{
    QFETCH(QString, model);
    QFETCH(QJsonObject, disk);
    const VcsimProcess &server = model == u"esx" ? *m_esx : *m_vc;
    const SourceEndpoint source = server.endpoint();
    const qint64 capacity = disk.value(u"capacity"_s).toInteger();
    const qint64 offset = capacity - 10000;
    const QUrl url = source.folderUrl(disk.value(u"dcPath"_s).toString(), disk.value(u"datastore"_s).toString(),
                                      disk.value(u"flatPath"_s).toString());
    const Fetched got = fetch(m_manager, source, url, QByteArray::number(offset) + '-');
    QCOMPARE(got.status, 206);
    QCOMPARE(got.size, capacity - offset);
    const QByteArray onDisk = localBytes(disk.value(u"localFile"_s).toString(), offset, capacity - offset);
    QCOMPARE(onDisk.size(), capacity - offset);
    QCOMPARE(got.head, onDisk);
    QVERIFY2(onDisk.right(4096).count('\0') < 4096, "the last 4 KiB should hold data, not a hole");
}

void TestVcsimFolder::wholeFileMatchesDigest_data()
{
    addDiskRows();
}

void TestVcsimFolder::wholeFileMatchesDigest()
{
    QFETCH(QString, model);
    QFETCH(QJsonObject, disk);
    const VcsimProcess &server = model == u"esx" ? *m_esx : *m_vc;
    const SourceEndpoint source = server.endpoint();
    const QUrl url = source.folderUrl(disk.value(u"dcPath"_s).toString(), disk.value(u"datastore"_s).toString(),
                                      disk.value(u"flatPath"_s).toString());
    const Fetched got = fetch(m_manager, source, url, {});
    QCOMPARE(got.status, 200);
    QCOMPARE(got.size, disk.value(u"capacity"_s).toInteger());
    QCOMPARE(QString::fromLatin1(got.sha256Hex), disk.value(u"sha256"_s).toString());
}

void TestVcsimFolder::pastEndIs416_data()
{
    addDiskRows();
}

void TestVcsimFolder::pastEndIs416()
{
    QFETCH(QString, model);
    QFETCH(QJsonObject, disk);
    const VcsimProcess &server = model == u"esx" ? *m_esx : *m_vc;
    const SourceEndpoint source = server.endpoint();
    const qint64 capacity = disk.value(u"capacity"_s).toInteger();
    const QUrl url = source.folderUrl(disk.value(u"dcPath"_s).toString(), disk.value(u"datastore"_s).toString(),
                                      disk.value(u"flatPath"_s).toString());
    const Fetched got = fetch(m_manager, source, url, QByteArray::number(capacity) + '-' + QByteArray::number(capacity + 4095));
    QCOMPARE(got.status, 416);
    QCOMPARE(got.contentRange, "bytes */" + QByteArray::number(capacity));
}

void TestVcsimFolder::descriptorNamesFlatFile_data()
{
    addDiskRows();
}

void TestVcsimFolder::descriptorNamesFlatFile()
{
    QFETCH(QString, model);
    QFETCH(QJsonObject, disk);
    const VcsimProcess &server = model == u"esx" ? *m_esx : *m_vc;
    const SourceEndpoint source = server.endpoint();
    const QUrl url = source.folderUrl(disk.value(u"dcPath"_s).toString(), disk.value(u"datastore"_s).toString(),
                                      disk.value(u"path"_s).toString());
    const Fetched got = fetch(m_manager, source, url, {});
    QCOMPARE(got.status, 200);
    const QString flatName = disk.value(u"flatPath"_s).toString().section(u'/', -1);
    const QByteArray extent = "RW " + QByteArray::number(disk.value(u"capacity"_s).toInteger() / 512) + " VMFS \"" + flatName.toUtf8()
        + '"';
    QVERIFY2(got.head.contains(extent), got.head.constData());
    QVERIFY(got.head.startsWith("# Disk DescriptorFile"));
}

void TestVcsimFolder::cleanupTestCase()
{
    QList<qint64> pids;
    for (const auto *server : {m_esx.get(), m_vc.get()})
        if (server)
            pids += server->pid();
    m_esx.reset();
    m_vc.reset();
    for (const qint64 pid : std::as_const(pids))
        QVERIFY2(VcsimProcess::isGone(pid), qPrintable(u"ferry-vcsim pid %1 is still running"_s.arg(pid)));
}

QTEST_GUILESS_MAIN(TestVcsimFolder)
#include "tst_vcsimfolder.moc"
