#pragma once

#include <QWizardPage>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace Ferry {

class KeyringPassword;
class SourceConnector;
struct SourceEndpoint;
class WizardState;

// Page 2: where the VMs come from. An ESXi host or vCenter (host, port, user,
// password, optionally remembered in the system keyring), an OVA/OVF package (a file
// picker) or the built-in lab. Connect
// runs SourceConnector (asynchronous, cancellable) and asks about unknown certificates,
// and first asks whether to skip verification when a profile says "insecure".
// Complete once the inventory of exactly the current field values is in the state;
// editing a field afterwards clears the inventory.
class SourcePage : public QWizardPage
{
    Q_OBJECT

public:
    explicit SourcePage(WizardState *state, QWidget *parent = nullptr);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void buildForm();
    void buildPackageRow(QVBoxLayout *layout);
    void browseForPackage();
    void buildConnectRow();
    void buildStatusArea();
    void startConnect();
    void fieldsEdited();
    void updateControls();
    void showStage();
    void showConnected();
    void showError(const QString &message, const QString &details);
    void showStatus(const QString &message);
    void askAboutInsecureTrust(const SourceEndpoint &endpoint);
    void askAboutCertificate(const QString &hostKey, const QString &fingerprint, const QString &previousFingerprint);
    void rememberPassword();
    void readRememberedPassword();
    void showNotice(const QString &message);
    // What the current fields describe; the inventory is valid only for this value.
    QString fieldsKey() const;
    QString keyringKey() const;

    WizardState *m_state;
    SourceConnector *m_connector;
    KeyringPassword *m_keyring;
    QRadioButton *m_esxiRadio;
    QRadioButton *m_labRadio;
    QRadioButton *m_packageRadio;
    QLineEdit *m_packageEdit;
    QPushButton *m_browseButton;
    QLineEdit *m_hostEdit;
    QSpinBox *m_portSpin;
    QLineEdit *m_userEdit;
    QLineEdit *m_passwordEdit;
    QCheckBox *m_rememberCheck;
    QPushButton *m_connectButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_busyBar;
    QLabel *m_statusLabel;
    QToolButton *m_detailsButton;
    QPlainTextEdit *m_detailsView;
    QLabel *m_noticeLabel;
    QString m_connectedKey;
    QString m_pendingKey;
    bool m_prefilling = false;
};

} // namespace Ferry
