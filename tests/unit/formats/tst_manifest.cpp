// OVF manifests in ovftool's and VirtualBox's spellings, and files checked against them
// while they stream (DigestingByteSource): a flipped byte is an Integrity error.

#include "formats/digestingbytesource.h"
#include "formats/manifest.h"
#include "formats/memorybytesource.h"
#include "formattestsupport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestManifest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesBothSpellings();
    void refuses_data();
    void refuses();
    void digestWhileStreaming();
    void digestThroughput();
};

void TestManifest::parsesBothSpellings()
{
    const QByteArray sha256(QCryptographicHash::hash("disk", QCryptographicHash::Sha256).toHex());
    const QByteArray sha1(QCryptographicHash::hash("ovf", QCryptographicHash::Sha1).toHex());
    const QByteArray sha512(QCryptographicHash::hash("x", QCryptographicHash::Sha512).toHex());
    const QByteArray text = "SHA256(web01-disk1.vmdk)= " + sha256 + "\r\nSHA1 (web01.ovf) = " + sha1.toUpper()
        + "\n\nSHA512(odd (1).vmdk)= " + sha512 + "\n";
    auto manifest = Manifest::parse(text);
    QVERIFY2(manifest, qPrintable(manifest ? QString() : manifest.error().toString()));
    QCOMPARE(manifest->entries.size(), 3);
    const Manifest::Entry *disk = manifest->find(u"web01-disk1.vmdk"_s);
    QVERIFY(disk);
    QCOMPARE(disk->algorithm, QCryptographicHash::Sha256);
    QCOMPARE(disk->digest, QByteArray::fromHex(sha256));
    QCOMPARE(manifest->find(u"web01.ovf"_s)->algorithm, QCryptographicHash::Sha1);
    QCOMPARE(manifest->find(u"web01.ovf"_s)->digest, QByteArray::fromHex(sha1));
    QCOMPARE(manifest->find(u"odd (1).vmdk"_s)->algorithmName, u"SHA512"_s);
    QVERIFY(!manifest->find(u"missing"_s));
}

void TestManifest::refuses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    const QByteArray hex(64, 'a');
    QTest::newRow("garbage line") << QByteArray("hello world\n") << u"line 1"_s;
    QTest::newRow("md5") << QByteArray("MD5(a)= 0123456789abcdef0123456789abcdef\n") << u"unknown digest algorithm 'MD5'"_s;
    QTest::newRow("short digest") << QByteArray("SHA256(a)= abcd\n") << u"4 hex digits, expected 64"_s;
    QTest::newRow("sha1 length for sha256") << QByteArray("SHA256(a)= ") + QByteArray(40, 'b') << u"expected 64"_s;
    QTest::newRow("not hex") << QByteArray("SHA256(a)= ") + QByteArray(64, 'z') << u"line 1"_s;
    QTest::newRow("twice") << QByteArray("SHA256(a)= " + hex + "\nSHA1(a)= " + QByteArray(40, 'c') + "\n") << u"listed twice"_s;
    QTest::newRow("too large") << QByteArray(Manifest::maxSize + 1, '\n') << u"larger than"_s;
}

void TestManifest::refuses()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    auto manifest = Manifest::parse(text);
    QVERIFY(!manifest);
    QVERIFY2(manifest.error().message().contains(error), qPrintable(manifest.error().message()));
}

void TestManifest::digestWhileStreaming()
{
    const QByteArray data = FormatTest::patternImage(1 << 20);
    for (auto algorithm : {QCryptographicHash::Sha1, QCryptographicHash::Sha256}) {
        const QByteArray digest = QCryptographicHash::hash(data, algorithm);
        const QByteArray name = algorithm == QCryptographicHash::Sha1 ? "SHA1 (disk.vmdk) = " : "SHA256(disk.vmdk)= ";
        auto manifest = Manifest::parse(QByteArray(name + digest.toHex() + "\n"));
        QVERIFY(manifest);
        // The consumer reads only part of the file; finish() reads the rest into the digest.
        MemoryByteSource inner(data, 10000);
        DigestingByteSource checked(inner, *manifest->find(u"disk.vmdk"_s));
        QByteArray head(4096, '\0');
        QVERIFY(checked.readExactly(head.data(), head.size(), u"head"_s));
        QVERIFY(checked.finish());
        QCOMPARE(checked.actualDigest(), digest);

        QByteArray flipped = data;
        flipped[700000] = char(flipped[700000] ^ 1);
        MemoryByteSource bad(flipped);
        DigestingByteSource badChecked(bad, *manifest->find(u"disk.vmdk"_s));
        auto result = badChecked.finish();
        QVERIFY(!result);
        QCOMPARE(result.error().code(), ErrorCode::Integrity);
        QVERIFY2(result.error().message().contains(u"does not match the manifest"_s), qPrintable(result.error().message()));
        QVERIFY(result.error().details().contains(QString::fromLatin1(digest.toHex())));
    }
}

// SHA-256 of 64 MiB through DigestingByteSource (OpenSSL EVP) next to QCryptographicHash,
// printed for the record: the manifest check sees every byte of an OVA's disk entries.
void TestManifest::digestThroughput()
{
    const QByteArray data(64 << 20, 'd');
    const QByteArray digest = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    auto manifest = Manifest::parse(QByteArray("SHA256(d)= " + digest.toHex()));
    QVERIFY(manifest);
    QElapsedTimer timer;
    timer.start();
    MemoryByteSource source(data);
    DigestingByteSource checked(source, manifest->entries[0]);
    QVERIFY(checked.finish());
    const double evp = qMax<qint64>(timer.restart(), 1) / 1000.0;
    (void)QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    const double qt = qMax<qint64>(timer.elapsed(), 1) / 1000.0;
    qInfo("SHA-256 of 64 MiB: DigestingByteSource (EVP) %.0f MB/s, QCryptographicHash %.0f MB/s", data.size() / evp / 1e6,
          data.size() / qt / 1e6);
}

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
