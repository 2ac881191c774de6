#pragma once

#include <QDialog>

namespace Ferry {

// Asks whether to trust a certificate nobody vouched for: shows the host and the
// certificate's SHA-256 fingerprint ("AB:CD:...") to compare with the host's console,
// and warns when it replaces a fingerprint trusted before. Accepted = "Trust and
// connect", rejected = "Refuse" (the default button, so Enter never trusts by accident).
// The dialog only asks; the caller pins the fingerprint.
class FingerprintDialog : public QDialog
{
    Q_OBJECT

public:
    FingerprintDialog(const QString &hostKey, const QString &fingerprint, const QString &previousFingerprint, QWidget *parent = nullptr);

    QString hostKey() const;
    QString fingerprint() const;

private:
    static QString twoLines(const QString &fingerprint);

    QString m_hostKey;
    QString m_fingerprint;
};

} // namespace Ferry
