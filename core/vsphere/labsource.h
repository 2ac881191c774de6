#pragma once

#include "base/error.h"
#include "vsphere/sourceendpoint.h"

#include <QObject>
#include <QStringList>

#include <optional>

class QProcess;
class QTimer;

namespace Ferry {

// Starts the built-in lab source: a ferry-lab child process on 127.0.0.1 with a
// random port and a random password (passed through FERRY_LAB_PASSWORD, never argv),
// and turns its ready line into a SourceEndpoint that pins the lab's certificate.
//
// Lifetime: the child lives as long as this object. The destructor sends SIGTERM,
// waits up to 3 s, then kills and reaps it. The child also quits by itself when this
// process dies (it watches its stdin pipe), so a crash leaves no lab behind.
// Thread affinity: use from one thread; start() is asynchronous; startAndWait()
// blocks and is meant for the CLI or a worker thread, never the GUI thread.
class LabSource : public QObject
{
    Q_OBJECT

public:
    explicit LabSource(QObject *parent = nullptr);
    ~LabSource() override;

    // The ferry-lab executable; default: findProgram().
    void setProgram(const QString &path);
    // Extra ferry-lab arguments, e.g. {"--error-503-every", "5"} (tests).
    void setExtraArguments(const QStringList &arguments);
    // --data-dir for the lab (default: ferry-lab's own default cache directory).
    void setDataDirectory(const QString &path);
    // How long start() waits for the ready line (the first start builds guest images).
    void setTimeout(int msecs);

    void start();
    Result<SourceEndpoint> startAndWait(int msecs);
    // Blocks up to 2 x 3 s for the child to end: for destructors, the CLI and tests.
    void stop();
    // Does not block (for the GUI thread): SIGTERM now, SIGKILL after the grace time;
    // the child is reaped when it ends, at the latest when this object is destroyed.
    void stopAsync();

    bool isReady() const;
    SourceEndpoint endpoint() const;
    qint64 processId() const;
    // The last lines the lab wrote to stderr (bounded), for error details.
    QString stderrTail() const;

    // ferry-lab next to the running executable, else the one on $PATH; empty if none.
    static QString findProgram();

Q_SIGNALS:
    void ready(const Ferry::SourceEndpoint &endpoint);
    void failed(const Ferry::Error &error);

private:
    void readStdout();
    void readStderr();
    void processFinished();
    void timedOut();
    void reportFailure(const Error &error);
    bool parseReadyLine(const QByteArray &line);

    QProcess *m_process = nullptr;
    QString m_program;
    QStringList m_extraArguments;
    QString m_dataDirectory;
    int m_timeoutMs = 300000;
    QString m_password;
    QByteArray m_stdout;
    QByteArray m_stderrTail;
    SourceEndpoint m_endpoint;
    bool m_ready = false;
    bool m_failed = false;
    QTimer *m_timer = nullptr;
    std::optional<Error> m_error;
};

} // namespace Ferry
