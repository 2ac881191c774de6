#include "datastore/folderhandler.h"
#include "datastore/labdatastore.h"
#include "faults/faultplan.h"
#include "laboptions.h"
#include "labserver.h"
#include "server/labauth.h"
#include "server/labstats.h"
#include "server/router.h"
#include "server/sessionstore.h"
#include "server/signalwatcher.h"
#include "server/tlscontext.h"
#include "vim25/labcatalog.h"
#include "vim25/labinventory.h"
#include "vim25/sdkhandler.h"

#include "base/version.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Ferry;
using namespace Ferry::Lab;

namespace {

int failWith(const Error &error, int code = 1)
{
    QTextStream(stderr) << "ferry-lab: " << error.toString() << '\n';
    return code;
}

void printReady(const LabServer &server, const TlsContext &tls)
{
    const QString host = server.serverAddress().protocol() == QAbstractSocket::IPv6Protocol
        ? u'[' + server.serverAddress().toString() + u']'
        : server.serverAddress().toString();
    // Written by hand: the key order is part of the contract and QJsonObject sorts keys.
    const QByteArray url = u"https://%1:%2"_s.arg(host).arg(server.serverPort()).toUtf8();
    const QByteArray line = R"({"event":"ready","url":")" + url + R"(","fingerprint":")" + tls.fingerprint().toLatin1() + "\"}\n";
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"ferry-lab"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(Ferry::versionString));

    int exitCode = -1;
    auto parsed = LabOptions::parse(QCoreApplication::arguments(), &exitCode);
    if (!parsed)
        return failWith(parsed.error(), 2);
    if (exitCode >= 0)
        return exitCode;
    const LabOptions &options = *parsed;
    if (options.anyPassword)
        QTextStream(stderr) << "ferry-lab: no --password-file and no FERRY_LAB_PASSWORD: any password is accepted for user '"
                            << options.user << "'\n";

    SignalWatcher signals(options.exitWithStdin);
    auto tls = TlsContext::loadOrCreate(options.dataDir);
    if (!tls)
        return failWith(tls.error());
    QList<LabVmSpec> vms = LabCatalog::vms(options.extraVms, options.benchDiskSize);
    for (const QString &spec : options.guestVms) {
        auto vm = LabCatalog::guestVm(spec);
        if (!vm)
            return failWith(vm.error(), 2);
        vms.append(*vm);
    }
    LabDatastore datastore(options.dataDir);
    if (auto prepared = datastore.prepare(vms, options.benchDiskSize); !prepared)
        return failWith(prepared.error());

    LabStats stats;
    SessionStore sessions(options.faults.sessionIdleTimeout, stats);
    FaultPlan faults(options.faults);
    LabAuth auth(options.user, options.password, options.anyPassword, sessions, stats);
    FolderHandler folder(QString::fromLatin1(LabCatalog::datacenter),
                         {{QString::fromLatin1(LabCatalog::datastore), datastore.datastoreRoot()}}, auth, faults, stats);
    const LabInventory inventory(vms, datastore.datastoreRoot());
    SdkHandler sdk(inventory, auth, stats, options.maxObjects);
    Router router(sdk, folder, stats, faults.options(), options.verbose);
    LabServer server((*tls)->context(), router, stats, options.maxConnections);
    if (!server.listen(options.host, options.port))
        return failWith(Error(ErrorCode::Network,
                              u"cannot listen on %1:%2: %3"_s.arg(options.host.toString()).arg(options.port).arg(server.errorString())));
    QObject::connect(&signals, &SignalWatcher::quitRequested, &app, &QCoreApplication::quit);
    printReady(server, **tls);

    const int result = QCoreApplication::exec();
    if (!server.stop()) {
        // A connection thread did not end; leaving now beats unwinding under it.
        std::fflush(stderr);
        ::_exit(result);
    }
    return result;
}
