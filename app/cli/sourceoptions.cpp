#include "sourceoptions.h"

#include "import/packagesource.h"
#include "process/secrets.h"
#include "vsphere/labsource.h"
#include "vsphere/sourceaddress.h"

#include <QFile>
#include <QTextStream>
#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace Ferry::Cli {

namespace {
// The first start builds the lab's guest images, which takes a while.
constexpr int labStartTimeoutMs = 300000;
}

SourceOptions::SourceOptions() = default;

SourceOptions::~SourceOptions() = default;

void SourceOptions::addTo(QCommandLineParser &parser)
{
    m_password.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({m_source, m_user, m_passwordFile, m_fingerprint, m_insecure, m_password});
}

Result<SourceEndpoint> SourceOptions::endpoint(const QCommandLineParser &parser, const ProfileSource &fallback) const
{
    auto chosen = choice(parser, fallback);
    if (!chosen)
        return std::unexpected(chosen.error());
    return resolve(*chosen, parser);
}

Result<ProfileSource> SourceOptions::choice(const QCommandLineParser &parser, const ProfileSource &fallback) const
{
    if (parser.isSet(m_password))
        return fail(ErrorCode::Usage, u"--password is not accepted; use --password-file FILE or FERRY_PASSWORD"_s);
    if (!parser.isSet(m_source) && !fallback.isSet())
        return fail(ErrorCode::Usage, u"--source URL is required, e.g. --source https://esxi.example.com"_s);
    if (parser.isSet(m_source) ? parser.value(m_source) == u"lab" : fallback.lab)
        return ProfileSource::fromEndpoint({}, true);
    if (parser.isSet(m_source) ? PackageSource::looksLikePackage(parser.value(m_source)) : fallback.isPackage())
        return packageChoice(parser, fallback);

    // A profile's host is the base; a lab profile gives nothing to a host given here.
    ProfileSource chosen = ProfileSource::fromEndpoint(fallback.lab ? SourceEndpoint() : fallback.endpoint);
    SourceEndpoint &endpoint = chosen.endpoint;
    if (parser.isSet(m_source)) {
        QString text = parser.value(m_source);
        if (!text.contains(u"://"))
            text.prepend(u"https://"_s);
        endpoint.url = QUrl(text, QUrl::StrictMode);
        if (!endpoint.url.isValid() || endpoint.url.host().isEmpty() || endpoint.url.scheme() != u"https")
            return fail(ErrorCode::Usage,
                        u"--source must be https://HOST[:PORT], got '%1'"_s.arg(addressWithoutPassword(parser.value(m_source))));
    }
    if (parser.isSet(m_user))
        endpoint.user = parser.value(m_user);
    if (auto trusted = applyTrust(parser, &endpoint); !trusted)
        return std::unexpected(trusted.error());
    // A file must never turn verification off on its own: only the command line can.
    if (endpoint.trust.mode() == TlsTrust::Mode::Insecure && !parser.isSet(m_insecure))
        return fail(ErrorCode::Usage,
                    u"the profile turns certificate verification off (\"trust\": \"insecure\"); "
                    u"add --insecure to accept that, or --fingerprint SHA256 to pin the certificate"_s);
    return chosen;
}

Result<ProfileSource> SourceOptions::packageChoice(const QCommandLineParser &parser, const ProfileSource &fallback) const
{
    if (!parser.isSet(m_source))
        return fallback;
    const QString path = PackageSource::pathFrom(parser.value(m_source));
    if (path.isEmpty())
        return fail(ErrorCode::Usage,
                    u"--source '%1' names no local file; give an .ova or .ovf path or a file:// URL"_s.arg(parser.value(m_source)));
    ProfileSource chosen;
    chosen.endpoint.url = QUrl::fromLocalFile(path);
    return chosen;
}

Result<SourceEndpoint> SourceOptions::resolve(const ProfileSource &choice, const QCommandLineParser &parser) const
{
    if (choice.lab)
        return labEndpoint();
    if (choice.isPackage())
        return choice.endpoint; // a file: no password, no certificate
    SourceEndpoint endpoint = choice.endpoint;
    if (parser.isSet(m_passwordFile)) {
        auto password = readPasswordFile(parser.value(m_passwordFile));
        if (!password)
            return std::unexpected(password.error());
        endpoint.password = *password;
    } else {
        endpoint.password = environmentPassword();
    }
    return endpoint;
}

Result<void> SourceOptions::applyTrust(const QCommandLineParser &parser, SourceEndpoint *endpoint) const
{
    if (parser.isSet(m_fingerprint) && parser.isSet(m_insecure))
        return fail(ErrorCode::Usage, u"--fingerprint and --insecure exclude each other"_s);
    if (parser.isSet(m_fingerprint)) {
        const QString fingerprint = TlsTrust::normalizeFingerprint(parser.value(m_fingerprint));
        if (fingerprint.isEmpty())
            return fail(ErrorCode::Usage, u"--fingerprint must be a SHA-256 fingerprint (64 hex digits, colons allowed)"_s);
        endpoint->trust = TlsTrust::pinned(fingerprint);
    } else if (parser.isSet(m_insecure)) {
        endpoint->trust = TlsTrust::insecure();
    }
    return {};
}

Result<SourceEndpoint> SourceOptions::labEndpoint() const
{
    if (!m_lab)
        m_lab = std::make_unique<LabSource>();
    if (m_lab->isReady())
        return m_lab->endpoint();
    auto endpoint = m_lab->startAndWait(labStartTimeoutMs);
    if (!endpoint)
        return std::unexpected(endpoint.error().prefixed(u"--source lab"_s));
    return endpoint;
}

QString SourceOptions::environmentPassword()
{
    static const QString password = Secrets::takeEnvironmentVariable("FERRY_PASSWORD");
    return password;
}

Result<QString> SourceOptions::readPasswordFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, u"cannot read the password file '%1': %2"_s.arg(path, file.errorString()));
    if (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        QTextStream(stderr) << u"ferry-cli: warning: the password file '%1' is readable by other users; chmod 600 it"_s.arg(path) << '\n';
    QByteArray line = file.readLine(64 * 1024);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

} // namespace Ferry::Cli
