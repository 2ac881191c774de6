#pragma once

#include "base/error.h"
#include "netcheck/checkresult.h"
#include "netcheck/netchecksuite.h"

#include <QObject>

#include <atomic>

class QThread;

namespace Ferry {

// Runs a NetCheckSuite (pings, HTTP probes, a read benchmark: seconds of blocking work)
// on a thread of its own and reports each check as it completes.
//
// Thread affinity: lives on the GUI thread; signals arrive there. Destroying it cancels
// the run and joins the thread (the suite checks for cancellation between checks).
class NetcheckRunner : public QObject
{
    Q_OBJECT

public:
    explicit NetcheckRunner(QObject *parent = nullptr);
    ~NetcheckRunner() override;

    // Ignored while a run is going on. target.cookie may be empty (Basic auth is sent).
    void start(const NetCheckSource &target, const NetCheckOptions &options);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void checkFinished(const Ferry::CheckResult &check);
    // error is empty on success; a TrustRefused or other error stops the run.
    void finished(const QString &error);

private:
    void join();

    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
};

} // namespace Ferry
