#pragma once

#include "base/error.h"
#include "faults/faultoptions.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace Ferry::Lab {

// Everything ferry-lab was asked to do, parsed from its command line and environment.
// The password never comes from argv: --password-file or FERRY_LAB_PASSWORD only.
struct LabOptions
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 0;
    QString user = QStringLiteral("root");
    QString password;
    bool anyPassword = false; // neither a file nor the variable gave a password
    QString dataDir;
    int maxObjects = 0; // caps RetrievePropertiesEx pages; 0 = no cap
    int extraVms = 0;
    qint64 benchDiskSize = 0;
    QStringList guestVms; // --guest-vm NAME=IMAGE[,IMAGE...][,efi], as given
    int maxConnections = 256;
    bool verbose = false;
    bool exitWithStdin = false; // quit when stdin reaches EOF (the parent died)
    FaultOptions faults;

    // Parses arguments (argv[0] first). On --help or --version it prints and sets *exitCode.
    static Result<LabOptions> parse(const QStringList &arguments, int *exitCode);
    // The default data directory: $XDG_CACHE_HOME/ferry-lab or ~/.cache/ferry-lab.
    static QString defaultDataDir();
};

} // namespace Ferry::Lab
