#include "fetch/transfersettings.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ferry;

class TestTransferSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreValid()
    {
        const TransferSettings settings;
        QVERIFY(settings.validate());
        QCOMPARE(settings.connections, 8);
        QCOMPARE(settings.requestsPerConnection, 2);
        const EffectiveConcurrency effective = effectiveConcurrency(settings);
        QCOMPARE(effective.connections, 8);
        QCOMPARE(effective.requestsPerConnection, 2);
        QVERIFY(effective.clampNote.isEmpty());
    }

    void validate_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<qint64>("value");
        QTest::addColumn<QString>("errorContains"); // empty: valid

        constexpr qint64 MiB = 1 << 20;
        QTest::newRow("connections 0") << u"connections"_s << qint64(0) << u"connections must be between 1 and 64"_s;
        QTest::newRow("connections 1") << u"connections"_s << qint64(1) << QString();
        QTest::newRow("connections 64") << u"connections"_s << qint64(64) << QString();
        QTest::newRow("connections 65") << u"connections"_s << qint64(65) << u"(got 65)"_s;
        QTest::newRow("requests 0") << u"requests"_s << qint64(0) << u"requests per connection must be between 1 and 16"_s;
        QTest::newRow("requests 16") << u"requests"_s << qint64(16) << QString();
        QTest::newRow("chunk 512 KiB") << u"chunk"_s << qint64(MiB / 2) << u"chunk size must be between"_s;
        QTest::newRow("chunk 1 MiB") << u"chunk"_s << qint64(MiB) << QString();
        QTest::newRow("chunk 1 GiB") << u"chunk"_s << qint64(1024 * MiB) << QString();
        QTest::newRow("chunk 1 GiB + 64 KiB") << u"chunk"_s << qint64(1024 * MiB + 65536) << u"chunk size must be between"_s;
        QTest::newRow("chunk not 64 KiB aligned") << u"chunk"_s << qint64(MiB + 4096) << u"multiple of 64 KiB"_s;
        QTest::newRow("budget too small") << u"budget"_s << qint64(MiB) << u"memory budget must be at least 8 MiB"_s;
        QTest::newRow("budget minimum") << u"budget"_s << qint64(8 * MiB) << QString();
        QTest::newRow("attempts 0") << u"attempts"_s << qint64(0) << u"maximum attempts"_s;
        QTest::newRow("stall 10 ms") << u"stall"_s << qint64(10) << u"stall timeout"_s;
        QTest::newRow("stall 2 s") << u"stall"_s << qint64(2000) << QString();
        QTest::newRow("connect 10 ms") << u"connect"_s << qint64(10) << u"connect timeout"_s;
        QTest::newRow("http2") << u"http2"_s << qint64(1) << u"HTTP/2 is not supported"_s;
    }

    void validate()
    {
        QFETCH(QString, field);
        QFETCH(qint64, value);
        QFETCH(QString, errorContains);
        TransferSettings settings;
        if (field == u"connections")
            settings.connections = int(value);
        else if (field == u"requests")
            settings.requestsPerConnection = int(value);
        else if (field == u"chunk")
            settings.chunkSize = value;
        else if (field == u"budget")
            settings.memoryBudget = value;
        else if (field == u"attempts")
            settings.maxAttempts = int(value);
        else if (field == u"stall")
            settings.stallTimeout = std::chrono::milliseconds(value);
        else if (field == u"connect")
            settings.connectTimeout = std::chrono::milliseconds(value);
        else if (field == u"http2")
            settings.http2 = value != 0;
        const auto result = settings.validate();
        if (errorContains.isEmpty()) {
            QVERIFY2(result, qPrintable(result ? QString() : result.error().message()));
            return;
        }
        QVERIFY(!result);
        QCOMPARE(result.error().code(), ErrorCode::Usage);
        QVERIFY2(result.error().message().contains(errorContains), qPrintable(result.error().message()));
    }

    void clampToBudget_data()
    {
        QTest::addColumn<int>("connections");
        QTest::addColumn<int>("requests");
        QTest::addColumn<qint64>("budgetMiB");
        QTest::addColumn<int>("expectedConnections");
        QTest::addColumn<int>("expectedRequests");

        // 2 MiB per request in flight.
        QTest::newRow("fits") << 8 << 2 << qint64(256) << 8 << 2;
        QTest::newRow("pipelining lowered first") << 8 << 4 << qint64(32) << 8 << 2;
        QTest::newRow("pipelining to one") << 8 << 2 << qint64(16) << 8 << 1;
        QTest::newRow("connections lowered last") << 16 << 2 << qint64(16) << 8 << 1;
    }

    void clampToBudget()
    {
        QFETCH(int, connections);
        QFETCH(int, requests);
        QFETCH(qint64, budgetMiB);
        QFETCH(int, expectedConnections);
        QFETCH(int, expectedRequests);
        TransferSettings settings;
        settings.connections = connections;
        settings.requestsPerConnection = requests;
        settings.memoryBudget = budgetMiB << 20;
        QVERIFY(settings.validate());
        const EffectiveConcurrency effective = effectiveConcurrency(settings);
        QCOMPARE(effective.connections, expectedConnections);
        QCOMPARE(effective.requestsPerConnection, expectedRequests);
        QVERIFY(effective.connections * effective.requestsPerConnection <= settings.maxRequestsInFlight());
        QCOMPARE(effective.clampNote.isEmpty(), connections == expectedConnections && requests == expectedRequests);
    }

    void autoMaximumFollowsTheBudget_data()
    {
        QTest::addColumn<int>("requests");
        QTest::addColumn<qint64>("budgetMiB");
        QTest::addColumn<int>("maximum");

        // 2 MiB per request in flight; auto keeps the pipelining and lowers the maximum.
        QTest::newRow("the default budget holds 16") << 2 << qint64(256) << TransferSettings::autoMaxConnections;
        QTest::newRow("32 MiB: 8 connections x 2") << 2 << qint64(32) << 8;
        QTest::newRow("32 MiB: 4 connections x 4") << 4 << qint64(32) << 4;
        QTest::newRow("the minimum budget: 2 x 2") << 2 << qint64(8) << 2;
    }

    void autoMaximumFollowsTheBudget()
    {
        QFETCH(int, requests);
        QFETCH(qint64, budgetMiB);
        QFETCH(int, maximum);
        TransferSettings settings;
        settings.autoConnections = true;
        settings.connections = 3; // not used by auto
        settings.requestsPerConnection = requests;
        settings.memoryBudget = budgetMiB << 20;
        QVERIFY(settings.validate());
        QCOMPARE(settings.poolConnections(), TransferSettings::autoMaxConnections);
        const EffectiveConcurrency effective = effectiveConcurrency(settings);
        QCOMPARE(effective.connections, maximum);
        QCOMPARE(effective.requestsPerConnection, requests);
        QVERIFY(effective.connections * effective.requestsPerConnection <= settings.maxRequestsInFlight());
    }
};

QTEST_GUILESS_MAIN(TestTransferSettings)
#include "tst_transfersettings.moc"
