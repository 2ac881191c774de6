#pragma once

#include <QJsonObject>
#include <QString>

namespace Ferry {

// One thing an admin should know about a VM: a blocker stops its migration, a
// warning is reported and the migration goes on. Used by preflight now and by
// guest inspection later.
struct Finding
{
    enum class Severity { Info, Warning, Blocker };

    Severity severity = Severity::Warning;
    QString code;    // stable machine key, e.g. "snapshot", "rdm-disk"
    QString message; // one line for people, says what to do
    QString details; // technical details for the report

    QJsonObject toJson() const;
};

QString toString(Finding::Severity severity);

} // namespace Ferry
