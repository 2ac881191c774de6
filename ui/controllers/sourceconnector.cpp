#include "sourceconnector.h"

#include "import/packagesource.h"
#include "vsphere/inventoryreader.h"
#include "vsphere/labsource.h"
#include "vsphere/soapsession.h"
#include "vsphere/truststore.h"
#include "wizard/wizardstate.h"

#include <QCoreApplication>
#include <QThreadPool>

#include <utility>

using namespace Qt::StringLiterals;

namespace Ferry {

SourceConnector::SourceConnector(WizardState *state, QObject *parent)
    : QObject(parent)
    , m_state(state)
{
}

// The session and reader are children: destroying them aborts their requests and drops
// their callbacks. A starting lab belongs to the state, which stops it.
SourceConnector::~SourceConnector() = default;

bool SourceConnector::isRunning() const
{
    return m_stage != Stage::Idle;
}

SourceConnector::Stage SourceConnector::stage() const
{
    return m_stage;
}

void SourceConnector::connectToHost(const SourceEndpoint &endpoint)
{
    if (isRunning())
        cancel();
    m_lab = false;
    m_retried = false;
    m_refusedFingerprint.clear();
    m_endpoint = endpoint;
    TrustStore store;
    if (auto loaded = store.load(); !loaded)
        Q_EMIT warned(tr("Remembered certificates could not be read: %1").arg(loaded.error().message()));
    const QString pinned = store.fingerprint(TrustStore::hostKey(endpoint.url));
    if (!pinned.isEmpty())
        m_endpoint.trust = TlsTrust::pinned(pinned);
    startSession(m_endpoint);
}

void SourceConnector::connectToLab()
{
    if (isRunning())
        cancel();
    m_lab = true;
    m_retried = false;
    m_refusedFingerprint.clear();
    LabSource *lab = m_state->lab();
    if (lab->isReady()) {
        labReady(lab->endpoint());
        return;
    }
    setStage(Stage::StartingLab);
    connect(lab, &LabSource::ready, this, &SourceConnector::labReady, Qt::UniqueConnection);
    connect(lab, &LabSource::failed, this, &SourceConnector::labFailed, Qt::UniqueConnection);
    lab->start(); // may report failed() at once, e.g. when ferry-lab is missing
}

void SourceConnector::connectToPackage(const QString &path)
{
    if (isRunning())
        cancel();
    m_lab = false;
    m_retried = false;
    m_refusedFingerprint.clear();
    m_endpoint = SourceEndpoint();
    m_endpoint.url = QUrl::fromLocalFile(path);
    setStage(Stage::ReadingInventory);
    const quint64 read = ++m_packageRead;
    QPointer<SourceConnector> self(this);
    QThreadPool::globalInstance()->start([self, read, path] {
        auto package = PackageSource::open(path);
        Result<Inventory> inventory = package ? Result<Inventory>((*package)->inventory()) : std::unexpected(package.error());
        QMetaObject::invokeMethod(
            qApp,
            [self, read, inventory] {
                if (self && self->m_packageRead == read && self->m_stage == Stage::ReadingInventory)
                    self->finishWith(inventory);
            },
            Qt::QueuedConnection);
    });
}

void SourceConnector::trustAndRetry()
{
    if (isRunning() || m_lab || m_refusedFingerprint.isEmpty())
        return;
    const QString fingerprint = std::exchange(m_refusedFingerprint, QString());
    TrustStore store;
    if (auto loaded = store.load(); !loaded)
        Q_EMIT warned(tr("Remembered certificates could not be read: %1").arg(loaded.error().message()));
    if (auto pinned = store.setFingerprint(TrustStore::hostKey(m_endpoint.url), fingerprint); !pinned) {
        Q_EMIT failed(pinned.error());
        return;
    }
    // Not remembering the certificate costs a question next time; the connection goes on.
    if (auto saved = store.save(); !saved)
        Q_EMIT warned(tr("The certificate is trusted for now but could not be remembered: %1").arg(saved.error().message()));
    m_endpoint.trust = TlsTrust::pinned(fingerprint);
    m_retried = true;
    startSession(m_endpoint);
}

void SourceConnector::cancel()
{
    if (!isRunning())
        return;
    if (m_stage == Stage::StartingLab) {
        disconnectLab();
        // A half-started lab may be building guest images for minutes: stop it.
        m_state->lab()->stopAsync(); // never blocks the GUI thread
    }
    releaseSession();
    ++m_packageRead;
    setStage(Stage::Idle);
    Q_EMIT cancelled();
}

void SourceConnector::startSession(const SourceEndpoint &endpoint)
{
    releaseSession();
    setStage(Stage::LoggingIn);
    m_session = new SoapSession(endpoint, this);
    SoapSession *session = m_session;
    m_session->connectToHost([this, session](Result<ServiceContent> content) {
        if (session != m_session)
            return;
        if (!content)
            finishWith(std::unexpected(content.error()));
        else
            readInventory();
    });
}

void SourceConnector::readInventory()
{
    setStage(Stage::ReadingInventory);
    m_reader = new InventoryReader(m_session, this);
    InventoryReader *reader = m_reader;
    connect(m_reader, &InventoryReader::finished, this, [this, reader](const Result<Inventory> &result) {
        if (reader == m_reader)
            finishWith(result);
    });
    m_reader->start();
}

void SourceConnector::finishWith(const Result<Inventory> &result)
{
    const QByteArray cookie = m_session ? m_session->sessionCookie() : QByteArray();
    releaseSession();
    setStage(Stage::Idle);
    if (!result) {
        const Error &error = result.error();
        if (error.code() == ErrorCode::TrustRefused && !m_lab && !m_retried && !error.details().isEmpty()) {
            m_refusedFingerprint = error.details();
            Q_EMIT certificateRefused(TrustStore::hostKey(m_endpoint.url), m_refusedFingerprint, m_endpoint.trust.pinnedFingerprint());
            return;
        }
        Q_EMIT failed(error);
        return;
    }
    m_state->setSource(m_endpoint, m_lab);
    m_state->setInventory(*result, cookie);
    Q_EMIT connected();
}

void SourceConnector::labReady(const SourceEndpoint &endpoint)
{
    disconnectLab();
    if (!m_lab)
        return;
    m_endpoint = endpoint;
    startSession(endpoint);
}

void SourceConnector::labFailed(const Error &error)
{
    disconnectLab();
    if (m_stage != Stage::StartingLab)
        return;
    setStage(Stage::Idle);
    Q_EMIT failed(error);
}

void SourceConnector::disconnectLab()
{
    LabSource *lab = m_state->lab();
    disconnect(lab, &LabSource::ready, this, &SourceConnector::labReady);
    disconnect(lab, &LabSource::failed, this, &SourceConnector::labFailed);
}

// Called from inside the session's and reader's own callbacks, hence deleteLater; the
// callbacks compare against m_session/m_reader, so a late answer of a released
// session is ignored.
void SourceConnector::releaseSession()
{
    if (m_reader) {
        m_reader->disconnect(this);
        m_reader->deleteLater();
        m_reader = nullptr;
    }
    if (m_session) {
        m_session->deleteLater();
        m_session = nullptr;
    }
}

void SourceConnector::setStage(Stage stage)
{
    if (m_stage == stage)
        return;
    m_stage = stage;
    Q_EMIT stageChanged(stage);
}

} // namespace Ferry
