#include "fingerprintdialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Ferry {

FingerprintDialog::FingerprintDialog(const QString &hostKey, const QString &fingerprint, const QString &previousFingerprint,
                                     QWidget *parent)
    : QDialog(parent)
    , m_hostKey(hostKey)
    , m_fingerprint(fingerprint)
{
    setObjectName(u"fingerprintDialog"_s);
    setWindowTitle(tr("Unknown certificate"));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(previousFingerprint.isEmpty()
                                 ? tr("The certificate of %1 is not signed by an authority this system trusts. "
                                      "ESXi hosts usually have such self-signed certificates.")
                                       .arg(hostKey.toHtmlEscaped())
                                 : tr("<b>The certificate of %1 changed.</b> It is not the one you trusted before. "
                                      "Trust the new one only if the host was reinstalled or its certificate renewed.")
                                       .arg(hostKey.toHtmlEscaped()),
                             this);
    intro->setTextFormat(Qt::RichText);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *fingerprintLabel = new QLabel(twoLines(fingerprint), this);
    fingerprintLabel->setObjectName(u"fingerprintLabel"_s);
    fingerprintLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    fingerprintLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    layout->addWidget(new QLabel(tr("SHA-256 fingerprint:"), this));
    layout->addWidget(fingerprintLabel);
    if (!previousFingerprint.isEmpty()) {
        auto *previous = new QLabel(twoLines(previousFingerprint), this);
        previous->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        previous->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        layout->addWidget(new QLabel(tr("Trusted before:"), this));
        layout->addWidget(previous);
    }

    auto *advice = new QLabel(tr("Compare it with the fingerprint shown on the host's console or in its web client "
                                 "before you trust it. Ferry remembers a trusted certificate for this host."),
                              this);
    advice->setWordWrap(true);
    layout->addWidget(advice);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *trust = buttons->addButton(tr("&Trust and connect"), QDialogButtonBox::AcceptRole);
    trust->setObjectName(u"trustButton"_s);
    QPushButton *refuse = buttons->addButton(tr("&Refuse"), QDialogButtonBox::RejectRole);
    refuse->setObjectName(u"refuseButton"_s);
    refuse->setDefault(true);
    refuse->setFocus();
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString FingerprintDialog::hostKey() const
{
    return m_hostKey;
}

QString FingerprintDialog::fingerprint() const
{
    return m_fingerprint;
}

// 32 bytes as "AB:CD:..." are 95 characters; two lines of 16 bytes read and compare
// more easily and keep the dialog narrow.
QString FingerprintDialog::twoLines(const QString &fingerprint)
{
    const qsizetype half = fingerprint.size() / 2;
    if (fingerprint.size() < 48 || fingerprint.at(half) != u':')
        return fingerprint;
    return fingerprint.left(half) + u'\n' + fingerprint.mid(half + 1);
}

} // namespace Ferry
