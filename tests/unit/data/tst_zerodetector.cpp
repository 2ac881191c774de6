#include "data/zerodetector.h"
#include "diskpattern.h"

#include <QTest>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

class TestZeroDetector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isZero_data();
    void isZero();
    void isZeroAgreesWithNaiveCheck();
    void splitRuns_data();
    void splitRuns();
    void runAtMidBuffer();
};

void TestZeroDetector::isZero_data()
{
    QTest::addColumn<qsizetype>("size");
    QTest::addColumn<qsizetype>("nonZeroAt"); // -1: all zero

    QTest::newRow("empty") << qsizetype(0) << qsizetype(-1);
    QTest::newRow("one zero byte") << qsizetype(1) << qsizetype(-1);
    QTest::newRow("one non-zero byte") << qsizetype(1) << qsizetype(0);
    QTest::newRow("15 zero") << qsizetype(15) << qsizetype(-1);
    QTest::newRow("16 zero") << qsizetype(16) << qsizetype(-1);
    QTest::newRow("17 zero") << qsizetype(17) << qsizetype(-1);
    QTest::newRow("17, last set") << qsizetype(17) << qsizetype(16);
    QTest::newRow("block zero") << kZeroBlock << qsizetype(-1);
    QTest::newRow("block, first set") << kZeroBlock << qsizetype(0);
    QTest::newRow("block, byte 15 set") << kZeroBlock << qsizetype(15);
    QTest::newRow("block, byte 16 set") << kZeroBlock << qsizetype(16);
    QTest::newRow("block, middle set") << kZeroBlock << kZeroBlock / 2 + 3;
    QTest::newRow("block, last set") << kZeroBlock << kZeroBlock - 1;
    QTest::newRow("odd size, last set") << qsizetype(100003) << qsizetype(100002);
}

void TestZeroDetector::isZero()
{
    QFETCH(qsizetype, size);
    QFETCH(qsizetype, nonZeroAt);
    QByteArray data(size, '\0');
    if (nonZeroAt >= 0)
        data[nonZeroAt] = '\x80';
    QCOMPARE(ZeroDetector::isZero(data), nonZeroAt < 0);
}

void TestZeroDetector::isZeroAgreesWithNaiveCheck()
{
    // Every single-byte position in a short buffer, across the 16-byte prefix boundary.
    for (qsizetype at = 0; at < 64; ++at) {
        QByteArray data(64, '\0');
        data[at] = 1;
        QCOMPARE(ZeroDetector::isZero(data), DiskPattern::naiveIsZero(data.constData(), data.size()));
        QVERIFY(ZeroDetector::isZero(QByteArrayView(data).first(at)));
    }
}

void TestZeroDetector::splitRuns_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("expected"); // "Z:offset:length D:offset:length ..."

    const qsizetype b = kZeroBlock;
    auto runs = [](std::initializer_list<std::tuple<char, qsizetype, qsizetype>> list) {
        QStringList out;
        for (const auto &[kind, offset, length] : list)
            out << u"%1:%2:%3"_s.arg(QLatin1Char(kind)).arg(offset).arg(length);
        return out.join(u' ');
    };
    QTest::newRow("empty") << u""_s << u""_s;
    QTest::newRow("all zero") << u"Z1M"_s << runs({{'Z', 0, 16 * b}});
    QTest::newRow("all data") << u"D1M"_s << runs({{'D', 0, 16 * b}});
    QTest::newRow("zero data zero") << u"Z128K D64K Z192K"_s << runs({{'Z', 0, 2 * b}, {'D', 2 * b, b}, {'Z', 3 * b, 3 * b}});
    QTest::newRow("one byte spoils a block") << u"Z64K B64K Z64K"_s << runs({{'Z', 0, b}, {'D', b, b}, {'Z', 2 * b, b}});
    QTest::newRow("data inside a zero block") << u"Z102400 D1 Z28671"_s << runs({{'Z', 0, b}, {'D', b, b}});
    QTest::newRow("short zero tail") << u"D64K Z100"_s << runs({{'D', 0, b}, {'Z', b, 100}});
    QTest::newRow("short data tail") << u"Z64K D100"_s << runs({{'Z', 0, b}, {'D', b, 100}});
    QTest::newRow("shorter than a block") << u"Z1000"_s << runs({{'Z', 0, 1000}});
}

void TestZeroDetector::splitRuns()
{
    QFETCH(QString, spec);
    QFETCH(QString, expected);
    const QByteArray data = DiskPattern::make(spec);
    QStringList got;
    for (const ZeroRun &run : ZeroDetector::splitRuns(data))
        got << u"%1:%2:%3"_s.arg(run.zero ? u"Z"_s : u"D"_s).arg(run.offset).arg(run.length);
    QCOMPARE(got.join(u' '), expected);
}

void TestZeroDetector::runAtMidBuffer()
{
    const QByteArray data = DiskPattern::make(u"D64K Z128K D64K"_s);
    QCOMPARE(ZeroDetector::runAt(data, kZeroBlock), (ZeroRun{kZeroBlock, 2 * kZeroBlock, true}));
    QCOMPARE(ZeroDetector::runAt(data, data.size()).length, qsizetype(0));
}

QTEST_GUILESS_MAIN(TestZeroDetector)
#include "tst_zerodetector.moc"
