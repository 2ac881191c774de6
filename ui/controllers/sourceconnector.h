#pragma once

#include "base/error.h"
#include "vsphere/inventory.h"
#include "vsphere/sourceendpoint.h"

#include <QObject>
#include <QPointer>

namespace Ferry {

class InventoryReader;
class SoapSession;
class WizardState;

// Connects the wizard to its source: (lab: start the built-in ferry-lab and wait for
// it) -> SOAP login -> read the inventory -> WizardState::setSource + setInventory.
//
// Trust for a host: the fingerprint pinned in the TrustStore for its host:port, else
// the endpoint's own trust (system CAs, or a profile's pinned fingerprint). An
// untrusted certificate ends in certificateRefused(); the caller asks the user and
// calls trustAndRetry() (pins it in the TrustStore, saves it, connects once more) or
// leaves it (nothing is pinned, nothing is connected). The lab's trust comes pinned
// from the lab itself.
//
// Thread affinity: GUI thread; everything is asynchronous (QNetworkAccessManager and
// QProcess signals), nothing blocks except cancel() while a half-started lab is
// stopped (LabSource::stop(), up to a few seconds). Each connect ends in exactly one
// of connected(), certificateRefused(), failed() or cancelled(). The session is
// not logged out on success: its cookie serves the /folder reads of the migration.
class SourceConnector : public QObject
{
    Q_OBJECT

public:
    enum class Stage { Idle, StartingLab, LoggingIn, ReadingInventory };
    Q_ENUM(Stage)

    explicit SourceConnector(WizardState *state, QObject *parent = nullptr);
    ~SourceConnector() override;

    // endpoint.url from parseSourceAddress(); endpoint.trust is used unless the
    // TrustStore pins a fingerprint for the host.
    void connectToHost(const SourceEndpoint &endpoint);
    void connectToLab();
    // An OVA file or the .ovf of an OVF directory: the package is read on a worker thread
    // (a compressed OVA is decompressed once to find its entries), then connected() as for
    // a host; there is no session and no certificate.
    void connectToPackage(const QString &path);
    // After certificateRefused(): pins the refused fingerprint for the host (saved in
    // the TrustStore) and connects once more. Ignored at any other time.
    void trustAndRetry();
    void cancel();

    bool isRunning() const;
    Stage stage() const;

Q_SIGNALS:
    void stageChanged(Ferry::SourceConnector::Stage stage);
    // The state holds the endpoint and the inventory now.
    void connected();
    // previousFingerprint: what was pinned before (the certificate changed), or empty.
    void certificateRefused(const QString &hostKey, const QString &fingerprint, const QString &previousFingerprint);
    void failed(const Ferry::Error &error);
    void cancelled();
    // Something went wrong that does not stop the connection (e.g. the trust store
    // could not be saved); one translated line.
    void warned(const QString &message);

private:
    void startSession(const SourceEndpoint &endpoint);
    void readInventory();
    void finishWith(const Result<Inventory> &result);
    void labReady(const SourceEndpoint &endpoint);
    void labFailed(const Error &error);
    void disconnectLab();
    void releaseSession();
    void setStage(Stage stage);

    WizardState *m_state;
    Stage m_stage = Stage::Idle;
    bool m_lab = false;
    bool m_retried = false;
    quint64 m_packageRead = 0; // counts package reads: a cancelled read's late answer is dropped
    SourceEndpoint m_endpoint;
    QString m_refusedFingerprint;
    SoapSession *m_session = nullptr;
    InventoryReader *m_reader = nullptr;
};

} // namespace Ferry
