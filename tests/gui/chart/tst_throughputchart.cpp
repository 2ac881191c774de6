#include "widgets/throughputchart.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QPixmap>
#include <QTest>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;
using namespace Ferry;

namespace {

// One meter reading: connection rates in MB/s, the total is their sum.
ThroughputSample sampleAt(qint64 ms, const QList<double> &connectionsMBps)
{
    ThroughputSample sample;
    sample.elapsedMs = ms;
    for (const double rate : connectionsMBps)
        sample.connectionBytesPerSecond << rate * 1e6;
    sample.bytesPerSecond = std::accumulate(sample.connectionBytesPerSecond.cbegin(), sample.connectionBytesPerSecond.cend(), 0.0);
    sample.smoothedBytesPerSecond = sample.bytesPerSecond;
    return sample;
}

} // namespace

class TestThroughputChart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seriesFollowTheSamples();
    void samplesInOneBucketAreAveraged();
    void windowDropsOldPoints_data();
    void windowDropsOldPoints();
    void connectionCountChanges();
    void resumedMeterContinuesTheTimeAxis();
    void repaintsAreCoalesced();
    void renderCostWithSixteenConnections();
    void bottleneckLineUnderTheChart();
    void autoConnectionCountIsAStepLine();
};

void TestThroughputChart::autoConnectionCountIsAStepLine()
{
    ThroughputChart chart;
    chart.setWindow(60, 600);
    const auto at = [](qint64 ms, int connections) {
        ThroughputSample sample = sampleAt(ms, QList<double>(connections, 10));
        sample.connections = connections;
        return sample;
    };
    // A fixed count draws no count line.
    for (int i = 1; i <= 10; ++i)
        chart.addSample(at(i * 100, 2));
    chart.flush();
    QCOMPARE(chart.seriesCount(), 3);
    QVERIFY(chart.connectionCountPoints().isEmpty());
    // --connections auto: 2 -> 3 at 3 s, 3 -> 4 at 6 s, back to 3 at 9 s.
    for (int i = 11; i <= 120; ++i)
        chart.addSample(at(i * 100, i <= 30 ? 2 : i <= 60 ? 3 : i <= 90 ? 4 : 3));
    chart.flush();
    QCOMPARE(chart.connectionCount(), 3);
    QCOMPARE(chart.seriesCount(), 3 + 2); // total, 3 connections, the count
    const QList<QPointF> steps = chart.connectionCountPoints();
    const QList<QPointF> expected{{0.1, 2}, {3.1, 2}, {3.1, 3}, {6.1, 3}, {6.1, 4}, {9.1, 4}, {9.1, 3}, {12.0, 3}};
    QCOMPARE(steps, expected);
    chart.clear();
    QCOMPARE(chart.seriesCount(), 1);
    QVERIFY(chart.connectionCountPoints().isEmpty());
}

void TestThroughputChart::seriesFollowTheSamples()
{
    ThroughputChart chart;
    chart.setWindow(60, 600); // 100 ms buckets: one point per sample
    for (int i = 1; i <= 50; ++i)
        chart.addSample(sampleAt(i * 100, {10, 20, 30, 40}));
    QVERIFY(chart.totalPoints().isEmpty()); // nothing drawn before the flush
    chart.flush();

    QCOMPARE(chart.connectionCount(), 4);
    QCOMPARE(chart.seriesCount(), 5);
    const QList<QPointF> total = chart.totalPoints();
    QCOMPARE(total.size(), 50);
    QCOMPARE(total.first(), QPointF(0.1, 100));
    QCOMPARE(total.last(), QPointF(5.0, 100));
    QCOMPARE(chart.connectionPoints(2).size(), 50);
    QCOMPARE(chart.connectionPoints(2).last().y(), 30.0);
    // The time axis starts at 0 and spans at least 10 s; MB/s rounds up to 1-2-5 steps.
    QCOMPARE(chart.timeRange(), QPointF(0, 10));
    QCOMPARE(chart.rateRange(), QPointF(0, 200));

    for (int i = 51; i <= 150; ++i)
        chart.addSample(sampleAt(i * 100, {100, 200, 300, 400}));
    chart.flush();
    QCOMPARE(chart.timeRange(), QPointF(0, 16));   // the axis moves in 2 s steps (60 s / 30)
    QCOMPARE(chart.rateRange(), QPointF(0, 2000)); // 1000 MB/s * 1.1 -> 2000
}

