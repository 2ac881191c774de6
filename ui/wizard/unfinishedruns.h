#pragma once

#include "base/error.h"
#include "plan/profile.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Ferry {

// Migrations the wizard started, remembered across sessions so that the start page can
// offer to resume the ones that left resume journals behind (cancelled keeping the
// copied data, paused and closed, or killed). Each started run is a profile file
// (plan and source, no password) in <state>/runs/, where <state> is
// $XDG_STATE_HOME/ferry (default ~/.local/state/ferry); a run that ended with every VM
// migrated is forgotten.
//
// Only output-directory targets are found again (their journals sit next to the disks),
// and not runs from the built-in lab (a new URL every start, so its journals never match).
// Blocking file I/O on the calling thread (small files, local directories).
class UnfinishedRuns
{
public:
    struct Run
    {
        QString file; // the record
        Profile profile;
        QStringList vms; // VMs of the plan whose folders hold resume journals
        QDateTime started;
    };

    // <state>: the wizard's log files and run records live below it.
    static QString stateDirectory();
    // Remembers a run as it starts; returns the record's path.
    static Result<QString> record(const Profile &profile);
    static void forget(const QString &file);
    // Runs with journals left, newest first; one entry per output directory and VM set.
    static QList<Run> list();
};

} // namespace Ferry
