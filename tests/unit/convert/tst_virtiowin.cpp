// The Windows half of the conversion policy: which virtio-win paths are accepted, that a
// Windows guest is converted only with one, and the advice it gets without one.
#include "convert/conversionpolicy.h"
#include "convert/virtiowin.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestVirtioWin : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &data)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
            return {};
        return file.fileName();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void acceptsAnIsoOrADriverDirectory()
    {
        QByteArray iso(32768 + 2048, '\0');
        iso[32768] = 1;
        iso.replace(32769, 5, "CD001");
        const QString isoPath = write(u"virtio-win.iso"_s, iso);
        QCOMPARE(VirtioWin::check(isoPath).value_or(QString()), isoPath);
        QVERIFY(QDir(m_dir.path()).mkpath(u"unpacked/viostor/2k22/amd64"_s));
        QCOMPARE(VirtioWin::check(m_dir.filePath(u"unpacked"_s)).value_or(QString()), m_dir.filePath(u"unpacked"_s));
        // Relative paths come back absolute, as virt-v2v runs in another directory.
        const QString before = QDir::currentPath();
        QDir::setCurrent(m_dir.path());
        QCOMPARE(VirtioWin::check(u"virtio-win.iso"_s).value_or(QString()), isoPath);
        QDir::setCurrent(before);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QString() << u"no virtio-win path"_s;
        QTest::newRow("missing") << u"/nonexistent/virtio-win.iso"_s << u"does not exist"_s;
        QTest::newRow("not an iso") << u"notes.txt"_s << u"not an ISO image"_s;
        QTest::newRow("short file") << u"short.iso"_s << u"not an ISO image"_s;
        QTest::newRow("directory without drivers") << u"empty-dir"_s << u"no viostor or vioscsi"_s;
    }

    void refusals()
    {
        QFETCH(QString, path);
        QFETCH(QString, reason);
        write(u"notes.txt"_s, QByteArray(40000, 'x'));
        write(u"short.iso"_s, "CD001");
        QDir(m_dir.path()).mkpath(u"empty-dir/NetKVM"_s);
        const QString full = path.isEmpty() || path.startsWith(u'/') ? path : m_dir.filePath(path);
        const auto checked = VirtioWin::check(full);
        QVERIFY(!checked);
        QCOMPARE(checked.error().code(), ErrorCode::Usage);
        QVERIFY2(checked.error().message().contains(reason), qPrintable(checked.error().message()));
    }

    void windowsIsConvertedOnlyWithVirtioWin()
    {
        const QJsonObject windows{{u"os"_s, QJsonObject{{u"family"_s, u"windows"_s}}}};
        QVERIFY(ConversionPolicy::needsVirtioWin(windows));
        QCOMPARE(ConversionPolicy::skipReason(windows, true), QString());
        const QString advice = ConversionPolicy::skipReason(windows, false, u"/srv/out/win01"_s);
        QVERIFY2(advice.contains(u"keeps SATA disks and an e1000e NIC"_s), qPrintable(advice));
        QVERIFY2(advice.contains(u"ferry-cli convert /srv/out/win01 --virtio-win "_s), qPrintable(advice));
        // A Linux guest does not need it, and having it changes nothing for one without a kernel.
        const QJsonObject noKernel{{u"os"_s, QJsonObject{{u"family"_s, u"linux"_s}}}};
        QVERIFY(!ConversionPolicy::needsVirtioWin(noKernel));
        QVERIFY(!ConversionPolicy::skipReason(noKernel, true).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestVirtioWin)
#include "tst_virtiowin.moc"
