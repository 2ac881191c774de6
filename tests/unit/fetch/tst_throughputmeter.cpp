#include "fetch/throughputmeter.h"

#include <QSignalSpy>
#include <QTest>

using namespace Ferry;
using namespace std::chrono_literals;

// The meter with a hand-driven clock: no network, no sleeping.
class TestThroughputMeter : public QObject
{
    Q_OBJECT

private:
    std::chrono::steady_clock::time_point m_now{std::chrono::seconds(1000)};

    ThroughputMeter::Clock clock()
    {
        return [this] { return m_now; };
    }

private Q_SLOTS:
    void ratesPerConnectionAndTotal()
    {
        ThroughputMeter meter(3, clock());
        meter.setBytesTotal(10'000'000);
        meter.setBytesSkipped(1'000'000);
        meter.start(1h); // the timer never fires in this test
        QSignalSpy spy(&meter, &ThroughputMeter::sampled);

        meter.addBytes(0, 100'000);
        meter.addBytes(2, 300'000);
        meter.addBytes(7, 999); // out of range: ignored
        m_now += 100ms;
        const ThroughputSample first = meter.sample();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(first.elapsedMs, 100);
        QCOMPARE(first.connectionBytesPerSecond.size(), 3);
        QCOMPARE(first.connectionBytesPerSecond[0], 1'000'000.0);
        QCOMPARE(first.connectionBytesPerSecond[1], 0.0);
        QCOMPARE(first.connectionBytesPerSecond[2], 3'000'000.0);
        QCOMPARE(first.bytesPerSecond, 4'000'000.0);
        QCOMPARE(first.smoothedBytesPerSecond, 4'000'000.0); // the first sample seeds the average
        QCOMPARE(first.bytesDone, 1'400'000);
        QCOMPARE(first.bytesTotal, 10'000'000);
        QCOMPARE(first.etaSeconds, 8'600'000.0 / 4'000'000.0);

        // A quiet interval: the instant rate drops to zero, the smoothed one only a little.
        m_now += 100ms;
        const ThroughputSample second = meter.sample();
        QCOMPARE(second.bytesPerSecond, 0.0);
        QVERIFY(second.smoothedBytesPerSecond < 4'000'000.0);
        QVERIFY(second.smoothedBytesPerSecond > 3'800'000.0);
        QCOMPARE(second.bytesDone, 1'400'000);
        QVERIFY(second.etaSeconds > first.etaSeconds);
    }

    void smoothedRateConverges()
    {
        ThroughputMeter meter(1, clock());
        meter.setBytesTotal(1ll << 40);
        meter.start(1h);
        ThroughputSample sample;
        for (int i = 0; i < 300; ++i) { // 30 s at 50 MB/s after a 10 MB/s start
            meter.addBytes(0, i == 0 ? 1'000'000 : 5'000'000);
            m_now += 100ms;
            sample = meter.sample();
        }
        QVERIFY(qAbs(sample.smoothedBytesPerSecond - 50'000'000.0) < 50'000.0);
        QCOMPARE(sample.bytesPerSecond, 50'000'000.0);
    }

    void etaUnknownWithoutRateAndZeroWhenDone()
    {
        ThroughputMeter meter(1, clock());
        meter.setBytesTotal(1000);
        meter.start(1h);
        m_now += 100ms;
        QCOMPARE(meter.sample().etaSeconds, -1.0);
        meter.addBytes(0, 1000);
        m_now += 100ms;
        const ThroughputSample done = meter.sample();
        QCOMPARE(done.bytesDone, 1000);
        QCOMPARE(done.etaSeconds, 0.0);
    }

    void timerSamplesAboutTenTimesASecond()
    {
        ThroughputMeter meter(1);
        QSignalSpy spy(&meter, &ThroughputMeter::sampled);
        meter.start();
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 3, 2000);
        meter.stop();
    }
};

QTEST_GUILESS_MAIN(TestThroughputMeter)
#include "tst_throughputmeter.moc"
