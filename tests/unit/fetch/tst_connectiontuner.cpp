#include "fetch/connectiontuner.h"

#include <QTest>

#include <random>

using namespace Ferry;
using namespace Qt::StringLiterals;

using Phase = ConnectionTuner::Phase;

namespace {

constexpr double MB = 1e6;

// A source with a per-connection cap and a link cap: the rate of n connections is
// min(n x perConnection, total), with a few percent of seeded noise.
struct Source
{
    double perConnection = 10 * MB;
    double total = 40 * MB;
    double noise = 0.03; // relative, uniform +-
    std::mt19937 random{7};

    double rate(int connections)
    {
        std::uniform_real_distribution<double> jitter(1.0 - noise, 1.0 + noise);
        return std::min(connections * perConnection, total) * jitter(random);
    }
};

// Seconds of feeding the tuner from the source; the count after every second.
QList<int> run(ConnectionTuner &tuner, Source &source, int seconds)
{
    QList<int> counts;
    for (int s = 0; s < seconds; ++s) {
        ConnectionTuner::Observation o;
        o.bytesPerSecond = source.rate(tuner.connections());
        o.latencyMs = 20;
        counts << tuner.observe(o);
    }
    return counts;
}

// Seconds until the count stops changing for good (the index of the last change + 1).
int settledAfter(const QList<int> &counts)
{
    int last = 0;
    for (int i = 1; i < counts.size(); ++i) {
        if (counts[i] != counts[i - 1])
            last = i + 1;
    }
    return last;
}

int changes(const QList<int> &counts)
{
    int n = 0;
    for (int i = 1; i < counts.size(); ++i)
        n += counts[i] != counts[i - 1] ? 1 : 0;
    return n;
}

} // namespace