void TestThroughputChart::samplesInOneBucketAreAveraged()
{
    ThroughputChart chart;
    chart.setWindow(300, 600); // 500 ms buckets
    // 0..499 ms and 500..999 ms: five samples each, alternating 10 and 30 MB/s.
    for (int i = 0; i < 10; ++i)
        chart.addSample(sampleAt(i * 100, {i % 2 == 0 ? 10.0 : 30.0}));
    chart.flush();
    const QList<QPointF> total = chart.totalPoints();
    QCOMPARE(total.size(), 2);
    QCOMPARE(total.at(0).y(), (10 + 30 + 10 + 30 + 10) / 5.0);
    QCOMPARE(total.at(1).y(), (30 + 10 + 30 + 10 + 30) / 5.0);
    QCOMPARE(total.at(1).x(), 0.9); // the latest sample of the bucket
}

void TestThroughputChart::windowDropsOldPoints_data()
{
    QTest::addColumn<double>("window");
    QTest::addColumn<int>("maxPoints");
    QTest::addColumn<int>("seconds");
    QTest::newRow("5s-of-20s") << 5.0 << 50 << 20;
    QTest::newRow("10s-of-60s-coarse") << 10.0 << 20 << 60;
    QTest::newRow("300s-of-900s") << 300.0 << 600 << 900;
}

void TestThroughputChart::windowDropsOldPoints()
{
    QFETCH(double, window);
    QFETCH(int, maxPoints);
    QFETCH(int, seconds);
    ThroughputChart chart;
    chart.setWindow(window, maxPoints);
    for (int ms = 100; ms <= seconds * 1000; ms += 100) {
        chart.addSample(sampleAt(ms, {5, 5}));
        if (ms % 1000 == 0)
            chart.flush();
    }
    chart.flush();
    const QList<QPointF> total = chart.totalPoints();
    QVERIFY(!total.isEmpty());
    QVERIFY2(total.first().x() >= seconds - window, qPrintable(QString::number(total.first().x())));
    QCOMPARE(total.last().x(), double(seconds));
    QVERIFY2(total.size() <= maxPoints + 1, qPrintable(QString::number(total.size()))); // memory stays bounded
    QVERIFY(chart.connectionPoints(1).size() <= maxPoints + 1);
    QCOMPARE(chart.timeRange(), QPointF(seconds - window, seconds));
}

void TestThroughputChart::connectionCountChanges()
{
    ThroughputChart chart;
    chart.setWindow(60, 600);
    for (int i = 1; i <= 10; ++i)
        chart.addSample(sampleAt(i * 100, {10, 10, 10, 10}));
    chart.flush();
    QCOMPARE(chart.connectionCount(), 4);

    chart.addSample(sampleAt(1100, {25, 25}));
    chart.flush();
    QCOMPARE(chart.connectionCount(), 2);
    QCOMPARE(chart.seriesCount(), 3);
    QCOMPARE(chart.totalPoints().size(), 11); // the total keeps its past
    QCOMPARE(chart.totalPoints().last().y(), 50.0);

    chart.addSample(sampleAt(1200, QList<double>(16, 2.0)));
    chart.flush();
    QCOMPARE(chart.connectionCount(), 16);
    QCOMPARE(chart.seriesCount(), 17);
    QCOMPARE(chart.connectionPoints(15).size(), 1); // a new connection has no past
    QCOMPARE(chart.connectionPoints(15).first().y(), 2.0);
    QCOMPARE(chart.connectionPoints(16).size(), 0);

    chart.clear();
    QCOMPARE(chart.connectionCount(), 0);
    QCOMPARE(chart.seriesCount(), 1);
    QVERIFY(chart.totalPoints().isEmpty());
}

