#pragma once

#include <QByteArray>

#include <atomic>

namespace Ferry::Lab {

// Counters tests read through GET /lab/stats to count retries, drops and lies.
// Thread-safe: every connection thread bumps them with relaxed atomics.
class LabStats
{
public:
    std::atomic<qint64> connectionsAccepted{0};
    std::atomic<qint64> connectionsRefused{0};
    std::atomic<qint64> openConnections{0};
    std::atomic<qint64> sdkRequests{0};
    std::atomic<qint64> folderRequests{0};
    std::atomic<qint64> otherRequests{0};
    std::atomic<qint64> rangeRequests{0};
    std::atomic<qint64> responses401{0};
    std::atomic<qint64> responses503{0};
    std::atomic<qint64> drops{0};
    std::atomic<qint64> stalls{0};
    std::atomic<qint64> lies{0};
    std::atomic<qint64> bytesSent{0};
    std::atomic<qint64> folderBodyBytes{0};
    std::atomic<qint64> logins{0};
    std::atomic<qint64> loginFailures{0};
    std::atomic<qint64> sessionExpiries{0};

    // {"connections_accepted":..., ...} on one line.
    QByteArray toJson() const;
};

} // namespace Ferry::Lab
