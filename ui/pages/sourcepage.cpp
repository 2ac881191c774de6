#include "sourcepage.h"

#include "controllers/keyringpassword.h"
#include "controllers/sourceconnector.h"
#include "widgets/fingerprintdialog.h"
#include "wizard/wizardstate.h"

#include "import/packagesource.h"
#include "vsphere/sourceaddress.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {
const QString labKey = u"lab"_s;

// The port the host field names ("esxi1:8443", "https://esxi1:8443/"), or 0 when it names none.
int portNamedIn(const QString &text)
{
    const auto one = parseSourceAddress(text, 1);
    const auto two = parseSourceAddress(text, 2);
    return one && two && one->port() == two->port() ? one->port() : 0;
}
} // namespace

SourcePage::SourcePage(WizardState *state, QWidget *parent)
    : QWizardPage(parent)
    , m_state(state)
    , m_connector(new SourceConnector(state, this))
    , m_keyring(new KeyringPassword(this))
{
    setObjectName(u"sourcePage"_s);
    setTitle(tr("Source"));
    setSubTitle(tr("Connect to the VMware ESXi host or vCenter that runs the virtual machines."));
    buildForm();
    buildConnectRow();

    connect(m_connector, &SourceConnector::stageChanged, this, &SourcePage::showStage);
    connect(m_connector, &SourceConnector::connected, this, &SourcePage::showConnected);
    connect(m_connector, &SourceConnector::failed, this,
            [this](const Error &error) { showError(tr("Not connected: %1").arg(error.message()), error.details()); });
    connect(m_connector, &SourceConnector::cancelled, this, [this] { showStatus(tr("Connection cancelled; not connected.")); });
    connect(m_connector, &SourceConnector::certificateRefused, this, &SourcePage::askAboutCertificate);
    connect(m_connector, &SourceConnector::warned, this, &SourcePage::showNotice);
    connect(m_keyring, &KeyringPassword::failed, this, &SourcePage::showNotice);
    // Reading is only an offer: no notice on a host edit, the reason where it matters.
    connect(m_keyring, &KeyringPassword::unavailable, this,
            [this](const QString &message) { m_rememberCheck->setToolTip(m_rememberCheck->toolTip() + u"\n"_s + message); });
    connect(m_keyring, &KeyringPassword::passwordRead, this, [this](const QString &key, const QString &password) {
        if (key != keyringKey() || !m_passwordEdit->text().isEmpty())
            return;
        m_passwordEdit->setText(password);
        m_rememberCheck->setChecked(true);
    });
    connect(m_state, &WizardState::inventoryChanged, this, &QWizardPage::completeChanged);
    showStatus({});
    updateControls();
}

