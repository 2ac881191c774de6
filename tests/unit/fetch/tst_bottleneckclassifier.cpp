#include "fetch/bottleneck.h"

#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

using Kind = Bottleneck::Kind;

Q_DECLARE_METATYPE(Ferry::FetchTimeShares)
Q_DECLARE_METATYPE(Ferry::Bottleneck::Kind)

namespace {

// One second of two fetch threads on a 2-core machine that is otherwise idle.
FetchTimeShares second(double cpu, double sink, double sinkCpu, QList<double> rates)
{
    FetchTimeShares shares;
    shares.seconds = 1;
    shares.threads = 2;
    shares.cpuSeconds = cpu;
    shares.sinkSeconds = sink;
    shares.sinkCpuSeconds = sinkCpu;
    shares.processCpuSeconds = cpu + 0.1;
    shares.machineBusyShare = (cpu + 0.1) / 2;
    shares.cores = 2;
    shares.connectionBytesPerSecond = std::move(rates);
    return shares;
}

QList<double> even(int connections, double rate)
{
    return QList<double>(connections, rate);
}

} // namespace

class TestBottleneckClassifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verdicts_data();
    void verdicts();
    void sharesAddUp();
    void nothingMeasuredIsUnknown();
    void textsNameTheLimit();
};

void TestBottleneckClassifier::verdicts_data()
{
    QTest::addColumn<FetchTimeShares>("shares");
    QTest::addColumn<Kind>("expected");

    // ESXi's per-connection throttle: threads mostly idle, every connection at the same rate.
    QTest::newRow("per-connection cap, 8 x 25 MB/s") << second(0.3, 0.05, 0.05, even(8, 25e6)) << Kind::SourcePerConnection;
    QTest::newRow("per-connection cap, small jitter")
        << second(0.3, 0.05, 0.05, {24.5e6, 25.2e6, 25e6, 24.8e6}) << Kind::SourcePerConnection;
    // A saturated link or a busy server: threads idle, connections share unevenly.
    QTest::newRow("shared limit, uneven connections") << second(0.3, 0.05, 0.05, {40e6, 10e6, 25e6, 18e6}) << Kind::Source;
    QTest::newRow("one connection") << second(0.2, 0.02, 0.02, {60e6}) << Kind::Source;
    // Writes block: the sink's wall time far above its CPU time.
    QTest::newRow("slow target disk") << second(0.4, 1.3, 0.2, even(8, 10e6)) << Kind::Target;
    // Threads busy on the CPU, or the process using nearly all cores.
    QTest::newRow("cpu: threads running") << second(1.5, 0.4, 0.4, even(8, 60e6)) << Kind::Cpu;
    FetchTimeShares loaded = second(0.8, 0.2, 0.2, even(8, 60e6));
    loaded.processCpuSeconds = 1.8; // digest and journal threads too
    QTest::newRow("cpu: process load") << loaded << Kind::Cpu;
    // Another process takes the CPUs: threads runnable, not running, not waiting on data.
    FetchTimeShares crowded = second(0.9, 0.1, 0.1, even(8, 50e6));
    crowded.machineBusyShare = 0.97;
    QTest::newRow("cpu: machine busy") << crowded << Kind::Cpu;
    // The same busy machine while the threads mostly wait for data: the source.
    FetchTimeShares idleThreads = second(0.3, 0.05, 0.05, even(8, 25e6));
    idleThreads.machineBusyShare = 0.97;
    QTest::newRow("busy machine, idle threads") << idleThreads << Kind::SourcePerConnection;
    // A crowded machine preempts the threads inside their writes: CPU, not the disk.
    FetchTimeShares preempted = second(0.4, 1.2, 0.2, even(8, 40e6));
    preempted.machineBusyShare = 0.98;
    QTest::newRow("cpu: preempted inside writes") << preempted << Kind::Cpu;
    // Writing is CPU work (page cache copies), not blocking: not the target's fault.
    QTest::newRow("sink busy on cpu is cpu") << second(1.3, 1.0, 0.95, even(8, 80e6)) << Kind::Cpu;
}

void TestBottleneckClassifier::verdicts()
{
    QFETCH(FetchTimeShares, shares);
    QFETCH(Kind, expected);
    const Bottleneck verdict = BottleneckClassifier::classify(shares);
    QCOMPARE(verdict.kind, expected);
}

void TestBottleneckClassifier::sharesAddUp()
{
    const Bottleneck verdict = BottleneckClassifier::classify(second(0.5, 0.9, 0.3, even(4, 30e6)));
    QCOMPARE(verdict.cpuShare, 0.25);
    QCOMPARE(verdict.targetShare, 0.3);
    QVERIFY(qFuzzyCompare(verdict.networkShare, 0.45));
    QCOMPARE(verdict.totalBytesPerSecond, 120e6);
    QCOMPARE(verdict.perConnectionBytesPerSecond, 30e6);
    QVERIFY(qFuzzyCompare(verdict.processCores, 0.6));
}

void TestBottleneckClassifier::nothingMeasuredIsUnknown()
{
    QCOMPARE(BottleneckClassifier::classify(second(0.1, 0, 0, {})).kind, Kind::Unknown);
    QCOMPARE(BottleneckClassifier::classify(FetchTimeShares{}).kind, Kind::Unknown);
    QCOMPARE(Bottleneck().id(), u"unknown"_s);
}

void TestBottleneckClassifier::textsNameTheLimit()
{
    const Bottleneck capped = BottleneckClassifier::classify(second(0.3, 0.05, 0.05, even(8, 25e6)));
    QCOMPARE(capped.id(), u"source-per-connection"_s);
    QCOMPARE(capped.text(), u"limited by the source: each connection at ~25 MB/s - more connections help"_s);
    const Bottleneck disk = BottleneckClassifier::classify(second(0.4, 1.3, 0.2, even(8, 10e6)));
    QCOMPARE(disk.id(), u"target"_s);
    QVERIFY(disk.text().startsWith(u"limited by the target disk"_s));
    const Bottleneck cpu = BottleneckClassifier::classify(second(1.5, 0.4, 0.4, even(8, 60e6)));
    QCOMPARE(cpu.id(), u"cpu"_s);
    QVERIFY(cpu.text().startsWith(u"limited by this machine's CPU"_s));
}

QTEST_GUILESS_MAIN(TestBottleneckClassifier)
#include "tst_bottleneckclassifier.moc"
