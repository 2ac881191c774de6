#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Ferry {

// The verdict of one network preflight check. Worse statuses sort higher, so the
// worst of several is their maximum.
enum class CheckStatus { Skip, Pass, Warn, Fail };

// One finding of the network preflight, for the CLI table, --json and the wizard.
// details holds the measured numbers behind the summary (bytes, milliseconds, counts).
struct CheckResult
{
    QString id;    // stable machine name: "path-mtu", "range", "read-benchmark", ...
    QString title; // "Path MTU to the source"
    CheckStatus status = CheckStatus::Skip;
    QString summary; // one line: what was found
    QString advice;  // what to do about it; empty when nothing is needed
    QJsonObject details;

    QJsonObject toJson() const;
};

// "pass", "warn", "fail", "skip".
QString toString(CheckStatus status);

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::CheckResult)