void TestThroughputChart::resumedMeterContinuesTheTimeAxis()
{
    ThroughputChart chart;
    chart.setWindow(60, 600);
    for (int i = 1; i <= 30; ++i)
        chart.addSample(sampleAt(i * 100, {10}));
    // A resumed transfer has a new meter that starts at zero again.
    for (int i = 1; i <= 10; ++i)
        chart.addSample(sampleAt(i * 100, {20}));
    chart.flush();
    const QList<QPointF> total = chart.totalPoints();
    QCOMPARE(total.size(), 40);
    QCOMPARE(total.at(29), QPointF(3.0, 10));
    QCOMPARE(total.at(30), QPointF(3.1, 20));
    QCOMPARE(total.last(), QPointF(4.0, 20));
    QVERIFY(std::is_sorted(total.cbegin(), total.cend(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
}

void TestThroughputChart::repaintsAreCoalesced()
{
    // Samples only reach the series through the flush timer (~6/s), not one by one.
    ThroughputChart chart;
    chart.setWindow(60, 600);
    chart.addSample(sampleAt(100, {1, 2}));
    chart.addSample(sampleAt(200, {1, 2}));
    QVERIFY(chart.totalPoints().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(chart.totalPoints().size(), 2, 2000);
}

void TestThroughputChart::renderCostWithSixteenConnections()
{
    // Not a timed assertion (performance claims live in benchmarks): prints what one
    // flush + paint costs with a full 5-minute window at 16 connections, the worst case
    // the page shows, so a regression is visible in the log.
    ThroughputChart chart;
    chart.resize(1000, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QList<double> rates(16, 0.0);
    QElapsedTimer feed;
    feed.start();
    for (int ms = 100; ms <= 300000; ms += 100) {
        for (int c = 0; c < 16; ++c)
            rates[c] = 20 + (ms / 100 + c * 7) % 11;
        chart.addSample(sampleAt(ms, rates));
    }
    const double feedUs = feed.nsecsElapsed() / 1000.0 / 3000;
    QList<double> flushes;
    QList<double> frames;
    for (int frame = 0; frame <= 20; ++frame) { // frame 0 lays the window out: not counted
        int ms = 300000 + (frame + 1) * 200;
        chart.addSample(sampleAt(ms - 100, rates));
        chart.addSample(sampleAt(ms, rates));
        QElapsedTimer timer;
        timer.start();
        chart.flush();
        const double flushMs = timer.nsecsElapsed() / 1e6;
        QCoreApplication::processEvents(); // the scene's deferred layout and update
        const QPixmap pixmap = chart.grab();
        QVERIFY(!pixmap.isNull());
        if (frame == 0)
            continue;
        flushes << flushMs;
        frames << timer.nsecsElapsed() / 1e6;
    }
    std::sort(flushes.begin(), flushes.end());
    std::sort(frames.begin(), frames.end());
    QCOMPARE(chart.connectionCount(), 16);
    QVERIFY(chart.totalPoints().size() <= 601);
    qInfo("addSample: %.1f us per sample; at 16 connections, 600 points per series: flush median %.1f ms, "
          "flush + paint median %.1f ms, max %.1f ms",
          feedUs, flushes.at(flushes.size() / 2), frames.at(frames.size() / 2), frames.last());
}

void TestThroughputChart::bottleneckLineUnderTheChart()
{
    ThroughputChart chart;
    chart.resize(600, 300);
    chart.show();
    auto *line = chart.findChild<QLabel *>(u"bottleneckLabel"_s);
    QVERIFY(line);
    chart.addSample(sampleAt(100, {25, 25}));
    QVERIFY(chart.bottleneckText().isEmpty()); // nothing measured yet: no line
    QVERIFY(!line->isVisible());

    ThroughputSample capped = sampleAt(1100, {25, 25});
    capped.bottleneck.kind = Bottleneck::Kind::SourcePerConnection;
    capped.bottleneck.perConnectionBytesPerSecond = 25e6;
    chart.addSample(capped);
    QCOMPARE(chart.bottleneckText(), u"Limited by the source: each connection at ~25 MB/s - more connections help"_s);
    QVERIFY(line->isVisible());

    ThroughputSample disk = sampleAt(2100, {5, 5});
    disk.bottleneck.kind = Bottleneck::Kind::Target;
    disk.bottleneck.targetShare = 0.72;
    chart.addSample(disk);
    QCOMPARE(chart.bottleneckText(), u"Limited by the target disk: writing takes 72% of the time"_s);

    chart.clear();
    QVERIFY(chart.bottleneckText().isEmpty());
    QVERIFY(!line->isVisible());
}

QTEST_MAIN(TestThroughputChart)
#include "tst_throughputchart.moc"
