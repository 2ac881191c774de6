#include "data/rawfilesink.h"
#include "data/sha256.h"
#include "fetch/transferengine.h"
#include "testsupport.h"
#include "vsphere/labsource.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Ferry;
using Ferry::Test::labStats;
using namespace std::chrono_literals;

namespace {

constexpr qint64 MiB = 1 << 20;

QString labDataDir()
{
    return QStringLiteral(FERRY_BINARY_DIR "/tests/transfer-lab-data");
}

QString flatPath(const QString &vm)
{
    return labDataDir() + u"/datastore1/"_s + vm + u'/' + vm + u"-flat.vmdk"_s;
}

QString fileSha256(const QString &path, qint64 length = -1)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    Sha256 sha;
    QByteArray buffer(int(4 * MiB), Qt::Uninitialized);
    qint64 left = length < 0 ? file.size() : length;
    while (left > 0) {
        const qint64 n = file.read(buffer.data(), std::min<qint64>(left, buffer.size()));
        if (n <= 0)
            return {};
        sha.update(QByteArrayView(buffer.constData(), qsizetype(n)));
        left -= n;
    }
    return sha.finalHex();
}

int threadCount()
{
    return int(QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

// One disk of a run: the lab VM it comes from and the raw file it goes to.
struct DiskRun
{
    QString vm;
    qint64 capacity = 0;
    std::unique_ptr<RawFileSink> sink;
    QString output;
    std::optional<Result<DiskTransferStats>> result;
    int chunks = 0;
    int chunksAfterFinish = 0;
};

// Everything a test looks at after TransferEngine::finished.
struct Run
{
    std::vector<DiskRun> disks;
    bool finished = false;
    std::optional<Error> error;
    double seconds = 0;
    int total503 = 0;
    int workers = 0;
    int samples = 0;
    ThroughputSample lastSample;
    QList<ThroughputSample> history; // every sample
    QList<Bottleneck> verdicts;      // the samples' verdicts, one per second measured
};

// Bytes per second between two moments of the run (the samples nearest after them).
double rateBetween(const Run &run, qint64 fromMs, qint64 toMs)
{
    const ThroughputSample *from = nullptr;
    const ThroughputSample *to = nullptr;
    for (const ThroughputSample &sample : run.history) {
        if (!from && sample.elapsedMs >= fromMs)
            from = &sample;
        if (!to && sample.elapsedMs >= toMs)
            to = &sample;
    }
    if (!from || !to || to->elapsedMs <= from->elapsedMs)
        return 0;
    return double(to->bytesDone - from->bytesDone) * 1000.0 / double(to->elapsedMs - from->elapsedMs);
}

// When the connection count last changed (ms into the run), 0 when never.
qint64 lastCountChange(const Run &run)
{
    qint64 at = 0;
    for (qsizetype i = 1; i < run.history.size(); ++i) {
        if (run.history[i].connections != run.history[i - 1].connections)
            at = run.history[i].elapsedMs;
    }
    return at;
}

} // namespace

class TestTransferEngine : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_out;
    QHash<QString, QString> m_sourceSha;

    std::unique_ptr<LabSource> startLab(const QStringList &arguments)
    {
        auto lab = std::make_unique<LabSource>();
        lab->setProgram(QStringLiteral(FERRY_LAB_PATH));
        lab->setDataDirectory(labDataDir());
        lab->setExtraArguments(arguments);
        const auto started = lab->startAndWait(600'000);
        if (!started) {
            qWarning().noquote() << started.error().toString() << lab->stderrTail();
            return nullptr;
        }
        return lab;
    }

    QString sourceSha(const QString &vm)
    {
        if (!m_sourceSha.contains(vm))
            m_sourceSha.insert(vm, fileSha256(flatPath(vm)));
        return m_sourceSha.value(vm);
    }

    // Copies the VMs' disks with one engine; fills run. Returns after finished() or a
    // test failure.
    void copy(const SourceEndpoint &endpoint, const TransferSettings &settings, const QStringList &vms, Run &run,
              const QList<QSet<qint64>> &completed = {}, const QByteArray &cookie = {}, int cancelAfterMs = 0)
    {
        run.disks.resize(size_t(vms.size()));
        TransferEngine engine(settings, endpoint);
        for (int i = 0; i < vms.size(); ++i) {
            DiskRun &disk = run.disks[size_t(i)];
            disk.vm = vms[i];
            disk.capacity = QFileInfo(flatPath(disk.vm)).size();
            disk.output = m_out.filePath(u"%1-%2.raw"_s.arg(QLatin1StringView(QTest::currentTestFunction())).arg(i));
            QFile::remove(disk.output);
            disk.sink = std::make_unique<RawFileSink>(disk.output);
            const bool resume = i < completed.size() && !completed[i].isEmpty();
            if (resume)
                QFile::copy(flatPath(disk.vm), disk.output); // what an earlier run left behind
            QVERIFY(disk.sink->open(disk.capacity, resume ? Sink::OpenMode::Resume : Sink::OpenMode::Create));
            DiskTransferSpec spec;
            spec.label = u"Hard disk %1"_s.arg(i + 1);
            spec.source = u"[datastore1] %1/%1.vmdk"_s.arg(disk.vm);
            spec.url = endpoint.folderUrl(u"ha-datacenter"_s, u"datastore1"_s, disk.vm + u'/' + disk.vm + u"-flat.vmdk"_s);
            spec.capacity = disk.capacity;
            spec.sink = disk.sink.get();
            spec.completedChunks = i < completed.size() ? completed[i] : QSet<qint64>();
            QCOMPARE(engine.addDisk(spec), i);
        }
        if (!cookie.isEmpty())
            engine.setSessionCookie(cookie);
        connect(&engine, &TransferEngine::chunkCompleted, this, [&run](int disk, const ChunkDigest &) {
            DiskRun &d = run.disks[size_t(disk)];
            ++(d.result ? d.chunksAfterFinish : d.chunks);
        });
        connect(&engine, &TransferEngine::diskFinished, this,
                [&run](int disk, const Result<DiskTransferStats> &result) { run.disks[size_t(disk)].result = result; });
        connect(&engine, &TransferEngine::sampled, this, [&run](const ThroughputSample &sample) {
            ++run.samples;
            if (sample.bottleneck.kind != Bottleneck::Kind::Unknown
                && (run.verdicts.isEmpty() || run.verdicts.last().totalBytesPerSecond != sample.bottleneck.totalBytesPerSecond))
                run.verdicts.append(sample.bottleneck);
            run.lastSample = sample;
            run.history.append(sample);
        });
        connect(&engine, &TransferEngine::finished, this, [&run](const std::optional<Error> &error) {
            run.finished = true;
            run.error = error;
        });
        QElapsedTimer timer;
        timer.start();
        engine.start();
        if (cancelAfterMs > 0)
            QTimer::singleShot(cancelAfterMs, &engine, &TransferEngine::cancel);
        QTRY_VERIFY_WITH_TIMEOUT(run.finished, 600'000);
        run.seconds = double(timer.elapsed()) / 1000.0;
        run.total503 = engine.total503();
        run.workers = engine.workerCount();
        for (DiskRun &disk : run.disks) {
            QVERIFY(disk.result.has_value());
            if (*disk.result)
                QVERIFY(disk.sink->commit());
            else
                disk.sink->discard(true);
        }
    }

    void verifyCopied(const Run &run)
    {
        QVERIFY2(!run.error, qPrintable(run.error ? run.error->toString() : QString()));
        for (const DiskRun &disk : run.disks) {
            QVERIFY(disk.result && *disk.result);
            QCOMPARE(disk.chunksAfterFinish, 0);
            QCOMPARE(fileSha256(disk.output), sourceSha(disk.vm));
        }
    }

    static TransferSettings settings(int connections = 4)
    {
        TransferSettings s;
        s.connections = connections;
        s.stallTimeout = 10s;
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_out.isValid());
        // The first start builds the guest images; later labs reuse them.
        auto lab = startLab({});
        QVERIFY(lab);
        QVERIFY(QFileInfo(flatPath(u"tiny-linux-bios"_s)).size() > 0);
    }

    void copiesDiskByteExactWithExactlyNConnections()
    {
        auto lab = startLab({});
        QVERIFY(lab);
        const QJsonObject before = labStats(lab->endpoint());
        const int threadsBefore = threadCount();
        Run run;
        copy(lab->endpoint(), settings(4), {u"tiny-linux-bios"_s}, run);
        verifyCopied(run);
        QTRY_VERIFY(threadCount() <= threadsBefore); // workers gone with the engine

        const DiskRun &disk = run.disks[0];
        const DiskTransferStats stats = **disk.result;
        QCOMPARE(disk.chunks, int(disk.capacity / (32 * MiB)));
        QCOMPARE(stats.bytesFetched, disk.capacity);
        QVERIFY(stats.bytesZero > disk.capacity / 2); // a small guest on a 1 GiB disk
        QCOMPARE(stats.retries, 0);
        QCOMPARE(run.workers, 2);
        QVERIFY(run.samples > 0);
        QCOMPARE(run.lastSample.bytesDone, disk.capacity);
        QCOMPARE(run.lastSample.bytesTotal, disk.capacity);

        const QJsonObject after = labStats(lab->endpoint());
        // Exactly the pool, plus the one connection of this stats request.
        QCOMPARE(after[u"connections_accepted"].toInt() - before[u"connections_accepted"].toInt(), 4 + 1);
        QCOMPARE(after[u"range_requests"].toInt() - before[u"range_requests"].toInt(), disk.chunks);
        QCOMPARE(after[u"drops"].toInt(), 0);
        qInfo("copied %lld bytes in %.2f s", disk.capacity, run.seconds);
    }

    void namesThePerConnectionCapAsTheBottleneck()
    {
        // ESXi's throttle: 4 connections at 20 MB/s each. The fetch threads mostly wait
        // for data and every connection delivers the same: more connections would help.
        auto lab = startLab({u"--rate-per-connection"_s, u"20000000"_s});
        QVERIFY(lab);
        Run run;
        copy(lab->endpoint(), settings(4), {u"tiny-linux-bios"_s}, run);
        verifyCopied(run);
        const DiskTransferStats stats = **run.disks[0].result;
        QCOMPARE(stats.bottleneck, u"source-per-connection"_s);
        QVERIFY(run.verdicts.size() >= 5); // once a second, ~13 s
        // The middle of the copy (the first and last second have connections starting
        // and finishing).
        const Bottleneck middle = run.verdicts.at(run.verdicts.size() / 2);
        QVERIFY2(middle.kind == Bottleneck::Kind::SourcePerConnection, qPrintable(middle.text()));
        QVERIFY2(middle.perConnectionBytesPerSecond > 15e6 && middle.perConnectionBytesPerSecond < 22e6, qPrintable(middle.text()));
        QVERIFY2(middle.networkShare > 0.5, qPrintable(middle.text()));
        qInfo("%s", qPrintable(middle.text()));
    }

    void copiesBatchOfDisksOnOnePool()
    {
        auto lab = startLab({});
        QVERIFY(lab);
        Run run;
        copy(lab->endpoint(), settings(3), {u"tiny-linux-bios"_s, u"tiny-linux-efi"_s}, run);
        verifyCopied(run);
        QCOMPARE(run.workers, 2);
    }

    void retriesAfter503WithSharedBackoff()
    {
        auto lab = startLab({u"--error-503-every"_s, u"4"_s});
        QVERIFY(lab);
        Run run;
        copy(lab->endpoint(), settings(4), {u"tiny-linux-bios"_s}, run);
        verifyCopied(run);
        const QJsonObject stats = labStats(lab->endpoint());
        const int sent503 = stats[u"responses_503"].toInt();
        QVERIFY(sent503 > 0);
        QCOMPARE(run.total503, sent503);
        QCOMPARE((*run.disks[0].result)->responses503, sent503);
        QCOMPARE((*run.disks[0].result)->retries, 0); // 503 is not a failed attempt
        QVERIFY2(run.seconds >= 1.0, "the first backoff is at least one second");
    }

    void autoConnectionsFindTheKnee()
    {
        // The link carries 40 MiB/s, each connection 10 MiB/s: the knee is 4 connections.
        auto lab = startLab({u"--rate-per-connection"_s, u"10M"_s, u"--rate-limit-total"_s, u"40M"_s});
        QVERIFY(lab);
        // The best fixed counts, measured on the same lab for 8 s each (from the 3rd second).
        double bestFixed = 0;
        for (const int connections : {4, 8}) {
            Run fixed;
            copy(lab->endpoint(), settings(connections), {u"tiny-linux-bios"_s}, fixed, {}, {}, 8000);
            const double rate = rateBetween(fixed, 3000, 7000);
            qInfo("fixed %d connections: %.1f MiB/s", connections, rate / MiB);
            bestFixed = std::max(bestFixed, rate);
        }
        QVERIFY(bestFixed > 30.0 * MiB);

        TransferSettings s = settings();
        s.autoConnections = true;
        s.chunkSize = 8 * MiB; // a short tail: the steady part of the copy is longer
        Run run;
        copy(lab->endpoint(), s, {u"tiny-linux-bios"_s}, run);
        verifyCopied(run);
        QCOMPARE(run.history.first().connections, TransferSettings::autoStartConnections);
        int most = 0;
        for (const ThroughputSample &sample : std::as_const(run.history))
            most = std::max(most, sample.connections);
        const qint64 knee = lastCountChange(run);
        const int chosen = run.lastSample.connections;
        qInfo("auto: %d connections from %.1f s on (at most %d tried)", chosen, double(knee) / 1000.0, most);
        QVERIFY2(knee > 0 && knee <= 20'000, qPrintable(QString::number(knee)));
        QVERIFY2(chosen == 4 || chosen == 5, qPrintable(QString::number(chosen)));
        QVERIFY(most <= 6);
        // Steady: from the knee to shortly before the end (the last chunks are a tail).
        const double steady = rateBetween(run, knee + 1000, run.lastSample.elapsedMs - 2500);
        qInfo("auto steady %.1f MiB/s, best fixed %.1f MiB/s", steady / MiB, bestFixed / MiB);
        QVERIFY2(steady >= 0.95 * bestFixed, qPrintable(u"%1 vs %2"_s.arg(steady / MiB).arg(bestFixed / MiB)));
    }

    void autoConnectionsBackOffOn503Storm()
    {
        // An overloaded host: more than 3 open connections and every GET is answered 503.
        auto lab = startLab({u"--rate-per-connection"_s, u"20M"_s, u"--error-503-above"_s, u"3"_s});
        QVERIFY(lab);
        TransferSettings s = settings();
        s.autoConnections = true;
        Run run;
        copy(lab->endpoint(), s, {u"tiny-linux-bios"_s}, run);
        verifyCopied(run);
        QVERIFY(run.total503 > 0);
        int most = 0;
        int atMost = 0;
        bool wentDown = false;
        for (const ThroughputSample &sample : std::as_const(run.history)) {
            if (sample.connections > most) {
                most = sample.connections;
                atMost = int(sample.elapsedMs);
            }
            wentDown = wentDown || sample.connections < most;
        }
        qInfo("auto under 503s: up to %d connections (at %.1f s), %d at the end, %d answers 503", most, atMost / 1000.0,
              run.lastSample.connections, run.total503);
        QCOMPARE(most, 4); // the count that stormed
        QVERIFY(wentDown);
        QVERIFY(run.lastSample.connections <= 3); // the storm's count is never tried again
    }

    void resumesAfterDroppedConnections()
    {
        // Each connection dies after 5 MiB, well inside a 32 MiB chunk.
        auto lab = startLab({u"--drop-after"_s, u"5M"_s});
        QVERIFY(lab);
        const QJsonObject before = labStats(lab->endpoint());
        Run run;
        copy(lab->endpoint(), settings(4), {u"tiny-linux-bios"_s}, run);
        verifyCopied(run);
        const QJsonObject after = labStats(lab->endpoint());
        const int drops = after[u"drops"].toInt();
        QVERIFY(drops >= 1024 / 5 - 4);
        QVERIFY(after[u"connections_accepted"].toInt() - before[u"connections_accepted"].toInt() > drops);
        // Bytes in flight when a connection dies are lost (the close resets it) and fetched again.
        QVERIFY(after[u"folder_body_bytes"].toDouble() - before[u"folder_body_bytes"].toDouble() >= double(run.disks[0].capacity));
        QCOMPARE((*run.disks[0].result)->bytesFetched, run.disks[0].capacity);
        QVERIFY((*run.disks[0].result)->retries >= drops - 4);
    }

    void reconnectsAfterStalls()
    {
        auto lab = startLab({u"--stall-after"_s, u"200M"_s});
        QVERIFY(lab);
        TransferSettings s = settings(4);
        s.stallTimeout = 1500ms;
        Run run;
        copy(lab->endpoint(), s, {u"tiny-linux-bios"_s}, run);
        verifyCopied(run);
        const QJsonObject stats = labStats(lab->endpoint());
        QVERIFY(stats[u"stalls"].toInt() >= 1);
        QVERIFY(run.seconds >= 1.5);
    }

    void lyingServer_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("every");
        QTest::addColumn<QString>("errorContains"); // empty: the copy succeeds

        QTest::newRow("wrong-range now and then") << u"wrong-range"_s << 3 << QString();
        QTest::newRow("wrong-range always") << u"wrong-range"_s << 1 << u"answered Content-Range"_s;
        QTest::newRow("bad-total now and then") << u"bad-total"_s << 3 << QString();
        QTest::newRow("bad-total always") << u"bad-total"_s << 1 << u"but its capacity is 1073741824"_s;
        QTest::newRow("long-body now and then") << u"long-body"_s << 3 << QString();
        QTest::newRow("long-body always") << u"long-body"_s << 1 << u"answered Content-Range"_s;
        QTest::newRow("short-body now and then") << u"short-body"_s << 3 << QString();
        QTest::newRow("short-body always") << u"short-body"_s << 1 << u"the connection broke"_s;
    }

    void lyingServer()
    {
        QFETCH(QString, mode);
        QFETCH(int, every);
        QFETCH(QString, errorContains);
        auto lab = startLab({u"--lie"_s, mode, u"--lie-every"_s, QString::number(every)});
        QVERIFY(lab);
        // The lab lies on every Nth request it serves. With several connections the
        // retry of a range can land on the Nth slot again and again (the lab's counter
        // aliases with the pool's rhythm), so "now and then" uses one connection, one
        // request at a time: then the retry is always the request after the lie.
        TransferSettings s = settings(every == 1 ? 2 : 1);
        s.requestsPerConnection = every == 1 ? 2 : 1;
        Run run;
        copy(lab->endpoint(), s, {u"tiny-linux-bios"_s}, run);
        if (errorContains.isEmpty()) {
            verifyCopied(run);
            QVERIFY((*run.disks[0].result)->retries > 0);
            return;
        }
        QVERIFY(run.error);
        const Result<DiskTransferStats> &result = *run.disks[0].result;
        QVERIFY(!result);
        QVERIFY2(result.error().message().startsWith(
                     u"disk 'Hard disk 1' ([datastore1] tiny-linux-bios/tiny-linux-bios.vmdk): range at offset "_s),
                 qPrintable(result.error().message()));
        QVERIFY2(result.error().message().contains(u"failed 5 times"_s), qPrintable(result.error().message()));
        QVERIFY2(result.error().message().contains(errorContains), qPrintable(result.error().message()));
        // Whatever was written is the source's bytes; the rest was never written (zeros).
        // No lie reached the sink.
        QFile source(flatPath(u"tiny-linux-bios"_s));
        QFile output(run.disks[0].output);
        QVERIFY(source.open(QIODevice::ReadOnly) && output.open(QIODevice::ReadOnly));
        const QByteArray zeros(64 * 1024, '\0');
        qint64 written = 0;
        for (qint64 at = 0; !output.atEnd(); at += zeros.size()) {
            const QByteArray got = output.read(zeros.size());
            const QByteArray expected = source.read(zeros.size());
            QVERIFY2(got == expected || got == zeros, qPrintable(u"wrong bytes at offset %1"_s.arg(at)));
            written += got == expected && got != zeros ? 1 : 0;
        }
        QVERIFY(written > 0 || every == 1);
    }

    // A corrupted payload is well-formed HTTP: the transport cannot see it. The copy
    // succeeds and only the digest comparison of --verify (or the source's own
    // checksum) reveals it. This test pins that limit down.
    void corruptPayloadNeedsVerify()
    {
        auto lab = startLab({u"--lie"_s, u"corrupt"_s, u"--lie-every"_s, u"7"_s});
        QVERIFY(lab);
        Run run;
        copy(lab->endpoint(), settings(2), {u"tiny-linux-bios"_s}, run);
        QVERIFY(!run.error);
        QVERIFY(fileSha256(run.disks[0].output) != sourceSha(u"tiny-linux-bios"_s));
    }

    void serverWithoutRangesIsRefused()
    {
        auto lab = startLab({u"--no-range"_s});
        QVERIFY(lab);
        Run run;
        copy(lab->endpoint(), settings(2), {u"tiny-linux-bios"_s}, run);
        QVERIFY(run.error);
        QCOMPARE(run.error->code(), ErrorCode::Unsupported);
        QVERIFY2(run.error->message().contains(u"ignored the Range request"_s), qPrintable(run.error->message()));
    }

    void missingDiskFailsOnlyThatDisk()
    {
        auto lab = startLab({});
        QVERIFY(lab);
        const SourceEndpoint endpoint = lab->endpoint();
        TransferEngine engine(settings(2), endpoint);
        RawFileSink missingSink(m_out.filePath(u"missing.raw"_s));
        QVERIFY(missingSink.open(64 * MiB, Sink::OpenMode::Create));
        DiskTransferSpec missing;
        missing.label = u"Hard disk 9"_s;
        missing.url = endpoint.folderUrl(u"ha-datacenter"_s, u"datastore1"_s, u"nowhere/nowhere-flat.vmdk"_s);
        missing.capacity = 64 * MiB;
        missing.sink = &missingSink;
        engine.addDisk(missing);
        Run run;
        run.disks.resize(1);
        // The missing disk is disk 0 of the engine; the tiny one follows on the same pool.
        DiskRun &tiny = run.disks[0];
        tiny.vm = u"tiny-linux-bios"_s;
        tiny.capacity = QFileInfo(flatPath(tiny.vm)).size();
        tiny.output = m_out.filePath(u"batch-tiny.raw"_s);
        tiny.sink = std::make_unique<RawFileSink>(tiny.output);
        QVERIFY(tiny.sink->open(tiny.capacity, Sink::OpenMode::Create));
        DiskTransferSpec spec;
        spec.label = u"Hard disk 1"_s;
        spec.url = endpoint.folderUrl(u"ha-datacenter"_s, u"datastore1"_s, u"tiny-linux-bios/tiny-linux-bios-flat.vmdk"_s);
        spec.capacity = tiny.capacity;
        spec.sink = tiny.sink.get();
        QCOMPARE(engine.addDisk(spec), 1);
        QList<std::optional<Result<DiskTransferStats>>> results(2);
        connect(&engine, &TransferEngine::diskFinished, this,
                [&results](int disk, const Result<DiskTransferStats> &result) { results[disk] = result; });
        QSignalSpy finished(&engine, &TransferEngine::finished);
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 300'000);
        QVERIFY(results[0] && !*results[0]);
        QCOMPARE(results[0]->error().code(), ErrorCode::NotFound);
        QVERIFY2(results[0]->error().message().contains(u"nowhere/nowhere-flat.vmdk"_s), qPrintable(results[0]->error().message()));
        QVERIFY2(results[0]->error().message().contains(u"HTTP 404"_s), qPrintable(results[0]->error().message()));
        QVERIFY(results[1] && *results[1]);
        missingSink.discard(false);
        QVERIFY(tiny.sink->commit());
        QCOMPARE(fileSha256(tiny.output), sourceSha(tiny.vm));
        const auto error = finished.at(0).at(0).value<std::optional<Error>>();
        QVERIFY(error && error->code() == ErrorCode::NotFound);
    }

    void wrongPasswordIsAuthError()
    {
        auto lab = startLab({});
        QVERIFY(lab);
        SourceEndpoint endpoint = lab->endpoint();
        endpoint.password = u"wrong"_s;
        Run run;
        // A stale session cookie first: 401 is retried once without it, then it is final.
        copy(endpoint, settings(2), {u"tiny-linux-bios"_s}, run, {}, "vmware_soap_session=\"stale\""_ba);
        QVERIFY(run.error);
        QCOMPARE(run.error->code(), ErrorCode::Auth);
        QCOMPARE(run.disks[0].result->error().code(), ErrorCode::Auth);
        QVERIFY(labStats(lab->endpoint())[u"responses_401"].toInt() >= 2);
    }

    void untrustedCertificateIsRefused()
    {
        auto lab = startLab({});
        QVERIFY(lab);
        SourceEndpoint endpoint = lab->endpoint();
        const QString fingerprint = endpoint.trust.pinnedFingerprint();
        endpoint.trust = TlsTrust::system(); // the lab's certificate is self-signed
        Run run;
        copy(endpoint, settings(2), {u"tiny-linux-bios"_s}, run);
        QVERIFY(run.error);
        QCOMPARE(run.error->code(), ErrorCode::TrustRefused);
        QCOMPARE(run.error->details(), fingerprint);
        QVERIFY(run.error->message().contains(fingerprint));
    }

    void skipsCompletedChunksOnResume()
    {
        auto lab = startLab({});
        QVERIFY(lab);
        const QJsonObject before = labStats(lab->endpoint());
        QSet<qint64> done;
        for (qint64 i = 0; i < 32; i += 2)
            done.insert(i);
        Run run;
        copy(lab->endpoint(), settings(4), {u"tiny-linux-bios"_s}, run, {done});
        verifyCopied(run);
        QCOMPARE(run.disks[0].chunks, 16);
        QCOMPARE((*run.disks[0].result)->bytesFetched, 16 * 32 * MiB);
        const QJsonObject after = labStats(lab->endpoint());
        QCOMPARE(after[u"range_requests"].toInt() - before[u"range_requests"].toInt(), 16);
        QCOMPARE(run.lastSample.bytesDone, run.disks[0].capacity);
    }

    void cancelStopsEverything()
    {
        auto lab = startLab({u"--rate-per-connection"_s, u"2M"_s});
        QVERIFY(lab);
        const int threadsBefore = threadCount();
        {
            TransferEngine engine(settings(4), lab->endpoint());
            RawFileSink sink(m_out.filePath(u"cancelled.raw"_s));
            const qint64 capacity = QFileInfo(flatPath(u"tiny-linux-bios"_s)).size();
            QVERIFY(sink.open(capacity, Sink::OpenMode::Create));
            DiskTransferSpec spec;
            spec.label = u"Hard disk 1"_s;
            spec.url = lab->endpoint().folderUrl(u"ha-datacenter"_s, u"datastore1"_s, u"tiny-linux-bios/tiny-linux-bios-flat.vmdk"_s);
            spec.capacity = capacity;
            spec.sink = &sink;
            engine.addDisk(spec);
            QSignalSpy finished(&engine, &TransferEngine::finished);
            QSignalSpy diskFinished(&engine, &TransferEngine::diskFinished);
            QSignalSpy sampled(&engine, &TransferEngine::sampled);
            engine.start();
            QTRY_VERIFY_WITH_TIMEOUT(!sampled.isEmpty() && sampled.last().at(0).value<ThroughputSample>().bytesDone > 4 * MiB, 30'000);
            QElapsedTimer timer;
            timer.start();
            engine.cancel();
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10'000);
            QVERIFY(timer.elapsed() < 5000);
            QCOMPARE(diskFinished.count(), 1);
            const auto result = diskFinished.at(0).at(1).value<Result<DiskTransferStats>>();
            QVERIFY(!result);
            QCOMPARE(result.error().code(), ErrorCode::Cancelled);
            QCOMPARE(finished.at(0).at(0).value<std::optional<Error>>()->code(), ErrorCode::Cancelled);
            QVERIFY(!engine.isRunning());
            sink.discard(false);
        }
        QTRY_VERIFY(threadCount() <= threadsBefore);
        QTRY_COMPARE(labStats(lab->endpoint())[u"open_connections"].toInt(), 1); // only the stats request
    }

    void destroyingRunningEngineJoinsThreads()
    {
        auto lab = startLab({u"--rate-per-connection"_s, u"2M"_s});
        QVERIFY(lab);
        const int threadsBefore = threadCount();
        RawFileSink sink(m_out.filePath(u"destroyed.raw"_s));
        const qint64 capacity = QFileInfo(flatPath(u"tiny-linux-bios"_s)).size();
        QVERIFY(sink.open(capacity, Sink::OpenMode::Create));
        {
            TransferEngine engine(settings(4), lab->endpoint());
            DiskTransferSpec spec;
            spec.label = u"Hard disk 1"_s;
            spec.url = lab->endpoint().folderUrl(u"ha-datacenter"_s, u"datastore1"_s, u"tiny-linux-bios/tiny-linux-bios-flat.vmdk"_s);
            spec.capacity = capacity;
            spec.sink = &sink;
            engine.addDisk(spec);
            QSignalSpy chunk(&engine, &TransferEngine::sampled);
            engine.start();
            QTRY_VERIFY(chunk.count() > 3);
        }
        QTRY_VERIFY(threadCount() <= threadsBefore);
        sink.discard(false);
    }

    void invalidSettingsFailWithoutNetwork()
    {
        TransferSettings s;
        s.connections = 0;
        SourceEndpoint endpoint;
        endpoint.url = QUrl(u"https://127.0.0.1:9"_s);
        TransferEngine engine(s, endpoint);
        QSignalSpy finished(&engine, &TransferEngine::finished);
        engine.start();
        QCOMPARE(finished.count(), 0); // never from inside start()
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).value<std::optional<Error>>()->code(), ErrorCode::Usage);
    }

    void unreachableHostFails()
    {
        SourceEndpoint endpoint;
        endpoint.url = QUrl(u"https://127.0.0.1:1"_s); // nothing listens on port 1
        endpoint.user = u"root"_s;
        endpoint.trust = TlsTrust::insecure();
        TransferSettings s = settings(2);
        s.maxAttempts = 2;
        TransferEngine engine(s, endpoint);
        RawFileSink sink(m_out.filePath(u"unreachable.raw"_s));
        QVERIFY(sink.open(MiB, Sink::OpenMode::Create));
        DiskTransferSpec spec;
        spec.label = u"Hard disk 1"_s;
        spec.url = endpoint.folderUrl(u"ha-datacenter"_s, u"datastore1"_s, u"x/x-flat.vmdk"_s);
        spec.capacity = MiB;
        spec.sink = &sink;
        engine.addDisk(spec);
        QSignalSpy finished(&engine, &TransferEngine::finished);
        engine.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30'000);
        const auto error = finished.at(0).at(0).value<std::optional<Error>>();
        QVERIFY(error);
        QCOMPARE(error->code(), ErrorCode::Network);
        QVERIFY2(error->message().contains(u"cannot connect to 127.0.0.1:1"_s), qPrintable(error->message()));
        sink.discard(false);
    }
};

QTEST_GUILESS_MAIN(TestTransferEngine)
#include "tst_transferengine.moc"
