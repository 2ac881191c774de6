#include "unfinishedruns.h"

#include "plan/profilefile.h"
#include "target/outputdirectorystatus.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QString runsDirectory()
{
    return UnfinishedRuns::stateDirectory() + u"/runs"_s;
}

} // namespace

QString UnfinishedRuns::stateDirectory()
{
    // As QStandardPaths does for the other locations: tests keep out of the real home.
    if (QStandardPaths::isTestModeEnabled())
        return QDir::homePath() + u"/.qttest/state/ferry"_s;
    const QString state = qEnvironmentVariable("XDG_STATE_HOME");
    return (state.isEmpty() ? QDir::homePath() + u"/.local/state"_s : state) + u"/ferry"_s;
}

Result<QString> UnfinishedRuns::record(const Profile &profile)
{
    if (!QDir().mkpath(runsDirectory()))
        return fail(ErrorCode::Io, u"cannot create %1"_s.arg(runsDirectory()));
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss-zzz"_s);
    const QString path = runsDirectory() + u"/run-"_s + stamp + u".json"_s;
    if (auto saved = ProfileFile::save(path, profile); !saved)
        return std::unexpected(saved.error());
    return path;
}

void UnfinishedRuns::forget(const QString &file)
{
    if (!file.isEmpty())
        QFile::remove(file);
}

QList<UnfinishedRuns::Run> UnfinishedRuns::list()
{
    QList<Run> runs;
    QSet<QString> seen;
    const QFileInfoList files
        = QDir(runsDirectory()).entryInfoList({u"run-*.json"_s}, QDir::Files, QDir::Name | QDir::Reversed); // newest first
    for (const QFileInfo &file : files) {
        auto profile = ProfileFile::load(file.absoluteFilePath());
        // The built-in lab gets a new port every start, and a journal names its source URL:
        // such a copy cannot be resumed in another session.
        if (!profile || profile->plan.target.kind != TargetSpec::Kind::Directory || profile->source.lab)
            continue;
        if (!QFileInfo::exists(profile->plan.target.path)) {
            QFile::remove(file.absoluteFilePath()); // its output directory is gone: nothing to resume, ever
            continue;
        }
        Run run;
        run.file = file.absoluteFilePath();
        run.profile = *profile;
        run.vms = OutputDirectoryStatus::unfinishedVms(profile->plan.target.path, profile->plan.vmNames);
        run.started = file.birthTime().isValid() ? file.birthTime() : file.lastModified();
        const QString key = profile->plan.target.path + u'\n' + run.vms.join(u'\n');
        if (run.vms.isEmpty() || seen.contains(key))
            continue;
        seen.insert(key);
        runs << run;
    }
    return runs;
}

} // namespace Ferry