class TestConnectionTuner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsTheKnee_data()
    {
        QTest::addColumn<double>("perConnection");
        QTest::addColumn<double>("total");
        QTest::addColumn<int>("maximum");
        QTest::addColumn<int>("knee");

        QTest::newRow("10 MB/s each, 40 in total") << 10 * MB << 40 * MB << 16 << 4;
        QTest::newRow("25 MB/s each, 100 in total") << 25 * MB << 100 * MB << 16 << 4;
        QTest::newRow("25 MB/s each, 200 in total") << 25 * MB << 200 * MB << 16 << 8;
        // 6 -> 8 is too large a step over this knee: 7 is measured before settling.
        QTest::newRow("10 MB/s each, 68 in total: inside a larger step") << 10 * MB << 68 * MB << 16 << 7;
        QTest::newRow("one connection is all there is") << 50 * MB << 50 * MB << 16 << 1;
        QTest::newRow("no knee: the maximum") << 10 * MB << 10000 * MB << 16 << 16;
        QTest::newRow("no knee: the memory budget's maximum") << 10 * MB << 10000 * MB << 5 << 5;
    }

    void findsTheKnee()
    {
        QFETCH(double, perConnection);
        QFETCH(double, total);
        QFETCH(int, maximum);
        QFETCH(int, knee);
        ConnectionTuner::Config config;
        config.maximum = maximum;
        ConnectionTuner tuner(config);
        Source source{perConnection, total};
        const QList<int> counts = run(tuner, source, 120);

        // One more connection than the knee is as fast (within the noise) and may be
        // chosen; one less is not.
        const int chosen = counts.last();
        QVERIFY2(chosen == knee || (chosen == knee + 1 && chosen * perConnection >= total), qPrintable(QString::number(chosen)));
        QVERIFY(*std::max_element(counts.begin(), counts.end()) <= maximum);
        QCOMPARE(tuner.phase(), Phase::Holding);
        // Found within 30 s (a 16-connection knee takes the longest), then held.
        QVERIFY2(settledAfter(counts) <= 30, qPrintable(QString::number(settledAfter(counts))));
        QVERIFY(!tuner.lastReason().isEmpty() || chosen == 2);
    }

    void kneeOfFourWithinTwentySeconds()
    {
        ConnectionTuner tuner({});
        Source source; // 10 MB/s each, 40 in total
        const QList<int> counts = run(tuner, source, 20);
        QCOMPARE(counts.first(), 2);
        QCOMPARE(counts.last(), 4);
        QCOMPARE(tuner.phase(), Phase::Holding);
        // 2 -> 3 -> 4 -> 5 -> back to 4: one step per measured window, never two at once.
        for (int i = 1; i < counts.size(); ++i)
            QVERIFY(std::abs(counts[i] - counts[i - 1]) <= 1);
        QCOMPARE(changes(counts), 4);
    }

    void holdsWithoutOscillatingOnNoise()
    {
        ConnectionTuner tuner({});
        Source source;
        source.noise = 0.10; // a busy machine: +-10% from second to second
        const QList<int> counts = run(tuner, source, 600);
        // Climbing and the one step back; after that ten minutes without a change.
        QVERIFY2(changes(counts) <= 5, qPrintable(QString::number(changes(counts))));
        QVERIFY(settledAfter(counts) <= 30);
        QVERIFY(counts.last() >= 4 && counts.last() <= 5);
    }

    void backsOffOn503Storm()
    {
        ConnectionTuner tuner({});
        Source source{25 * MB, 1000 * MB, 0.0};
        run(tuner, source, 60);
        const int before = tuner.connections();
        QVERIFY(before >= 8);

        ConnectionTuner::Observation storm;
        storm.bytesPerSecond = before * 5 * MB;
        storm.responses503 = 20;
        QCOMPARE(tuner.observe(storm), before / 2);
        QCOMPARE(tuner.phase(), Phase::Cooldown);
        QCOMPARE(tuner.ceiling(), before - 1);
        QVERIFY(tuner.lastReason().contains(u"503"_s));
        // The rest of the same storm (answers to requests sent before) halves nothing more.
        QCOMPARE(tuner.observe(storm), before / 2);
        QCOMPARE(tuner.observe(storm), before / 2);

        // Then the server recovers: no increase during the cooldown, later a climb that
        // never passes the count that stormed.
        QList<int> after = run(tuner, source, 120);
        for (int i = 0; i < 7; ++i)
            QCOMPARE(after[i], before / 2);
        QVERIFY(*std::max_element(after.begin(), after.end()) <= before - 1);
        QCOMPARE(after.last(), before - 1);
        QCOMPARE(tuner.phase(), Phase::Holding);
    }

    void aPersistentStormGoesDownToTheMinimum()
    {
        ConnectionTuner tuner({});
        Source source{25 * MB, 1000 * MB, 0.0};
        run(tuner, source, 60);
        ConnectionTuner::Observation storm;
        storm.responses503 = 10;
        for (int s = 0; s < 30; ++s)
            tuner.observe(storm);
        QCOMPARE(tuner.connections(), 1);
        QCOMPARE(tuner.ceiling(), 1);
    }

    void scattered503sAreNoStorm()
    {
        ConnectionTuner tuner({});
        Source source;
        QList<int> counts;
        for (int s = 0; s < 60; ++s) {
            ConnectionTuner::Observation o;
            o.bytesPerSecond = source.rate(tuner.connections());
            o.responses503 = s % 3 == 0 ? 1 : 0;
            counts << tuner.observe(o);
        }
        QCOMPARE(counts.last(), 4);
        QCOMPARE(tuner.ceiling(), 16);
    }

    void risingLatencyTakesAConnectionAway()
    {
        ConnectionTuner tuner({});
        Source source;
        run(tuner, source, 30);
        const int knee = tuner.connections();
        QCOMPARE(tuner.phase(), Phase::Holding);
        // One slow window (2 s) is a hiccup.
        for (int s = 0; s < 2; ++s)
            tuner.observe({source.rate(knee), 0, 90});
        tuner.observe({source.rate(knee), 0, 20});
        tuner.observe({source.rate(knee), 0, 20});
        QCOMPARE(tuner.connections(), knee);
        // A few ms more are jitter, not queueing.
        for (int s = 0; s < 10; ++s)
            tuner.observe({source.rate(knee), 0, 45});
        QCOMPARE(tuner.connections(), knee);
        // The server starts queueing: 20 ms became 90 ms for good, the rate is the same.
        int seconds = 0;
        for (; seconds < 10 && tuner.connections() == knee; ++seconds)
            tuner.observe({source.rate(knee), 0, 90});
        QVERIFY2(seconds == 4 || seconds == 5, qPrintable(QString::number(seconds))); // two whole windows
        QCOMPARE(tuner.connections(), knee - 1);
        QCOMPARE(tuner.ceiling(), knee - 1);
        QVERIFY(tuner.lastReason().contains(u"latency"_s));
    }

    void theTailOfACopyDecidesNothing()
    {
        ConnectionTuner tuner({});
        Source source{10 * MB, 1000 * MB, 0.0};
        run(tuner, source, 4); // measured 2, now trying 3
        QCOMPARE(tuner.connections(), 3);
        // The last chunks: fewer than there are connections, the rate falls.
        for (int s = 0; s < 20; ++s) {
            ConnectionTuner::Observation o;
            o.bytesPerSecond = 5 * MB;
            o.saturated = false;
            QCOMPARE(tuner.observe(o), 3);
        }
        QCOMPARE(tuner.phase(), Phase::Probing);
    }
};

QTEST_GUILESS_MAIN(TestConnectionTuner)
#include "tst_connectiontuner.moc"
