#pragma once

#include "fetch/throughputsample.h"
#include "plan/migrationreport.h"

#include <QElapsedTimer>
#include <QString>

namespace Ferry::Cli {

// Shows a migration's progress the way --progress asks:
//   bar   a one-line bar with rate and ETA on stderr (redrawn in place on a terminal)
//   json  one JSON object per line on stdout (progress, log, vm-finished events)
//   none  only the final per-VM lines
class ProgressPrinter
{
public:
    enum class Mode { Bar, Json, None };

    static bool parseMode(const QString &text, Mode *mode);
    explicit ProgressPrinter(Mode mode);

    void sample(const ThroughputSample &sample);
    void log(const QString &line);
    // A VM entered a step after its copy (finish, inspect, convert, define, boot, report):
    // json: {"event":"step","vm","step","elapsed_ms"}; bar: one line with the elapsed time.
    void step(const QString &vm, const QString &step);
    void vmFinished(const MigrationReport &report, const QString &reportPath);

    // "[#########-----------]  45%  1.2 GiB / 2.0 GiB  210.3 MB/s  ETA 0:04"
    static QString barLine(const ThroughputSample &sample, int width);
    // 65 -> "1:05", 3725 -> "1:02:05"
    static QString formatDuration(double seconds);

private:
    void clearBar();

    Mode m_mode;
    bool m_barShown = false;
    bool m_terminal = false;
    QElapsedTimer m_lastBar;
    QElapsedTimer m_clock; // since the printer was made: the steps' elapsed time
};

} // namespace Ferry::Cli
