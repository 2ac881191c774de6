#pragma once

#include "base/error.h"
#include "plan/profile.h"
#include "vsphere/sourceendpoint.h"

#include <QCommandLineParser>

#include <memory>

namespace Ferry {
class LabSource;
}

namespace Ferry::Cli {

// The options every command that talks to a source shares:
//   --source URL  --user NAME  --password-file FILE  (or FERRY_PASSWORD)
//   --fingerprint SHA256 | --insecure
// A password is never accepted as an argument.
// "--source x.ova" (or x.ovf, or file:///...) reads an OVA/OVF package; user, password
// and trust options are then ignored.
// "--source lab" starts the built-in lab source (a ferry-lab child process) that
// lives as long as this object; user, password and trust options are then ignored.
// A profile's source can stand in for the options: each option given overrides its
// field (--source the URL or the lab, --user, --fingerprint/--insecure the trust), and
// --source may then be left out. The password always comes from the options.
class SourceOptions
{
public:
    SourceOptions();
    ~SourceOptions();

    void addTo(QCommandLineParser &parser);
    // Builds the endpoint from parsed options over the profile's source; a Usage error
    // names the bad option. For the lab it blocks until the lab is ready (the CLI has no
    // GUI thread). Same as resolve(choice(parser, fallback), parser).
    Result<SourceEndpoint> endpoint(const QCommandLineParser &parser, const ProfileSource &fallback = {}) const;
    // The source the options choose over fallback, without password and without starting
    // the lab: what a profile saves.
    Result<ProfileSource> choice(const QCommandLineParser &parser, const ProfileSource &fallback = {}) const;
    // The endpoint for a choice: starts the lab, or adds the password from
    // --password-file or FERRY_PASSWORD.
    Result<SourceEndpoint> resolve(const ProfileSource &choice, const QCommandLineParser &parser) const;

    // Reads a password from the first line of a file (the newline is dropped); warns on
    // stderr when group or others may read the file.
    static Result<QString> readPasswordFile(const QString &path);
    // FERRY_PASSWORD, taken out of the environment by the first call (main makes it
    // before any thread or child starts), so no child inherits it.
    static QString environmentPassword();

private:
    Result<SourceEndpoint> labEndpoint() const;
    Result<ProfileSource> packageChoice(const QCommandLineParser &parser, const ProfileSource &fallback) const;
    Result<void> applyTrust(const QCommandLineParser &parser, SourceEndpoint *endpoint) const;

    // Started on demand by the const endpoint(); owned for the command's lifetime.
    mutable std::unique_ptr<LabSource> m_lab;
    QCommandLineOption m_source{QStringLiteral("source"),
                                QStringLiteral("ESXi or vCenter URL, https://HOST[:PORT], 'lab' for the built-in lab, or an "
                                               "OVA/OVF package: a path ending in .ova or .ovf, or a file:// URL."),
                                QStringLiteral("URL")};
    QCommandLineOption m_user{QStringLiteral("user"), QStringLiteral("User name."), QStringLiteral("NAME")};
    QCommandLineOption m_passwordFile{QStringLiteral("password-file"),
                                      QStringLiteral("File whose first line is the password (or set FERRY_PASSWORD)."),
                                      QStringLiteral("FILE")};
    QCommandLineOption m_fingerprint{QStringLiteral("fingerprint"), QStringLiteral("Trust the certificate with this SHA-256 fingerprint."),
                                     QStringLiteral("SHA256")};
    QCommandLineOption m_insecure{QStringLiteral("insecure"), QStringLiteral("Do not verify the server certificate (not recommended).")};
    QCommandLineOption m_password{QStringLiteral("password"),
                                  QStringLiteral("Refused: passwords on the command line leak into ps and shell history."),
                                  QStringLiteral("PASSWORD")};
};

} // namespace Ferry::Cli