void SourcePage::buildForm()
{
    auto *layout = new QVBoxLayout(this);
    m_esxiRadio = new QRadioButton(tr("&VMware ESXi or vCenter"), this);
    m_esxiRadio->setObjectName(u"esxiRadio"_s);
    m_esxiRadio->setChecked(true);
    m_labRadio = new QRadioButton(tr("Built-in &lab (demo source)"), this);
    m_labRadio->setObjectName(u"labRadio"_s);
    m_labRadio->setToolTip(tr("A local ESXi imitation with a few small Linux VMs, to try Ferry without a real host."));
    layout->addWidget(m_esxiRadio);

    auto *form = new QFormLayout;
    m_hostEdit = new QLineEdit(this);
    m_hostEdit->setObjectName(u"hostEdit"_s);
    m_hostEdit->setPlaceholderText(tr("esxi01.example.com, 10.0.0.5:443 or https://vcenter.example.com"));
    m_portSpin = new QSpinBox(this);
    m_portSpin->setObjectName(u"portSpin"_s);
    m_portSpin->setRange(1, 65535);
    m_portSpin->setValue(443);
    m_portSpin->setToolTip(tr("Used when the host field names no port."));
    m_userEdit = new QLineEdit(this);
    m_userEdit->setObjectName(u"userEdit"_s);
    m_userEdit->setPlaceholderText(tr("root, or administrator@vsphere.local for vCenter"));
    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(u"passwordEdit"_s);
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_rememberCheck = new QCheckBox(tr("Remember password in the system &keyring"), this);
    m_rememberCheck->setObjectName(u"rememberCheck"_s);
    m_rememberCheck->setToolTip(tr("The password is stored only in the system keyring, never in a file or profile."));
    form->addRow(tr("&Host:"), m_hostEdit);
    form->addRow(tr("P&ort:"), m_portSpin);
    form->addRow(tr("&User:"), m_userEdit);
    form->addRow(tr("Pass&word:"), m_passwordEdit);
    form->addRow(QString(), m_rememberCheck);
    layout->addLayout(form);
    buildPackageRow(layout);
    layout->addWidget(m_labRadio);

    for (QLineEdit *edit : {m_hostEdit, m_userEdit, m_passwordEdit})
        connect(edit, &QLineEdit::textEdited, this, &SourcePage::fieldsEdited);
    connect(m_portSpin, &QSpinBox::valueChanged, this, &SourcePage::fieldsEdited);
    connect(m_esxiRadio, &QRadioButton::toggled, this, &SourcePage::fieldsEdited);
    connect(m_passwordEdit, &QLineEdit::returnPressed, this, &SourcePage::startConnect);
    connect(m_userEdit, &QLineEdit::editingFinished, this, &SourcePage::readRememberedPassword);
    connect(m_hostEdit, &QLineEdit::editingFinished, this, &SourcePage::readRememberedPassword);
    // "host:port" in the host field wins: the Port field shows that port, greyed out.
    connect(m_hostEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        const int port = portNamedIn(text);
        if (port > 0) {
            const QSignalBlocker blocker(m_portSpin);
            m_portSpin->setValue(port);
        }
        m_portSpin->setEnabled(m_hostEdit->isEnabled() && port == 0);
    });
}

void SourcePage::buildPackageRow(QVBoxLayout *layout)
{
    m_packageRadio = new QRadioButton(tr("&OVA/OVF file (an exported appliance)"), this);
    m_packageRadio->setObjectName(u"packageRadio"_s);
    m_packageRadio->setToolTip(tr("An .ova file or the .ovf of an OVF directory, as vSphere, ovftool or VirtualBox export them."));
    m_packageEdit = new QLineEdit(this);
    m_packageEdit->setObjectName(u"packageEdit"_s);
    m_packageEdit->setPlaceholderText(tr("/srv/appliances/web.ova"));
    m_browseButton = new QPushButton(tr("&Browse…"), this);
    m_browseButton->setObjectName(u"browseButton"_s);
    auto *row = new QHBoxLayout;
    row->addSpacing(20);
    row->addWidget(m_packageEdit, 1);
    row->addWidget(m_browseButton);
    layout->addWidget(m_packageRadio);
    layout->addLayout(row);
    connect(m_packageEdit, &QLineEdit::textEdited, this, &SourcePage::fieldsEdited);
    connect(m_packageEdit, &QLineEdit::returnPressed, this, &SourcePage::startConnect);
    connect(m_packageRadio, &QRadioButton::toggled, this, &SourcePage::fieldsEdited);
    connect(m_browseButton, &QPushButton::clicked, this, &SourcePage::browseForPackage);
}

void SourcePage::browseForPackage()
{
    auto *dialog = new QFileDialog(this, tr("Open an OVA or OVF package"), QFileInfo(m_packageEdit->text()).absolutePath(),
                                   tr("OVA/OVF packages (*.ova *.ovf);;All files (*)"));
    dialog->setObjectName(u"packageDialog"_s);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
        m_packageEdit->setText(file);
        fieldsEdited();
        startConnect();
    });
    dialog->open(); // window-modal, returns at once: the GUI thread keeps running
}

