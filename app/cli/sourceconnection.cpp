#include "sourceconnection.h"

#include "exitcode.h"
#include "import/packagesource.h"
#include "vsphere/inventoryreader.h"
#include "vsphere/soapsession.h"

#include <QEventLoop>
#include <QTextStream>

#include <optional>

namespace Ferry::Cli {

SourceConnection::SourceConnection(const SourceEndpoint &endpoint)
{
    if (endpoint.url.isLocalFile())
        m_packagePath = endpoint.url.toLocalFile();
    else
        m_session = std::make_unique<SoapSession>(endpoint);
}

SourceConnection::~SourceConnection()
{
    if (!m_session || !m_session->isLoggedIn())
        return;
    // A failed logout changes nothing that was done; the session idles out on the host.
    QEventLoop loop;
    bool done = false;
    m_session->logout([&](Result<void>) {
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
}

Result<Inventory> SourceConnection::readInventory(int pageSize)
{
    if (!m_session) {
        auto package = PackageSource::open(m_packagePath);
        if (!package)
            return std::unexpected(package.error());
        m_package = std::move(*package);
        return m_package->inventory();
    }
    InventoryReader reader(m_session.get());
    reader.setPageSize(pageSize);
    QEventLoop loop;
    std::optional<Result<Inventory>> result;
    QObject::connect(&reader, &InventoryReader::finished, &loop, [&](const Result<Inventory> &inventory) {
        result = inventory;
        loop.quit();
    });
    reader.start();
    if (!result) // a reader may fail before its first network round trip
        loop.exec();
    return *result;
}

QByteArray SourceConnection::sessionCookie() const
{
    return m_session ? m_session->sessionCookie() : QByteArray();
}

const PackageSource *SourceConnection::package() const
{
    return m_package.get();
}

int reportError(const Error &error)
{
    QTextStream err(stderr);
    if (error.code() == ErrorCode::TrustRefused) {
        err << "ferry-cli: " << error.message() << "; its SHA-256 fingerprint is " << error.details() << '\n'
            << "ferry-cli: if you trust this certificate, re-run with --fingerprint " << error.details() << '\n';
        return ExitTrustRefused;
    }
    err << "ferry-cli: " << error.toString() << '\n';
    return error.code() == ErrorCode::Usage ? ExitUsage : ExitFailure;
}

} // namespace Ferry::Cli
