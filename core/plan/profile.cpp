#include "profile.h"

#include "profilejsonreader.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

const QString formatTag = u"ferry-profile"_s;

QString readableVersions()
{
    if (Profile::oldestVersion == Profile::version)
        return u"version %1"_s.arg(Profile::version);
    return u"versions %1 to %2"_s.arg(Profile::oldestVersion).arg(Profile::version);
}

// Format and version come first: a newer file may hold keys this Ferry does not know,
// and its version is the message that helps then, not the first unknown key.
Result<void> checkHeader(const QJsonObject &object)
{
    const QJsonValue format = object.value(u"format"_s);
    if (format.isUndefined())
        return fail(ErrorCode::Usage, u"not a Ferry profile: it has no \"format\": \"%1\""_s.arg(formatTag));
    if (format.toString() != formatTag) {
        const QString found = QString::fromUtf8(QJsonDocument(QJsonArray{format}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
        return fail(ErrorCode::Usage, u"not a Ferry profile: \"format\" is %1, expected \"%2\""_s.arg(found, formatTag));
    }
    const QJsonValue version = object.value(u"version"_s);
    const double number = version.toDouble(-1);
    if (!version.isDouble() || std::trunc(number) != number)
        return fail(ErrorCode::Usage,
                    u"the profile has no whole-number \"version\"; this Ferry reads profile %1"_s.arg(readableVersions()));
    // Printed as a double: a hand-written 1e80 does not fit any integer type.
    const QString found = QString::number(number, 'g', 17);
    if (number > Profile::version)
        return fail(
            ErrorCode::Usage,
            u"profile version %1 is newer than this Ferry reads (profile %2); open it with a newer Ferry, or save the choices as a new profile with this one"_s
                .arg(found, readableVersions()));
    if (number < Profile::oldestVersion)
        return fail(ErrorCode::Usage,
                    u"profile version %1 is older than this Ferry reads (profile %2); save the choices again with this Ferry"_s.arg(
                        found, readableVersions()));
    return {};
}

QString trustName(TlsTrust::Mode mode)
{
    switch (mode) {
    case TlsTrust::Mode::Pinned:
        return u"pinned"_s;
    case TlsTrust::Mode::Insecure:
        return u"insecure"_s;
    case TlsTrust::Mode::System:
        break;
    }
    return u"system"_s;
}

// Only scheme, host and port: user info could carry a password, a path means nothing here.
// A package source (file:///x.ova) keeps its path.
QUrl hostUrl(const QUrl &url)
{
    if (url.isLocalFile())
        return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

QJsonObject sourceJson(const ProfileSource &source)
{
    if (source.lab)
        return {{u"kind"_s, u"lab"_s}};
    if (source.isPackage())
        return {{u"kind"_s, u"package"_s}, {u"path"_s, source.endpoint.url.toLocalFile()}};
    const TlsTrust &trust = source.endpoint.trust;
    QJsonObject object{{u"kind"_s, u"host"_s},
                       {u"url"_s, hostUrl(source.endpoint.url).toString()},
                       {u"user"_s, source.endpoint.user},
                       {u"trust"_s, trustName(trust.mode())}};
    if (trust.mode() == TlsTrust::Mode::Pinned)
        object.insert(u"fingerprint"_s, trust.pinnedFingerprint());
    return object;
}

void readTrust(ProfileJsonReader &source, SourceEndpoint *endpoint)
{
    QString mode = u"system"_s;
    QString fingerprint;
    source.read(u"trust"_s, &mode);
    source.read(u"fingerprint"_s, &fingerprint);
    if (mode == u"pinned") {
        const QString normalized = TlsTrust::normalizeFingerprint(fingerprint);
        if (normalized.isEmpty())
            source.failAt(u"fingerprint"_s,
                          u"must be a SHA-256 fingerprint (64 hex digits, colons allowed) when \"trust\" is \"pinned\""_s);
        endpoint->trust = TlsTrust::pinned(normalized);
    } else if (mode == u"system" || mode == u"insecure") {
        if (source.has(u"fingerprint"_s))
            source.failAt(u"fingerprint"_s, u"only goes with \"trust\": \"pinned\""_s);
        endpoint->trust = mode == u"system" ? TlsTrust::system() : TlsTrust::insecure();
    } else {
        source.failAt(u"trust"_s, u"must be \"system\", \"pinned\" or \"insecure\", not '%1'"_s.arg(mode));
    }
}

void readSource(ProfileJsonReader source, ProfileSource *out)
{
    if (!source.isPresent())
        return;
    QString kind = u"host"_s;
    source.read(u"kind"_s, &kind);
    if (kind == u"package") {
        source.rejectUnknown({u"kind"_s, u"path"_s});
        QString path;
        source.read(u"path"_s, &path);
        if (!QDir::isAbsolutePath(path))
            return source.failAt(u"path"_s, u"must be the absolute path of an .ova or .ovf file, not '%1'"_s.arg(path));
        out->endpoint.url = QUrl::fromLocalFile(QDir::cleanPath(path));
        return;
    }
    source.rejectUnknown({u"kind"_s, u"url"_s, u"user"_s, u"trust"_s, u"fingerprint"_s});
    if (kind == u"lab") {
        out->lab = true;
        return;
    }
    if (kind != u"host")
        return source.failAt(u"kind"_s, u"must be \"host\", \"lab\" or \"package\", not '%1'"_s.arg(kind));
    QString text;
    source.read(u"url"_s, &text);
    const QUrl url(text, QUrl::StrictMode);
    if (text.isEmpty() || !url.isValid() || url.scheme() != u"https" || url.host().isEmpty())
        source.failAt(u"url"_s, u"must be https://HOST[:PORT], not '%1'"_s.arg(text));
    else if (!url.userInfo().isEmpty())
        source.failAt(u"url"_s, u"must not hold a user or password; put the user in \"user\""_s);
    out->endpoint.url = hostUrl(url);
    source.read(u"user"_s, &out->endpoint.user);
    readTrust(source, &out->endpoint);
}

QJsonObject planJson(const MigrationPlan &plan)
{
    QJsonObject networks;
    for (auto it = plan.networkMap.begin(); it != plan.networkMap.end(); ++it)
        networks.insert(it.key(), it.value());
    QJsonObject object{
        {u"vms"_s, QJsonArray::fromStringList(plan.vmNames)},
        {u"disk_format"_s, plan.diskFormat},
        {u"network_map"_s, networks},
        {u"storage_pool"_s, plan.storagePool},
        {u"virt_type"_s, plan.virtType},
        {u"report_dir"_s, plan.reportDirectory},
        {u"tuning"_s,
         QJsonObject{{u"connections"_s, plan.transfer.autoConnections ? QJsonValue(u"auto"_s) : QJsonValue(plan.transfer.connections)},
                     {u"requests_per_connection"_s, plan.transfer.requestsPerConnection},
                     {u"chunk_size"_s, plan.transfer.chunkSize},
                     {u"memory_budget"_s, plan.transfer.memoryBudget}}},
        {u"flags"_s,
         QJsonObject{{u"verify"_s, plan.verify},
                     {u"inspect"_s, plan.inspect},
                     {u"convert"_s, plan.convert},
                     {u"start"_s, plan.startDomain},
                     {u"allow_powered_on"_s, plan.allowCrashConsistent},
                     {u"shutdown_source"_s, plan.shutdownSource}}},
    };
    // An unset target (the wizard before its target page) is left out rather than
    // written as "dir:", which nothing could read back.
    if (!plan.target.path.isEmpty() || !plan.target.uri.isEmpty())
        object.insert(u"target"_s, plan.target.toString());
    // Only written when used, so profiles without overrides stay as they were.
    if (!plan.stagingDirectory.isEmpty())
        object.insert(u"staging_dir"_s, plan.stagingDirectory);
    if (plan.shutdownTimeoutSeconds != MigrationPlan().shutdownTimeoutSeconds)
        object.insert(u"shutdown_timeout"_s, plan.shutdownTimeoutSeconds);
    if (plan.bootTimeoutSeconds != 0)
        object.insert(u"boot_timeout"_s, plan.bootTimeoutSeconds);
    if (!plan.virtioWin.isEmpty())
        object.insert(u"virtio_win"_s, plan.virtioWin);
    if (!plan.diskPools.isEmpty()) {
        QJsonObject diskPools;
        for (auto it = plan.diskPools.begin(); it != plan.diskPools.end(); ++it)
            diskPools.insert(it.key(), it.value());
        object.insert(u"disk_pools"_s, diskPools);
    }
    return object;
}

void readTarget(ProfileJsonReader &root, TargetSpec *target)
{
    QString text;
    root.read(u"target"_s, &text);
    if (!root.has(u"target"_s) || root.error())
        return;
    auto parsed = TargetSpec::parse(text);
    if (parsed)
        *target = *parsed;
    else
        root.failAt(u"target"_s, u"must be dir:PATH or a libvirt URI such as qemu:///system, not '%1'"_s.arg(text));
}

void readPlan(ProfileJsonReader &root, MigrationPlan *plan)
{
    root.read(u"vms"_s, &plan->vmNames);
    readTarget(root, &plan->target);
    root.read(u"disk_format"_s, &plan->diskFormat);
    if (plan->diskFormat != u"raw" && plan->diskFormat != u"qcow2")
        root.failAt(u"disk_format"_s, u"must be \"raw\" or \"qcow2\", not '%1'"_s.arg(plan->diskFormat));
    root.read(u"network_map"_s, &plan->networkMap);
    root.read(u"storage_pool"_s, &plan->storagePool);
    root.read(u"disk_pools"_s, &plan->diskPools);
    root.read(u"virt_type"_s, &plan->virtType);
    if (!plan->virtType.isEmpty() && plan->virtType != u"kvm" && plan->virtType != u"qemu")
        root.failAt(u"virt_type"_s, u"must be \"kvm\", \"qemu\" or empty, not '%1'"_s.arg(plan->virtType));
    root.read(u"report_dir"_s, &plan->reportDirectory);
    root.read(u"staging_dir"_s, &plan->stagingDirectory);
    root.read(u"shutdown_timeout"_s, &plan->shutdownTimeoutSeconds);
    if (plan->shutdownTimeoutSeconds < 1 || plan->shutdownTimeoutSeconds > 86400)
        root.failAt(u"shutdown_timeout"_s, u"must be 1 to 86400 seconds, not %1"_s.arg(plan->shutdownTimeoutSeconds));
    root.read(u"boot_timeout"_s, &plan->bootTimeoutSeconds);
    if (plan->bootTimeoutSeconds < 0 || plan->bootTimeoutSeconds > 86400)
        root.failAt(u"boot_timeout"_s, u"must be 0 (automatic) to 86400 seconds, not %1"_s.arg(plan->bootTimeoutSeconds));
    root.read(u"virtio_win"_s, &plan->virtioWin);

    ProfileJsonReader tuning = root.child(u"tuning"_s);
    tuning.rejectUnknown({u"connections"_s, u"requests_per_connection"_s, u"chunk_size"_s, u"memory_budget"_s});
    if (tuning.isText(u"connections"_s, u"auto"_s))
        plan->transfer.autoConnections = true;
    else
        tuning.read(u"connections"_s, &plan->transfer.connections);
    tuning.read(u"requests_per_connection"_s, &plan->transfer.requestsPerConnection);
    tuning.readBytes(u"chunk_size"_s, &plan->transfer.chunkSize);
    tuning.readBytes(u"memory_budget"_s, &plan->transfer.memoryBudget);

    ProfileJsonReader flags = root.child(u"flags"_s);
    flags.rejectUnknown({u"verify"_s, u"inspect"_s, u"convert"_s, u"start"_s, u"allow_powered_on"_s, u"shutdown_source"_s});
    flags.read(u"verify"_s, &plan->verify);
    flags.read(u"inspect"_s, &plan->inspect);
    flags.read(u"convert"_s, &plan->convert);
    flags.read(u"start"_s, &plan->startDomain);
    flags.read(u"allow_powered_on"_s, &plan->allowCrashConsistent);
    flags.read(u"shutdown_source"_s, &plan->shutdownSource);
}

} // namespace

bool ProfileSource::isSet() const
{
    return lab || !endpoint.url.isEmpty();
}

bool ProfileSource::isPackage() const
{
    return !lab && endpoint.url.isLocalFile();
}

ProfileSource ProfileSource::fromEndpoint(const SourceEndpoint &endpoint, bool lab)
{
    ProfileSource source;
    source.lab = lab;
    if (!lab) {
        source.endpoint = endpoint;
        source.endpoint.password.clear();
        source.endpoint.url = hostUrl(endpoint.url);
    }
    return source;
}

QJsonObject Profile::toJson() const
{
    QJsonObject object = planJson(plan);
    object.insert(u"format"_s, formatTag);
    object.insert(u"version"_s, version);
    if (source.isSet())
        object.insert(u"source"_s, sourceJson(source));
    return object;
}

Result<Profile> Profile::fromJson(const QJsonObject &object)
{
    if (auto header = checkHeader(object); !header)
        return std::unexpected(header.error());
    ProfileJsonReader root(object);
    root.rejectUnknown({u"format"_s, u"version"_s, u"source"_s, u"vms"_s, u"target"_s, u"disk_format"_s, u"network_map"_s,
                        u"storage_pool"_s, u"disk_pools"_s, u"virt_type"_s, u"report_dir"_s, u"staging_dir"_s, u"shutdown_timeout"_s,
                        u"boot_timeout"_s, u"virtio_win"_s, u"tuning"_s, u"flags"_s});
    Profile profile;
    readSource(root.child(u"source"_s), &profile.source);
    readPlan(root, &profile.plan);
    if (const auto error = root.error())
        return std::unexpected(*error);
    if (auto tuning = profile.plan.transfer.validate(); !tuning)
        return std::unexpected(tuning.error().prefixed(u"\"tuning\""_s));
    return profile;
}

} // namespace Ferry