void SourcePage::buildConnectRow()
{
    auto *row = new QHBoxLayout;
    m_connectButton = new QPushButton(tr("&Connect"), this);
    m_connectButton->setObjectName(u"connectButton"_s);
    m_cancelButton = new QPushButton(tr("C&ancel"), this);
    m_cancelButton->setObjectName(u"cancelButton"_s);
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(u"busyBar"_s);
    m_busyBar->setRange(0, 0); // busy indicator: the steps have no measurable progress
    m_busyBar->setTextVisible(false);
    row->addWidget(m_connectButton);
    row->addWidget(m_cancelButton);
    row->addWidget(m_busyBar, 1);
    auto *outer = static_cast<QVBoxLayout *>(layout());
    outer->addSpacing(12);
    outer->addLayout(row);
    buildStatusArea();

    connect(m_connectButton, &QPushButton::clicked, this, &SourcePage::startConnect);
    connect(m_cancelButton, &QPushButton::clicked, m_connector, &SourceConnector::cancel);
}

// One status line (progress, result or error) with the error's details behind a
// button, and a notice line for what does not stop the connection (keyring, trust store).
void SourcePage::buildStatusArea()
{
    auto *outer = static_cast<QVBoxLayout *>(layout());
    auto *statusRow = new QHBoxLayout;
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(u"statusLabel"_s);
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setWordWrap(true);
    m_detailsButton = new QToolButton(this);
    m_detailsButton->setObjectName(u"detailsButton"_s);
    m_detailsButton->setText(tr("&Details"));
    m_detailsButton->setCheckable(true);
    statusRow->addWidget(m_statusLabel, 1);
    statusRow->addWidget(m_detailsButton);
    outer->addLayout(statusRow);
    m_detailsView = new QPlainTextEdit(this);
    m_detailsView->setObjectName(u"detailsView"_s);
    m_detailsView->setReadOnly(true);
    m_detailsView->setMaximumHeight(120);
    m_detailsView->hide();
    outer->addWidget(m_detailsView);
    m_noticeLabel = new QLabel(this);
    m_noticeLabel->setObjectName(u"noticeLabel"_s);
    m_noticeLabel->setTextFormat(Qt::PlainText);
    m_noticeLabel->setWordWrap(true);
    m_noticeLabel->hide();
    outer->addWidget(m_noticeLabel);
    outer->addStretch(1);
    connect(m_detailsButton, &QToolButton::toggled, m_detailsView, &QWidget::setVisible);
}

void SourcePage::initializePage()
{
    m_prefilling = true;
    const SourceEndpoint &endpoint = m_state->endpoint();
    const bool package = !m_state->isLab() && endpoint.url.isLocalFile();
    m_labRadio->setChecked(m_state->isLab());
    m_packageRadio->setChecked(package);
    m_esxiRadio->setChecked(!m_state->isLab() && !package);
    if (package)
        m_packageEdit->setText(endpoint.url.toLocalFile());
    if (!m_state->isLab() && !endpoint.url.host().isEmpty()) {
        m_hostEdit->setText(endpoint.url.host());
        m_portSpin->setValue(endpoint.url.port(443));
        m_userEdit->setText(endpoint.user);
        m_passwordEdit->setText(endpoint.password);
    }
    if (m_userEdit->text().isEmpty())
        m_userEdit->setText(u"root"_s);
    m_prefilling = false;
    // Coming back to the page: the inventory in the state belongs to these values.
    m_connectedKey = m_state->hasInventory() ? fieldsKey() : QString();
    updateControls();
    readRememberedPassword();
    Q_EMIT completeChanged();
}

void SourcePage::cleanupPage()
{
    // Going back keeps the typed values (QWizardPage would reset registered fields).
    m_connector->cancel();
}

bool SourcePage::isComplete() const
{
    return !m_connector->isRunning() && m_state->hasInventory() && !m_connectedKey.isEmpty() && m_connectedKey == fieldsKey();
}

bool SourcePage::validatePage()
{
    return isComplete();
}

