#include "data/writtenmap.h"
#include "data/zerodetector.h"

#include <QTest>

using namespace Ferry;

namespace {
constexpr qint64 B = kZeroBlock;
}

class TestWrittenMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void untouched_data();
    void untouched();
};

void TestWrittenMap::untouched_data()
{
    QTest::addColumn<qint64>("capacity");
    QTest::addColumn<qint64>("writeOffset");
    QTest::addColumn<qint64>("writeLength");
    QTest::addColumn<qint64>("zeroOffset");
    QTest::addColumn<qint64>("zeroLength");
    QTest::addColumn<bool>("untouched");

    QTest::newRow("nothing written") << 100 * B << qint64(0) << qint64(0) << qint64(0) << 100 * B << true;
    QTest::newRow("same range") << 100 * B << 3 * B << B << 3 * B << B << false;
    QTest::newRow("neighbour block") << 100 * B << 3 * B << B << 4 * B << B << true;
    QTest::newRow("shared block, other bytes") << 100 * B << 3 * B << qint64(10) << 3 * B + 10 << B - 10 << false;
    QTest::newRow("one byte in a long zero run") << 1000 * B << 640 * B + 7 << qint64(1) << qint64(0) << 1000 * B << false;
    QTest::newRow("across a 64-block word") << 200 * B << 63 * B << 2 * B << 64 * B << B << false;
    QTest::newRow("just after a word-crossing write") << 200 * B << 63 * B << 2 * B << 65 * B << 60 * B << true;
    QTest::newRow("last partial block") << 10 * B + 100 << 10 * B << qint64(50) << 10 * B + 60 << qint64(40) << false;
    QTest::newRow("outside the disk is never untouched") << 10 * B << qint64(0) << qint64(0) << 9 * B << 2 * B << false;
    // offset + length wraps qint64: must not read as a short range (or read out of bounds).
    constexpr qint64 huge = std::numeric_limits<qint64>::max();
    QTest::newRow("zero length wrapping qint64") << 100 * B << 3 * B << B << 50 * B << huge << false;
    QTest::newRow("write length wrapping qint64") << 100 * B << 3 * B << huge << 90 * B << B << false;
}

void TestWrittenMap::untouched()
{
    QFETCH(qint64, capacity);
    QFETCH(qint64, writeOffset);
    QFETCH(qint64, writeLength);
    QFETCH(qint64, zeroOffset);
    QFETCH(qint64, zeroLength);
    QFETCH(bool, untouched);
    WrittenMap map(capacity);
    QVERIFY(map.isUntouched(zeroOffset, std::min(zeroLength, capacity - zeroOffset)) || zeroOffset + zeroLength > capacity);
    map.markWritten(writeOffset, writeLength);
    QCOMPARE(map.isUntouched(zeroOffset, zeroLength), untouched);
}

QTEST_GUILESS_MAIN(TestWrittenMap)
#include "tst_writtenmap.moc"
