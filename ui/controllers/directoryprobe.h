#pragma once

#include "target/outputdirectorystatus.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>

#include <optional>

class QThread;
class QTimer;

namespace Ferry {

// Checks an output directory (OutputDirectoryStatus::check: a probe file, free space, the
// per-VM folders of earlier runs) on a thread of its own, a short while after the last
// request: typing a path does not touch the file system on every keystroke, and a hung
// network mount never freezes the window.
//
// Thread affinity: GUI thread; checked() arrives there, only for the latest request
// (answers to older ones are dropped). A thread blocked in a hung mount cannot be
// stopped: it is left behind (it holds no pointer to the probe) and ends with the
// process or when the mount answers.
class DirectoryProbe : public QObject
{
    Q_OBJECT

public:
    explicit DirectoryProbe(QObject *parent = nullptr);
    ~DirectoryProbe() override;

    // Checks `delayMs` after the last call (the default: a typing pause).
    void check(const QString &path, const QStringList &vmNames, int delayMs = 300);
    // Drops the pending request and every answer still to come.
    void cancel();
    // A request has not been answered yet.
    bool isPending() const;
    // Checks at once and waits at most timeoutMs: std::nullopt when the directory does
    // not answer in time. For the final check on Next; blocks the calling thread.
    std::optional<OutputDirectoryStatus> checkNow(const QString &path, const QStringList &vmNames, int timeoutMs);

Q_SIGNALS:
    void checked(const QString &path, const Ferry::OutputDirectoryStatus &status);

private:
    void start();
    QThread *launch(const QString &path, const QStringList &vmNames, std::shared_ptr<OutputDirectoryStatus> result);
    void forget(QThread *thread);

    QTimer *m_delay;
    QString m_path;
    QStringList m_vmNames;
    quint64 m_generation = 0; // of the latest request; an answer for another is stale
    bool m_pending = false;
    QList<QThread *> m_threads;
    static constexpr qint64 kHungAfterMs = 3000; // a check this old is taken for hung
    QThread *m_running = nullptr;                // the background check (start()), at most one
    QElapsedTimer m_runningSince;
    bool m_startWhenIdle = false; // a request came while it ran
};

} // namespace Ferry