void SourcePage::startConnect()
{
    if (m_connector->isRunning())
        return;
    m_detailsView->clear();
    m_detailsButton->setChecked(false);
    if (m_labRadio->isChecked()) {
        m_pendingKey = labKey;
        m_connector->connectToLab();
        return;
    }
    if (m_packageRadio->isChecked()) {
        const QString path = m_packageEdit->text().trimmed();
        if (path.isEmpty()) {
            showError(tr("Choose an .ova file or the .ovf of an OVF directory."), {});
            m_packageEdit->setFocus();
            return;
        }
        m_pendingKey = fieldsKey();
        m_connector->connectToPackage(PackageSource::pathFrom(path));
        return;
    }
    const auto url = parseSourceAddress(m_hostEdit->text(), m_portSpin->value());
    if (!url) {
        showError(tr("Check the host: %1").arg(url.error().message()), {});
        m_hostEdit->setFocus();
        return;
    }
    if (m_userEdit->text().trimmed().isEmpty()) {
        showError(tr("Enter the user name to log in with."), {});
        m_userEdit->setFocus();
        return;
    }
    SourceEndpoint endpoint{*url, m_userEdit->text().trimmed(), m_passwordEdit->text(), TlsTrust::system()};
    // A profile may carry the fingerprint accepted for this host; the TrustStore wins.
    const SourceEndpoint &known = m_state->endpoint();
    if (!m_state->isLab() && known.url.host() == url->host() && known.url.port(443) == url->port(443))
        endpoint.trust = known.trust;
    m_pendingKey = fieldsKey();
    if (endpoint.trust.mode() == TlsTrust::Mode::Insecure) {
        askAboutInsecureTrust(endpoint); // a profile never turns verification off on its own
        return;
    }
    m_connector->connectToHost(endpoint);
}

void SourcePage::askAboutInsecureTrust(const SourceEndpoint &endpoint)
{
    const QString host = endpoint.url.host();
    showStatus(tr("Waiting for your decision about certificate verification for %1.").arg(host));
    auto *question = new QMessageBox(QMessageBox::Warning, tr("Certificate verification is off"),
                                     tr("The profile turns certificate verification off for %1, so anyone on the way "
                                        "could pose as the host and read the password. Connect without verifying "
                                        "the certificate?")
                                         .arg(host),
                                     QMessageBox::Yes | QMessageBox::No, this);
    question->setObjectName(u"insecureTrustQuestion"_s);
    question->setDefaultButton(QMessageBox::No);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::finished, this, [this, question, endpoint] {
        SourceEndpoint chosen = endpoint;
        // No: verify as usual; an unknown certificate is then asked about as always.
        if (question->clickedButton() != question->button(QMessageBox::Yes))
            chosen.trust = TlsTrust::system();
        m_connector->connectToHost(chosen);
    });
    question->open(); // window-modal, returns at once: the GUI thread keeps running
}

void SourcePage::fieldsEdited()
{
    if (m_prefilling)
        return;
    if (!m_connectedKey.isEmpty() && m_connectedKey != fieldsKey()) {
        m_connectedKey.clear();
        showStatus({});
        m_state->clearInventory();
    }
    updateControls();
    Q_EMIT completeChanged();
}

void SourcePage::updateControls()
{
    const bool running = m_connector->isRunning();
    const bool esxi = m_esxiRadio->isChecked();
    for (QWidget *field : std::initializer_list<QWidget *>{m_hostEdit, m_portSpin, m_userEdit, m_passwordEdit, m_rememberCheck})
        field->setEnabled(esxi && !running);
    m_packageEdit->setEnabled(m_packageRadio->isChecked() && !running);
    m_browseButton->setEnabled(m_packageRadio->isChecked() && !running);
    m_portSpin->setEnabled(m_portSpin->isEnabled() && portNamedIn(m_hostEdit->text()) == 0);
    m_esxiRadio->setEnabled(!running);
    m_labRadio->setEnabled(!running);
    m_packageRadio->setEnabled(!running);
    m_connectButton->setEnabled(!running);
    m_cancelButton->setVisible(running);
    m_busyBar->setVisible(running);
}

