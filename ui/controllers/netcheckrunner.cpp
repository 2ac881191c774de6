#include "netcheckrunner.h"

#include <QThread>

namespace Ferry {

NetcheckRunner::NetcheckRunner(QObject *parent)
    : QObject(parent)
{
}

NetcheckRunner::~NetcheckRunner()
{
    cancel();
    join();
}

void NetcheckRunner::start(const NetCheckSource &target, const NetCheckOptions &options)
{
    if (isRunning())
        return;
    join();
    m_cancel = false;
    // Results hop to the GUI thread through queued lambdas bound to this object: if it
    // is destroyed first, the destructor has joined the thread and Qt drops them.
    m_thread = QThread::create([this, target, options] {
        NetCheckSuite suite(
            options,
            [this](const CheckResult &check) {
                QMetaObject::invokeMethod(
                    this, [this, check] { Q_EMIT checkFinished(check); }, Qt::QueuedConnection);
            },
            &m_cancel);
        suite.runPathChecks(target.endpoint);
        const auto ran = suite.runDiskChecks(target);
        const QString error = ran ? QString() : ran.error().message();
        QMetaObject::invokeMethod(
            this,
            [this, error] {
                join();
                Q_EMIT finished(error);
            },
            Qt::QueuedConnection);
    });
    m_thread->start();
}

void NetcheckRunner::cancel()
{
    m_cancel = true;
}

bool NetcheckRunner::isRunning() const
{
    return m_thread && !m_thread->isFinished();
}

void NetcheckRunner::join()
{
    if (!m_thread)
        return;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

} // namespace Ferry
