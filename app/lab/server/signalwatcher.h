#pragma once

#include <QObject>

class QSocketNotifier;

namespace Ferry::Lab {

// Turns SIGTERM and SIGINT into a Qt signal on the main thread (self-pipe), and,
// when asked, the end of stdin too: a parent that dies closes our stdin pipe.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(bool watchStdin, QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void quitRequested();

private:
    void readSignal();
    void readStdin();

    QSocketNotifier *m_signalNotifier = nullptr;
    QSocketNotifier *m_stdinNotifier = nullptr;
};

} // namespace Ferry::Lab