void SourcePage::showStage()
{
    updateControls();
    switch (m_connector->stage()) {
    case SourceConnector::Stage::Idle:
        break;
    case SourceConnector::Stage::StartingLab:
        showStatus(tr("Starting the built-in lab. The first start builds its guest images and may take a few minutes."));
        break;
    case SourceConnector::Stage::LoggingIn:
        showStatus(m_labRadio->isChecked() ? tr("Logging in to the lab…") : tr("Logging in to %1…").arg(m_hostEdit->text().trimmed()));
        break;
    case SourceConnector::Stage::ReadingInventory:
        showStatus(m_packageRadio->isChecked() ? tr("Reading the package…") : tr("Reading the inventory…"));
        break;
    }
    Q_EMIT completeChanged();
}

void SourcePage::showConnected()
{
    m_connectedKey = m_pendingKey;
    const Inventory &inventory = m_state->inventory();
    const QString host = inventory.host.fullName.isEmpty() ? m_state->endpoint().url.host() : inventory.host.fullName;
    showStatus(tr("Connected to %1: %n virtual machine(s).", nullptr, int(inventory.vms.size())).arg(host));
    if (m_esxiRadio->isChecked())
        rememberPassword();
    updateControls();
    Q_EMIT completeChanged();
}

void SourcePage::showError(const QString &message, const QString &details)
{
    m_statusLabel->setText(message);
    m_statusLabel->setToolTip(details);
    m_detailsView->setPlainText(details);
    m_detailsButton->setVisible(!details.isEmpty());
    if (details.isEmpty())
        m_detailsButton->setChecked(false);
}

void SourcePage::showStatus(const QString &message)
{
    showError(message, {});
}

void SourcePage::askAboutCertificate(const QString &hostKey, const QString &fingerprint, const QString &previousFingerprint)
{
    showStatus(tr("Waiting for your decision about the certificate of %1.").arg(hostKey));
    auto *dialog = new FingerprintDialog(hostKey, fingerprint, previousFingerprint, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, m_connector, &SourceConnector::trustAndRetry);
    connect(dialog, &QDialog::rejected, this, [this] { showStatus(tr("Certificate refused; not connected.")); });
    dialog->open(); // window-modal, returns at once: the GUI thread keeps running
}

void SourcePage::rememberPassword()
{
    const QString key = keyringKey();
    if (m_rememberCheck->isChecked())
        m_keyring->write(key, m_state->endpoint().password);
    else
        m_keyring->remove(key);
}

void SourcePage::readRememberedPassword()
{
    if (!m_esxiRadio->isChecked() || !m_passwordEdit->text().isEmpty() || m_userEdit->text().trimmed().isEmpty())
        return;
    if (!parseSourceAddress(m_hostEdit->text(), m_portSpin->value()))
        return;
    m_keyring->read(keyringKey());
}

void SourcePage::showNotice(const QString &message)
{
    m_noticeLabel->setText(message);
    m_noticeLabel->setVisible(!message.isEmpty());
}

QString SourcePage::fieldsKey() const
{
    if (m_labRadio->isChecked())
        return labKey;
    if (m_packageRadio->isChecked())
        return u"package"_s + QChar(0) + m_packageEdit->text().trimmed();
    return QStringList{m_hostEdit->text().trimmed(), QString::number(m_portSpin->value()), m_userEdit->text().trimmed(),
                       m_passwordEdit->text()}
        .join(QChar(0));
}

QString SourcePage::keyringKey() const
{
    const auto url = parseSourceAddress(m_hostEdit->text(), m_portSpin->value());
    return url ? KeyringPassword::keyFor(m_userEdit->text().trimmed(), *url) : QString();
}

} // namespace Ferry
