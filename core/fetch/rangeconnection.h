#pragma once

#include "base/error.h"
#include "chunktask.h"
#include "rangeresponseparser.h"
#include "vsphere/tlstrust.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>

class QSslError;
class QSslSocket;

namespace Ferry {

class RangeScheduler;
class SinkWriter;
class ThroughputMeter;

// One persistent HTTPS/1.1 connection fetching byte ranges of -flat.vmdk files, with
// up to maxRequests GETs pipelined. A minimal client of its own instead of
// QNetworkAccessManager, so the engine controls exactly how many TCP connections
// exist (ESXi throttles each one), never gets HTTP/2, bounds its buffers and checks
// every response strictly (RangeResponseParser).
//
// Thread affinity: lives on one FetchWorker thread and is driven by it (pump(),
// checkTimers()). Body bytes go synchronously into the task's ChunkProcessor with that
// thread's SinkWriter, so while the sink is busy this connection reads nothing and
// TCP flow control slows the server down; the socket's read buffer is bounded.
//
// Failures never escape as errors: every task goes back to the scheduler with what
// happened (complete, retry, throttled, requeue, failDisk), and host-wide failures
// (trust refused, credentials rejected, no connection possible) are reported as fatal.
//
// Progress: about once a second, and whenever a task leaves the connection (a pause, a
// cancel, a broken connection), the writer is drained and the chunk's written prefix goes
// to the disk's ChunkRecorder (ChunkRecorder::chunkProgress), so a pause or a crash keeps
// what arrived, not only whole chunks.
class RangeConnection final : public QObject
{
    Q_OBJECT

public:
    using Clock = std::chrono::steady_clock;
    using WriterLookup = std::function<Result<SinkWriter *>(const TransferDisk &disk)>;

    struct Config
    {
        int id = 0; // index in the pool and in the meter
        QString host;
        quint16 port = 443;
        TlsTrust trust = TlsTrust::system();
        QByteArray authorization; // "Basic ...", sent on every request
        QByteArray cookie;        // "vmware_soap_session=..." or empty
        int maxRequests = 2;
        qint64 readBufferBytes = 1 << 20; // socket buffer plus scratch buffer, per connection
        std::chrono::milliseconds stallTimeout = std::chrono::seconds(30);
        std::chrono::milliseconds connectTimeout = std::chrono::seconds(20);
        int maxConnectFailures = 5; // in a row, then this connection gives up
    };

    // scheduler and meter are shared with other threads (both thread-safe) and must
    // outlive the connection; cancelled is the engine's flag.
    RangeConnection(Config config, RangeScheduler &scheduler, ThroughputMeter &meter, WriterLookup writers,
                    const std::atomic<bool> &cancelled, QObject *parent = nullptr);
    // Gives every task it holds back to the scheduler.
    ~RangeConnection() override;

    // Connects when there is work and fills the pipeline. Cheap; called often.
    void pump();
    // Stall and connect deadlines; called by the worker's periodic tick.
    void checkTimers(Clock::time_point now);
    // The worker thread was blocked (a slow sink): the silence was ours, not the server's.
    void forgiveSilence(Clock::time_point now);
    // Closes the socket and gives every task back.
    void shutdown();
    bool hasGivenUp() const;
    int requestsInFlight() const;
    // TCP connections that completed a TLS handshake so far.
    int connectionsMade() const;

private:
    enum class State { Idle, Connecting, Ready, Stopped };
    struct InFlight
    {
        std::unique_ptr<ChunkTask> task;
        bool withCookie = false;
        bool admitted = false; // the server answered 206 and body bytes arrived
    };
    enum class Drop { Retry, Requeue };

    void connectSocket();
    void onEncrypted();
    void onSslErrors(const QList<QSslError> &errors);
    void onSocketError();
    void onReadyRead();
    bool consume(QByteArrayView data);
    bool deliver(QByteArrayView body);
    bool finishResponse();
    void finishPartialContent(std::unique_ptr<ChunkTask> task);
    void handleStatus(InFlight request, int status);
    Error statusError(int status, const ChunkTask &task) const;
    void fillPipeline();
    void sendRequest(std::unique_ptr<ChunkTask> task);
    void dropConnection(const Error &error, Drop front);
    void connectFailed(const Error &error);
    void teardownSocket();
    void giveBack(std::unique_ptr<ChunkTask> task, const Error *error);
    // A second passed since the task's drained prefix was last reported, and it grew.
    bool progressDue(const ChunkTask &task) const;
    // The task's written prefix is drained: reports it to the disk's ChunkRecorder.
    void reportProgress(ChunkTask &task);
    Result<SinkWriter *> writerFor(const ChunkTask &task);
    QString describe(const ChunkTask &task) const;

    Config m_config;
    RangeScheduler &m_scheduler;
    ThroughputMeter &m_meter;
    WriterLookup m_writers;
    const std::atomic<bool> &m_cancelled;
    QByteArray m_hostHeader;
    State m_state = State::Idle;
    QSslSocket *m_socket = nullptr; // child; replaced on every reconnect
    RangeResponseParser m_parser;
    std::deque<InFlight> m_inFlight; // front: the response being read
    QByteArray m_readBuffer;
    QString m_refusedFingerprint;
    Clock::time_point m_lastActivity;
    Clock::time_point m_frontSince; // when the front request's answer became the next one due
    Clock::time_point m_connectStarted;
    Clock::time_point m_reconnectAt;
    int m_connectFailures = 0;
    int m_connectionsMade = 0;
    bool m_gaveUp = false;
};

} // namespace Ferry
